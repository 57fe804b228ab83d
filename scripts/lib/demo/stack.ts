// The demo's stack: the configured Temporal server (or a local dev server with the Web UI), the
// service's database (DATABASE_URL or embedded PGlite), the emulator on QBO_EMULATOR_URL (none
// with Intuit keys), then the tenant re-seeded, then the API and one worker in this process.
import { launchStack, type Stack, type StackEvent } from '../stack/launch';
import type { DemoArgs } from './args';
import type { DemoLifecycle } from './lifecycle';
import type { DemoPlan } from './plan';
import { seedDemoTenant } from './seed';

export function launchDemoStack(plan: DemoPlan, args: DemoArgs, run: DemoLifecycle): Promise<Stack> {
  const { api, worker, sandbox, timeScale } = plan;
  return launchStack({
    env: process.env,
    config: api,
    temporal: { kind: 'local', config: api.temporal },
    database: { kind: 'service', url: api.databaseUrl, applicationName: 'qbo-sync-demo' },
    emulator: sandbox ? null : { url: api.qbo.emulatorUrl },
    timeScale,
    workers: { mode: 'in-process', batching: worker.batching },
    prepare: (stack) => seedDemoTenant(stack, args, plan.size, run.step),
    onEvent: (event) => reportProgress(event, plan, args, run.step),
    registerStop: (stop) => run.onShutdown(stop),
  });
}

function reportProgress(event: StackEvent, plan: DemoPlan, args: DemoArgs, step: (text: string) => void) {
  const { api, timeScale } = plan;
  switch (event.kind) {
    case 'temporal-starting':
      return step(`Temporal: looking for a server at ${api.temporal.address} ...`);
    case 'temporal-ready':
      return step(
        event.temporal.startedHere
          ? `Temporal dev server started (${event.temporal.address}).`
          : `Using the Temporal server at ${event.temporal.address}.`,
      );
    case 'database-opening':
      return step(
        api.databaseUrl
          ? 'PostgreSQL: DATABASE_URL, applying migrations ...'
          : 'PostgreSQL: embedded PGlite (.data/pglite), applying migrations ...',
      );
    case 'emulator-ready': {
      const { emulator } = event;
      if (emulator)
        return step(
          `QBO emulator ${emulator.startedHere ? 'started' : 'found'} at ${emulator.url} (QBO's limits, time × ${timeScale}).`,
        );
      const standIn = api.qbo.testIntuitBaseUrl
        ? `, at QBO_TEST_INTUIT_BASE_URL=${api.qbo.testIntuitBaseUrl} standing in for Intuit (testing only)`
        : '';
      step(`QuickBooks: an Intuit sandbox company (QBO_CLIENT_ID is set)${standIn}. No emulator.`);
      if (plan.realIntuit && args['time-scale'] !== undefined)
        step("--time-scale only applies to the emulator: ignored (Intuit's limits run on real time).");
      return;
    }
    case 'services-starting':
      return step('Starting the API and the worker ...');
  }
}
