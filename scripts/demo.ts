// `npm run demo`: the main job on embedded defaults. Brings up the local stack (Temporal dev
// server + Web UI, PostgreSQL or embedded PGlite, the QBO emulator, API + worker), seeds a demo
// tenant with generated BPro data, connects it to an emulator company through the real OAuth
// flow, applies settings, runs the initial sync with a progress bar, then keeps simulating BPro
// activity through signed hooks so records flow to QuickBooks in real time. Ctrl-C stops it all.
// With Intuit keys (QBO_ENVIRONMENT=sandbox) the same run connects a real sandbox company instead:
// no emulator; the user consents in a browser from the management page and the demo waits for
// the callback, then applies settings read from that company.
import { signPageLink } from '../api/pages/access';
import { createLogger } from '../config/logger';
import { installRuntimeLogging } from '../worker/runtime-logging';
import { parseDemoArgs } from './lib/demo/args';
import { connectDemoTenant } from './lib/demo/connect';
import { startLifecycle } from './lib/demo/lifecycle';
import { loadDemoPlan } from './lib/demo/plan';
import { runInitialSync } from './lib/demo/progress';
import { applyDemoSettings } from './lib/demo/settings';
import { simulateBproActivity } from './lib/demo/simulate';
import { launchDemoStack } from './lib/demo/stack';
import { printDemoSummary } from './lib/demo/summary';

const args = parseDemoArgs();
const plan = loadDemoPlan(args);
const { api } = plan;

// The demo prints its own summary; the SDK only speaks up for warnings and errors.
installRuntimeLogging('warn', createLogger('worker', 'warn'));
const run = startLifecycle();
const { step } = run;

try {
  const stack = await launchDemoStack(plan, args, run);
  const pageLink = `${plan.pageOrigin ?? stack.apiUrl}${signPageLink(api.apiToken, args.tenant, { ttlSeconds: 8 * 3600 })}`;
  const realmId = await connectDemoTenant(stack, plan, args, pageLink, step);
  await applyDemoSettings(stack.api, args.tenant, plan.sandbox, step);
  const status = await runInitialSync(stack.api, args.tenant, step);
  printDemoSummary({ stack, plan, tenantId: args.tenant, realmId, pageLink });

  if (args.check) {
    await run.shutdown(status.status === 'completed' ? 0 : 1);
  } else {
    step(
      `Simulating BPro activity every ${args['hook-interval']} s through signed hooks${plan.sandbox ? ' (each one writes to the sandbox company)' : ''}. Ctrl-C stops everything.`,
    );
    simulateBproActivity({
      db: stack.database.db,
      tenantId: args.tenant,
      apiUrl: stack.apiUrl,
      hookSecret: api.hookSecret,
      intervalSeconds: args['hook-interval'],
      step,
      stopping: () => run.stopping,
    });
  }
} catch (error) {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  await run.shutdown(1);
}
