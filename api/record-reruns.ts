// Re-running records (BPro's "RERUN"): one, a list, or every record whose newest log entry is
// `failed`. No Express here: the worker side (the change poller, from an activity with
// `Context.current().client`) can call these too.
import type { Client } from '@temporalio/client';
import type { Logger } from '../config/logger';
import { DEFAULT_HOOK_INTAKE } from '../config/fragments';
import type { TemporalConfig } from '../config/temporal';
import type { Database } from '../db/client';
import { listRecordsWhoseLatest } from '../db/queries/latest-log';
import type { SyncEntity } from '../workflows/contracts';
import { signalRecordSync, temporalUrl } from './sync-workflows';

/** What a re-run needs (ApiDeps has it; a worker builds it from its own config and client). */
export type RerunDeps = {
  db: Database;
  temporal: Client;
  config: { temporal: TemporalConfig };
  log: Logger;
};

export type RerunTarget = { entity: SyncEntity; id: string };

/** How many records a bulk re-run starts or signals at once: a tenant's lane, as hooks have (tenant-intake.ts). */
export const RERUN_CONCURRENCY = DEFAULT_HOOK_INTAKE.startsPerTenant;

/** Starts or signals the record's workflow with a `retry` change (a fresh runKey per request). */
const signalRetry = (
  { temporal, config }: Pick<RerunDeps, 'temporal' | 'config'>,
  tenantId: string,
  r: RerunTarget,
) =>
  signalRecordSync(
    temporal,
    config.temporal,
    { tenantId, entity: r.entity, bproId: r.id },
    { event: 'retry', occurredAt: new Date().toISOString() },
  );

/** Re-runs one record's sync: starts or signals its record workflow. */
export async function rerunRecord(
  deps: Pick<RerunDeps, 'temporal' | 'config' | 'log'>,
  record: { tenantId: string } & RerunTarget,
): Promise<{ workflowId: string; temporalUrl: string }> {
  const { tenantId, entity, id } = record;
  const workflowId = await signalRetry(deps, tenantId, record);
  deps.log.info('record sync retried', { tenantId, entity, id, workflowId });
  return { workflowId, temporalUrl: temporalUrl(deps.config.temporal, workflowId) };
}

/**
 * Re-runs each record exactly as a single Re-run does, `concurrency` at a time. The first failure
 * (Temporal unreachable) stops further starts and is thrown once the ones under way have settled.
 */
export async function rerunRecords(
  deps: Pick<RerunDeps, 'temporal' | 'config' | 'log'>,
  tenantId: string,
  records: readonly RerunTarget[],
  concurrency = RERUN_CONCURRENCY,
): Promise<{ queued: number }> {
  let next = 0;
  let queued = 0;
  const failures: unknown[] = [];
  const lane = async () => {
    for (let record = records[next]; record && failures.length === 0; record = records[next]) {
      next += 1;
      try {
        await signalRetry(deps, tenantId, record);
        queued += 1;
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), records.length) }, lane));
  deps.log.info('record syncs retried', { tenantId, queued, requested: records.length });
  if (failures.length > 0) throw failures[0];
  return { queued };
}

/** Re-runs every record whose newest log entry is `failed` (of this entity, waiting for this), if any. */
export async function rerunFailed(
  deps: RerunDeps,
  tenantId: string,
  filter: { entity?: SyncEntity | undefined; awaiting?: string | undefined } = {},
): Promise<{ queued: number }> {
  const failed = await listRecordsWhoseLatest(deps.db, { tenantId, action: 'failed', ...filter });
  return rerunRecords(
    deps,
    tenantId,
    failed.map((r) => ({ entity: r.entity, id: r.bproId })),
  );
}
