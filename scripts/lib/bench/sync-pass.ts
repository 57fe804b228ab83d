// One initial sync of a benchmark tenant, measured: QBO calls (the emulator's admitted-call
// counts before and after), time (the workflow's start to close), worker CPU and peak memory,
// and Temporal history events.
import { z } from 'zod';
import type { EntityCounts } from '../../../workflows/contracts';
import { initialSyncHistory, initialSyncSpan, type HistoryCount } from './history';
import type { BenchStack } from './stack';
import { callApi } from './tenant';
import { clockTicks, readUsage, type WorkerChild } from './worker-child';

const admittedSchema = z.object({
  requests: z.number(),
  throttled: z.number(),
  admitted: z.object({
    query: z.number(),
    read: z.number(),
    write: z.number(),
    batch: z.number(),
    batchItems: z.number(),
  }),
});
export type RealmStats = z.infer<typeof admittedSchema>;

const statusSchema = z.object({
  status: z.string(),
  phase: z
    .string()
    .nullish()
    .transform((p) => p ?? ''),
  entities: z.record(
    z.string(),
    z.object({ total: z.number(), synced: z.number(), skipped: z.number(), failed: z.number() }),
  ),
});

export type SyncMeasurement = {
  status: string;
  entities: Record<string, EntityCounts>;
  records: { total: number; synced: number; skipped: number; failed: number };
  calls: RealmStats['admitted'] & { all: number; throttled429: number };
  realSeconds: number;
  worker: { cpuSeconds: number; peakRssMiB: number; peakReset: boolean };
  /** Postgres statements the worker's rate limiter ran during the sync (null: not counted). */
  limiterStatements: number | null;
  /** CPU seconds of the rest of the stack during the sync (PostgreSQL not included). */
  otherCpuSeconds: { benchProcess: number; temporalServer: number | null };
  history: HistoryCount;
};

/** The emulator's counts for one company: requests, 429s, admitted calls by kind. */
export async function realmStats(stack: BenchStack, realmId: string): Promise<RealmStats> {
  return admittedSchema.parse(await stack.control('GET', `/realms/${realmId}/stats`));
}

function bar(done: number, total: number, width = 28): string {
  const filled = total === 0 ? width : Math.min(width, Math.round((done / total) * width));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

/** Starts the tenant's initial sync through the API and waits for it to end. */
export async function measureInitialSync(
  stack: BenchStack,
  tenant: { tenantId: string; realmId: string },
  worker: WorkerChild,
  options: { progress?: boolean; timeoutMs?: number } = {},
): Promise<SyncMeasurement> {
  const peakReset = worker.resetPeak();
  const before = await realmStats(stack, tenant.realmId);
  const cpuBefore = worker.usage().cpuSeconds;
  const statementsBefore = await worker.limiterStatements();
  const ticks = clockTicks();
  const selfCpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const temporalCpu = () =>
    stack.temporalPid === undefined ? null : readUsage(stack.temporalPid, ticks).cpuSeconds;
  const selfBefore = selfCpu();
  const temporalBefore = temporalCpu();
  const started = await callApi(stack, `/tenants/${tenant.tenantId}/qbo/initial-sync`, { method: 'POST' });
  if (started.status !== 202)
    throw new Error(`initial sync refused: ${started.status} ${JSON.stringify(started.body)}`);
  const deadline = Date.now() + (options.timeoutMs ?? 3_600_000);
  let status: z.infer<typeof statusSchema>;
  let lastLine = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    status = statusSchema.parse((await callApi(stack, `/tenants/${tenant.tenantId}/qbo/initial-sync`)).body);
    if (options.progress) {
      const counts = Object.values(status.entities);
      const total = counts.reduce((s, c) => s + c.total, 0);
      const done = counts.reduce((s, c) => s + c.synced + c.skipped + c.failed, 0);
      if (process.stdout.isTTY) process.stdout.write(`\r    ${bar(done, total)}  ${status.phase}`.padEnd(90));
      else if (Date.now() - lastLine >= 60_000) {
        // Not a terminal (a log file): one line a minute instead of a bar.
        lastLine = Date.now();
        console.log(`    ${done}/${total} done, ${status.phase}`);
      }
    }
    if (!['running', 'waiting_for_reconnect'].includes(status.status)) break;
    if (Date.now() > deadline) throw new Error('the initial sync did not finish in time');
    const exit = worker.exit();
    if (exit) throw new Error(`${exit} during the initial sync of ${tenant.tenantId}`);
  }
  if (options.progress && process.stdout.isTTY) process.stdout.write('\n');
  const usage = worker.usage();
  const statementsAfter = await worker.limiterStatements();
  const selfAfter = selfCpu();
  const temporalAfter = temporalCpu();
  const after = await realmStats(stack, tenant.realmId);
  const span = await initialSyncSpan(stack.temporal, tenant.tenantId);
  const realSeconds = ((span.closeTime ?? new Date()).getTime() - span.startTime.getTime()) / 1000;

  // Visibility lags the close by a moment: count until two reads agree.
  let history = await initialSyncHistory(stack.temporal, tenant.tenantId);
  for (let i = 0; i < 20; i += 1) {
    await new Promise((r) => setTimeout(r, 500));
    const again = await initialSyncHistory(stack.temporal, tenant.tenantId);
    if (again.events === history.events && again.executions === history.executions) {
      history = again;
      break;
    }
    history = again;
  }

  const counts = Object.values(status.entities);
  const sum = (k: keyof EntityCounts) => counts.reduce((s, c) => s + c[k], 0);
  const d = (k: keyof RealmStats['admitted']) => after.admitted[k] - before.admitted[k];
  const calls = {
    query: d('query'),
    read: d('read'),
    write: d('write'),
    batch: d('batch'),
    batchItems: d('batchItems'),
    all: d('query') + d('read') + d('write') + d('batch'),
    throttled429: after.throttled - before.throttled,
  };
  return {
    status: status.status,
    entities: status.entities,
    records: { total: sum('total'), synced: sum('synced'), skipped: sum('skipped'), failed: sum('failed') },
    calls,
    realSeconds,
    worker: { cpuSeconds: usage.cpuSeconds - cpuBefore, peakRssMiB: usage.peakRssMiB, peakReset },
    limiterStatements:
      statementsBefore === null || statementsAfter === null ? null : statementsAfter - statementsBefore,
    otherCpuSeconds: {
      benchProcess: selfAfter - selfBefore,
      temporalServer:
        temporalAfter === null || temporalBefore === null ? null : temporalAfter - temporalBefore,
    },
    history,
  };
}
