// `npm run demo`: the main job on embedded defaults. Brings up the local stack (Temporal dev
// server + Web UI, PostgreSQL or embedded PGlite, the QBO emulator, API + worker), seeds a demo
// tenant with generated BPro data, connects it to an emulator company through the real OAuth
// flow, applies settings, runs the initial sync with a progress bar, then keeps simulating BPro
// activity through signed hooks so records flow to QuickBooks in real time. Ctrl-C stops it all.
// With Intuit keys (QBO_ENVIRONMENT=sandbox) the same run connects a real sandbox company instead:
// no emulator; the user consents in a browser from the management page and the demo waits for
// the callback, then applies settings read from that company.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadApiConfig } from '../api/config';
import { signPageLink } from '../api/pages/access';
import { accountsSchema, connectionSchema, settingsViewSchema } from '../api/schemas';
import { ConfigError } from '../config/load';
import { createLogger } from '../config/logger';
import { deleteBproTenant, generateBproDataset, writeBproDataset } from '../db/bpro-generator';
import { openServiceDatabase } from '../db/open';
import { countLogByAction } from '../db/queries/sync-log';
import { resetTenantSyncState } from '../db/queries/tenants';
import { tenants } from '../db/schema';
import { loadWorkerConfig } from '../worker/config';
import { installRuntimeLogging } from '../worker/runtime-logging';
import { BproActivity } from './lib/bpro-activity';
import { ensureDemoEmulator, type DemoEmulator } from './lib/demo-emulator';
import {
  checkRedirectUri,
  chooseRefundAccount,
  intuitRegistrationHelp,
  openInBrowser,
} from './lib/demo-sandbox';
import { ensureLocalTemporal } from './lib/local-temporal';
import { startService } from './lib/service';
import { stopTenantWorkflows } from './lib/tenant-workflows';

const args = z
  .object({
    tenant: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - only'),
    seed: z.coerce.number().int(),
    size: z.enum(['tiny', 'small', 'demo', 'bench']).optional(),
    check: z.boolean(),
    'time-scale': z.coerce.number().min(1).max(600).optional(),
    'hook-interval': z.coerce.number().min(0.2),
    'connect-timeout': z.coerce.number().int().min(10).max(3600),
    'no-browser': z.boolean(),
  })
  .parse(
    parseArgs({
      options: {
        tenant: { type: 'string', default: 'demo' },
        seed: { type: 'string', default: '42' },
        size: { type: 'string' },
        check: { type: 'boolean', default: false },
        'time-scale': { type: 'string' },
        'hook-interval': { type: 'string', default: '3' },
        'connect-timeout': { type: 'string', default: '600' },
        'no-browser': { type: 'boolean', default: false },
      },
    }).values,
  );

