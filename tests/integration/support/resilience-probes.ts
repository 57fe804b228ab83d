// Scenario helpers of the sync-resilience.*.test.ts files: a harness per describe (its baseline
// of seeded QBO records taken), and probes of a sync in progress (its log, its workflows'
// running activities, the tenant's connection) to act on it partway through.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { findConnection } from '../../../db/queries/qbo-connections';
import { syncLog } from '../../../db/schema';
import { seededIds } from './resilience-convergence';
import { database, DATASET, temporal, type Options } from './resilience-suite';
import { startSyncHarness, type SyncHarness } from './sync-harness';
import { pageActivityInFlight } from './temporal';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** The tenant's log entries: all, the failures, or one entity's. */
export async function logCount(h: SyncHarness, only?: 'failed' | 'invoice'): Promise<number> {
  const which =
    only === 'failed' ? eq(syncLog.action, 'failed') : only ? eq(syncLog.entity, only) : undefined;
  const [row] = await database.db
    .select({ n: count() })
    .from(syncLog)
    .where(and(eq(syncLog.tenantId, h.tenantId), which));
  return row?.n ?? 0;
}

/** Waits until the sync has logged `n` records: partway through. */
export const progressed = (h: SyncHarness, n: number) =>
  until(`${n} sync-log entries`, async () => (await logCount(h)) >= n);

export async function connectionStatus(h: SyncHarness): Promise<string | undefined> {
  return (await findConnection(database.db, h.tenantId))?.status;
}

/** One harness per describe: its own tenant, realm, emulator, API and worker. */
export function useHarness(options: Options = {}) {
  const ref: { h: SyncHarness; seeded: Record<string, Set<string>> } = {} as never;
  beforeAll(async () => {
    ref.h = await startSyncHarness(database, temporal, { ...DATASET, ...options });
    ref.seeded = await seededIds(ref.h);
  }, 120_000);
  afterAll(async () => {
    await ref.h?.close();
  });
  return ref;
}

/** A sync activity of the tenant's workflows that a worker is running right now, if any. */
export function activityInFlight(h: SyncHarness): Promise<{ workflowId: string; activityId: string } | null> {
  return pageActivityInFlight(temporal.client, h.tenantId);
}
