// Connects the demo tenant to QuickBooks: a new emulator company through the OAuth consent flow,
// or (Intuit keys) a sandbox company the user picks in a browser from the management page.
import { connectionSchema } from '../../../api/schemas';
import { intuitRegistrationHelp, openInBrowser } from '../demo-sandbox';
import { connectEmulatorCompany } from '../stack/connect';
import type { Stack } from '../stack/launch';
import type { DemoArgs } from './args';
import type { DemoPlan } from './plan';

/** Returns the realm id of the company the tenant is connected to. */
export async function connectDemoTenant(
  stack: Stack,
  plan: DemoPlan,
  args: DemoArgs,
  pageLink: string,
  step: (text: string) => void,
): Promise<string> {
  const path = `/api/v1/tenants/${args.tenant}/qbo/connection`;
  if (stack.emulator) {
    const canadian = args.country === 'CA';
    step(
      `Connecting the tenant to a new ${canadian ? 'Canadian ' : ''}emulator company through the OAuth consent flow ...`,
    );
    const realmId = await connectEmulatorCompany(
      stack.api,
      stack.emulator,
      args.tenant,
      canadian ? 'Demo Rentals Canada (QuickBooks)' : 'Demo Rentals & Retail (QuickBooks)',
      canadian ? 'CA' : undefined,
    );
    const connection = await stack.api.json(connectionSchema, path);
    step(`Connected to "${connection.companyName}" (realm ${connection.realmId}).`);
    return realmId;
  }
  printConsentBox(plan, pageLink, stack.apiUrl);
  if (args.country === 'CA')
    step('--country CA: choose a Canadian sandbox company (the tenant has GST/HST/PST groups).');
  const opened = args['no-browser'] ? null : await openInBrowser(pageLink);
  step(
    opened
      ? `Opened the page with ${opened}; if no browser window appeared, open the link above.`
      : 'Open the link above in a browser (no browser was opened from here).',
  );
  const connection = await waitForConnection(stack, plan, path, args['connect-timeout']);
  step(`Connected to the QuickBooks company "${connection.companyName}" (realm ${connection.realmId}).`);
  return connection.realmId;
}

function printConsentBox(plan: DemoPlan, pageLink: string, apiUrl: string) {
  const rule = '━'.repeat(78);
  console.log(`
${rule}
  Connect a QuickBooks sandbox company. Open this page and press "Connect to QuickBooks":

    ${pageLink}

  Intuit asks you to sign in and choose a company: choose a SANDBOX company. Records are
  created in that company for real (customers, products, invoices, payments, refunds).
  Intuit then redirects to QBO_REDIRECT_URI = ${plan.api.qbo.redirectUri}
  (registered for your app's Development keys; this API answers it at ${apiUrl}).
${rule}
`);
}

/**
 * The sandbox connect: the real path a BPro user takes (the management page, its "Connect to
 * QuickBooks" button, Intuit's consent, our callback), in the user's browser. Polls the API's
 * connection status until the callback has stored the company; throws with what to check at
 * Intuit when it does not arrive in time.
 */
async function waitForConnection(stack: Stack, plan: DemoPlan, path: string, timeout: number) {
  const started = Date.now();
  for (;;) {
    const connection = await stack.api.json(connectionSchema, path);
    if (connection.status === 'connected' && connection.realmId) {
      process.stdout.write('\n');
      return { ...connection, realmId: connection.realmId };
    }
    const waited = Math.floor((Date.now() - started) / 1000);
    if (waited >= timeout) {
      process.stdout.write('\n');
      const help = intuitRegistrationHelp(plan.api.qbo.redirectUri, plan.api.port);
      throw new Error(`no QuickBooks connection arrived within ${timeout} s (--connect-timeout).\n${help}`);
    }
    process.stdout.write(
      `\r  Waiting for the QuickBooks consent in the browser ... ${waited} s of ${timeout} s (Ctrl-C stops)`.padEnd(
        100,
      ),
    );
    await new Promise((r) => setTimeout(r, 1000));
  }
}