const t0 = Date.now();
const step = (text: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${text}`);

let api: ReturnType<typeof loadApiConfig>;
let worker: ReturnType<typeof loadWorkerConfig>;
try {
  api = loadApiConfig();
  worker = loadWorkerConfig();
  // The demo's own output is the summary; the API logs only warnings unless LOG_LEVEL says otherwise.
  if (!process.env.LOG_LEVEL) api = { ...api, logLevel: 'warn' };
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
if (api.qbo.environment === 'production') {
  console.error(
    'The demo writes generated BPro records to the QuickBooks company it connects: it runs against the local emulator or an Intuit sandbox company, never QBO_ENVIRONMENT=production.',
  );
  process.exit(1);
}
/** Intuit keys in the environment: a real sandbox company, through the browser consent. */
const sandbox = api.qbo.environment === 'sandbox';
/**
 * Where the management page link points: the redirect URI's own origin when it is this API (so
 * the page's session cookie reaches the callback, which then returns to the page), else localhost.
 */
let pageOrigin: string | null = null;
if (sandbox) {
  const redirect = checkRedirectUri(api.qbo.redirectUri, api.port);
  if (!redirect.ok) {
    console.error(redirect.problem);
    process.exit(1);
  }
  if (redirect.note) console.log(redirect.note);
  else pageOrigin = new URL(api.qbo.redirectUri).origin;
}
// A sandbox company is real and keeps what the demo writes: a small tenant unless asked otherwise.
const size = args.size ?? (sandbox ? 'tiny' : 'small');
// Intuit's limits run on real time; only the emulator's clock can be sped up (also when it stands
// in for Intuit under QBO_TEST_INTUIT_BASE_URL, with the emulator's clock set to match).
const realIntuit = sandbox && !api.qbo.testIntuitBaseUrl;
const timeScale = realIntuit ? 1 : (args['time-scale'] ?? (sandbox ? 1 : 20));

// The demo prints its own summary; the SDK only speaks up for warnings and errors.
installRuntimeLogging('warn', createLogger('worker', 'warn'));

const cleanups: Array<() => Promise<void>> = [];
let stopping = false;
const shutdown = async (code: number) => {
  if (stopping) return;
  stopping = true;
  step('Stopping ...');
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error(String(e)));
  process.exit(code);
};
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

const bearer = { authorization: `Bearer ${api.apiToken}` };
async function callApi<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${api.port}${path}`, {
    ...init,
    headers: { ...bearer, 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    redirect: 'manual',
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T,
  };
}

/** A 2xx answer of the API, checked against the schema the route answers with. */
async function apiJson<S extends z.ZodType>(
  schema: S,
  path: string,
  init: RequestInit = {},
): Promise<z.infer<S>> {
  const res = await callApi<unknown>(path, init);
  if (res.status < 200 || res.status > 299)
    throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return schema.parse(res.body);
}

/**
 * The sandbox connect: the real path a BPro user takes (the management page, its "Connect to
 * QuickBooks" button, Intuit's consent, our callback), in the user's browser. Polls the API's
 * connection status until the callback has stored the company; throws with what to check at
 * Intuit when it does not arrive in time.
 */
async function waitForBrowserConsent(pageLink: string, apiUrl: string) {
  const rule = '━'.repeat(78);
  console.log(`
${rule}
  Connect a QuickBooks sandbox company. Open this page and press "Connect to QuickBooks":

    ${pageLink}

  Intuit asks you to sign in and choose a company: choose a SANDBOX company. Records are
  created in that company for real (customers, products, invoices, payments, refunds).
  Intuit then redirects to QBO_REDIRECT_URI = ${api.qbo.redirectUri}
  (registered for your app's Development keys; this API answers it at ${apiUrl}).
${rule}
`);
  const opened = args['no-browser'] ? null : await openInBrowser(pageLink);
  step(
    opened
      ? `Opened the page with ${opened}; if no browser window appeared, open the link above.`
      : 'Open the link above in a browser (no browser was opened from here).',
  );
  const path = `/api/v1/tenants/${args.tenant}/qbo/connection`;
  const timeout = args['connect-timeout'];
  const started = Date.now();
  for (;;) {
    const connection = await apiJson(connectionSchema, path);
    if (connection.status === 'connected' && connection.realmId) {
      process.stdout.write('\n');
      return { ...connection, realmId: connection.realmId };
    }
    const waited = Math.floor((Date.now() - started) / 1000);
    if (waited >= timeout) {
      process.stdout.write('\n');
      throw new Error(
        `no QuickBooks connection arrived within ${timeout} s (--connect-timeout).\n${intuitRegistrationHelp(api.qbo.redirectUri, api.port)}`,
      );
    }
    process.stdout.write(
      `\r  Waiting for the QuickBooks consent in the browser ... ${waited} s of ${timeout} s (Ctrl-C stops)`.padEnd(
        100,
      ),
    );
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function bar(done: number, total: number, width = 28): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

try {
  step(`Temporal: looking for a server at ${api.temporal.address} ...`);
  const temporal = await ensureLocalTemporal(api.temporal);
  cleanups.push(temporal.stop);
  step(
    temporal.startedHere
      ? `Temporal dev server started (${temporal.address}).`
      : `Using the Temporal server at ${temporal.address}.`,
  );

  step(
    api.databaseUrl
      ? 'PostgreSQL: DATABASE_URL, applying migrations ...'
      : 'PostgreSQL: embedded PGlite (.data/pglite), applying migrations ...',
  );
  const database = await openServiceDatabase(api.databaseUrl, { applicationName: 'qbo-sync-demo' });
  cleanups.push(database.close);

  let emulator: DemoEmulator | null = null;
  if (sandbox) {
    step(
      `QuickBooks: an Intuit sandbox company (QBO_CLIENT_ID is set)${api.qbo.testIntuitBaseUrl ? `, at QBO_TEST_INTUIT_BASE_URL=${api.qbo.testIntuitBaseUrl} standing in for Intuit (testing only)` : ''}. No emulator.`,
    );
    if (realIntuit && args['time-scale'] !== undefined)
      step("--time-scale only applies to the emulator: ignored (Intuit's limits run on real time).");
  } else {
    emulator = await ensureDemoEmulator(api.qbo, timeScale);
    cleanups.push(emulator.stop);
    step(
      `QBO emulator ${emulator.startedHere ? 'started' : 'found'} at ${emulator.url} (QBO's limits, time × ${timeScale}).`,
    );
  }

  step(
    `Seeding tenant "${args.tenant}" (generator seed ${args.seed}, size ${size}; its earlier demo state is reset) ...`,
  );
  await stopTenantWorkflows(api.temporal, args.tenant);
  await resetTenantSyncState(database.db, args.tenant);
  await database.db
    .insert(tenants)
    .values({ id: args.tenant, name: 'Demo Rentals & Retail', qboEnabled: true })
    .onConflictDoUpdate({ target: tenants.id, set: { qboEnabled: true, updatedAt: new Date() } });
  const today = new Date().toISOString().slice(0, 10);
  const dataset = generateBproDataset({ tenantId: args.tenant, seed: args.seed, size, today });
  await deleteBproTenant(database.db, args.tenant);
  await writeBproDataset(database.db, dataset);

  step('Starting the API and the worker ...');
  const service = await startService(api, worker, database.db, {
    rateLimits: { timeScale },
  });
  cleanups.push(service.stop);
  const pageLink = `${pageOrigin ?? service.apiUrl}${signPageLink(api.apiToken, args.tenant, { ttlSeconds: 8 * 3600 })}`;

  let realmId: string;
  if (emulator) {
    step('Connecting the tenant to a new emulator company through the OAuth consent flow ...');
    const realm = (await (
      await emulator.control('POST', '/realms', { companyName: 'Demo Rentals & Retail (QuickBooks)' })
    ).json()) as { realmId: string };
    const start = await callApi<{ authorizeUrl: string }>(
      `/api/v1/tenants/${args.tenant}/qbo/connect?format=json`,
    );
    const consentUrl = new URL(start.body.authorizeUrl);
    consentUrl.searchParams.set('realmId', realm.realmId);
    const consent = await fetch(consentUrl, { redirect: 'manual' });
    const callback = await fetch(consent.headers.get('location') ?? '', { redirect: 'manual' });
    if (callback.status !== 200)
      throw new Error(`OAuth callback answered ${callback.status}: ${await callback.text()}`);
    const connection = await apiJson(connectionSchema, `/api/v1/tenants/${args.tenant}/qbo/connection`);
    step(`Connected to "${connection.companyName}" (realm ${connection.realmId}).`);
    realmId = realm.realmId;
  } else {
    const connection = await waitForBrowserConsent(pageLink, service.apiUrl);
    step(`Connected to the QuickBooks company "${connection.companyName}" (realm ${connection.realmId}).`);
    realmId = connection.realmId;
  }

  const { accounts } = await apiJson(accountsSchema, `/api/v1/tenants/${args.tenant}/qbo/accounts?kind=cash`);
  const refundAccount = chooseRefundAccount(accounts);
  const startDate = new Date(Date.now() - 270 * 86_400_000).toISOString().slice(0, 10);
  const settingsPath = `/api/v1/tenants/${args.tenant}/qbo/settings`;
  const current = await apiJson(settingsViewSchema, settingsPath);
  // The emulator shows what a BPro user sees with every method on (the missing ones fail with
  // instructions); in a real sandbox company the demo syncs only the methods it has by name.
  const paymentMethods = current.paymentMethods.map((m) => ({
    bproId: m.bproId,
    enabled: sandbox ? m.qboMatch === true : true,
  }));
  const settings = await apiJson(settingsViewSchema, settingsPath, {
    method: 'PUT',
    body: JSON.stringify({ startDate, refundAccountId: refundAccount?.id ?? null, paymentMethods }),
  });
  const matched = settings.paymentMethods.filter((m) => m.qboMatch === true).map((m) => m.name);
  const missing = settings.paymentMethods.filter((m) => m.qboMatch === false).map((m) => m.name);
  step(
    `Settings: start date ${startDate}, refund account "${refundAccount?.name ?? 'none'}"${refundAccount ? ` (${refundAccount.type})` : ''}.`,
  );
  step(`  Payment methods found in QuickBooks by name: ${matched.join(', ') || 'none'}.`);
  step(
    sandbox
      ? `  Not in QuickBooks, so not synced: ${missing.join(', ') || 'none'}${missing.length ? ' (create them in QuickBooks with exactly these names, then tick them on the management page)' : ''}.`
      : `  Not in QuickBooks: ${missing.join(', ') || 'none'} (their payments will fail with instructions).`,
  );

  const started = await callApi<{ workflowId: string }>(`/api/v1/tenants/${args.tenant}/qbo/initial-sync`, {
    method: 'POST',
  });
  if (started.status !== 202)
    throw new Error(`initial sync refused: ${started.status} ${JSON.stringify(started.body)}`);
  step(`Initial sync running (workflow ${started.body.workflowId}) ...`);
  type Status = {
    status: string;
    phase: string;
    entities: Record<string, { total: number; synced: number; skipped: number; failed: number }>;
  };
  let status: Status;
  for (;;) {
    status = (await callApi<Status>(`/api/v1/tenants/${args.tenant}/qbo/initial-sync`)).body;
    const counts = Object.values(status.entities ?? {});
    const total = counts.reduce((s, c) => s + c.total, 0);
    const done = counts.reduce((s, c) => s + c.synced + c.skipped + c.failed, 0);
    process.stdout.write(`\r  ${bar(done, total)}  ${status.status}: ${status.phase}`.padEnd(100));
    if (!['running', 'waiting_for_reconnect'].includes(status.status)) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  process.stdout.write('\n');
  step(`Initial sync ${status.status}:`);
  for (const [entity, c] of Object.entries(status.entities ?? {})) {
    console.log(
      `    ${entity.padEnd(16)} ${String(c.total).padStart(5)} in scope  ${String(c.synced).padStart(5)} synced  ${String(c.skipped).padStart(4)} skipped  ${String(c.failed).padStart(4)} failed`,
    );
  }

  const uiLink = `${temporal.uiUrl}/namespaces/${api.temporal.namespace}/workflows?query=${encodeURIComponent(`BproTenantId="${args.tenant}"`)}`;
  console.log(`
qbo-sync demo is up
  API              ${service.apiUrl}/api/v1   (Authorization: Bearer ${api.apiToken === 'dev-api-token' ? 'dev-api-token' : '<API_TOKEN>'})
  Management page  ${pageLink}
  API reference    ${service.apiUrl}/api/v1/reference
  Sync log         ${service.apiUrl}/api/v1/tenants/${args.tenant}/qbo/log
  Temporal Web UI  ${temporal.uiUrl}   (this tenant: ${uiLink})
  ${emulator ? `QBO emulator     ${emulator.url}   (stats: ${emulator.url}/__emulator/realms/${realmId}/stats)` : `QuickBooks       ${api.qbo.testIntuitBaseUrl ?? 'https://app.sandbox.qbo.intuit.com/app/homepage'}   (sandbox company, realm ${realmId}: records are created there)`}
  PostgreSQL       ${database.embedded ? `embedded PGlite, data in ${database.embedded.dataDir}` : 'DATABASE_URL'}
`);

  if (args.check) {
    await shutdown(status.status === 'completed' ? 0 : 1);
  } else {
    step(
      `Simulating BPro activity every ${args['hook-interval']} s through signed hooks${sandbox ? ' (each one writes to the sandbox company)' : ''}. Ctrl-C stops everything.`,
    );
    const activity = new BproActivity(database.db, args.tenant, service.apiUrl, api.hookSecret);
    let hooks = 0;
    const tick = async () => {
      if (stopping) return;
      try {
        const event = await activity.next();
        hooks += 1;
        step(`hook ${event.entity}/${event.event}: ${event.label} → ${event.response}`);
        if (hooks % 5 === 0) {
          const rows = await countLogByAction(database.db, args.tenant);
          const by = (action: string) => rows.filter((r) => r.action === action).reduce((s, r) => s + r.n, 0);
          step(
            `summary: ${hooks} hooks sent; log: ${by('created')} created, ${by('updated')} updated, ${by('linked')} linked, ${by('voided')} voided, ${by('skipped')} skipped, ${by('failed')} failed, ${by('warning')} warnings`,
          );
        }
      } catch (error) {
        step(`simulation error: ${error instanceof Error ? error.message : String(error)}`);
      }
      setTimeout(() => void tick(), args['hook-interval'] * 1000);
    };
    void tick();
  }
} catch (error) {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}
