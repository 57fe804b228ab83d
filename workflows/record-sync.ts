// recordSync({ tenantId, entity, bproId }): one BPro record → QuickBooks, started (or signalled)
// by the hooks endpoint through signalWithStart. Rapid changes coalesce: after each pass it
// syncs again if a `recordChanged` signal arrived meanwhile; then it ends. When the activity
// answers `deferred` (tenant at its cap in the worker, or the company's rate limit far off), the
// wait happens here on a timer, not in a worker slot (record-deferral.ts).
import {
  ActivityFailure,
  condition,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { RecordOutcome } from './contracts';
import { dbActivity, recordActivity } from './activity-options';
import { AuthPause } from './auth-pause';
import { searchAttributes, type RecordChange, type RecordSyncInput } from './contracts';
import { recordChangedSignal } from './messages';
import { taskPriority } from './priorities';
import { deferralDelayMs, isDeferral, type RecordAttempt } from './record-deferral';

type Activities = ReturnType<typeof createActivities>;

const { recordFailure } = proxyActivities<Activities>({
  ...dbActivity,
  summary: 'Log the failure',
});

/** The record's activity, dispatched ahead of bulk work and in turn with other tenants' records. */
const recordActivities = (tenantId: string) =>
  proxyActivities<Activities>({
    ...recordActivity,
    priority: taskPriority('hook', tenantId),
    summary: 'Sync the record (and what it needs) to QuickBooks',
  });

/** How long to wait for further changes before ending. */
const IDLE_WINDOW = '2 seconds';

export async function recordSync(input: RecordSyncInput): Promise<RecordOutcome> {
  const pause = new AuthPause();
  const { syncRecord } = recordActivities(input.tenantId);
  const pending: RecordChange[] = [];
  setHandler(recordChangedSignal, (change) => {
    pending.push(change);
  });
  let outcome: RecordOutcome = { status: 'skipped', message: 'No change to sync' };
  for (;;) {
    await condition(() => pending.length > 0, IDLE_WINDOW);
    if (pending.length === 0) break;
    const changes = pending.splice(0);
    upsertSearchAttributes([{ key: searchAttributes.syncState, value: 'running' }]);
    try {
      outcome = await syncUntilDone(changes, pending, (change, retry) =>
        pause.run(() =>
          syncRecord({
            ...input,
            event: change.event,
            runKey: retry ? `retry:${retry.occurredAt}` : 'auto',
            workflowId: workflowInfo().workflowId,
          }),
        ),
      );
    } catch (error) {
      // Retries exhausted (QuickBooks down for long, or a bug): the record is failed, with the reason in the log.
      const message =
        error instanceof ActivityFailure ? (error.cause?.message ?? error.message) : String(error);
      await recordFailure({ ...input, message, workflowId: workflowInfo().workflowId });
      outcome = { status: 'failed', message };
    }
    upsertSearchAttributes([{ key: searchAttributes.syncState, value: outcome.status }]);
    setCurrentDetails(
      `Last pass: **${outcome.status}**${outcome.qboId ? ` (QuickBooks id ${outcome.qboId})` : ''}${outcome.message ? ` — ${outcome.message}` : ''}`,
    );
  }
  return outcome;
}

/**
 * One pass over `changes`: calls `attempt` until it answers with an outcome. While it is deferred
 * the workflow sleeps (no worker slot held), and changes that arrive meanwhile join this pass:
 * nothing was synced yet, so the record is synced once, as of its latest change.
 */
async function syncUntilDone(
  changes: RecordChange[],
  pending: RecordChange[],
  attempt: (last: RecordChange, retry: RecordChange | undefined) => Promise<RecordAttempt>,
): Promise<RecordOutcome> {
  for (let deferrals = 1; ; deferrals++) {
    const last = changes[changes.length - 1] ?? { event: 'updated', occurredAt: '' };
    const retry = changes.find((c) => c.event === 'retry');
    setCurrentDetails(
      `Syncing after **${changes.map((c) => c.event).join(', ')}** (${changes.length} change${changes.length > 1 ? 's' : ''} coalesced)`,
    );
    const result = await attempt(last, retry);
    if (!isDeferral(result)) return result;
    const delayMs = deferralDelayMs(result, deferrals, Math.random());
    setCurrentDetails(
      result.reason === 'tenant_busy'
        ? `**Queued:** this account's other records are syncing; trying again in ${Math.ceil(delayMs / 1000)} s.`
        : `**Waiting for QuickBooks' rate limit** for this company; trying again in ${Math.ceil(delayMs / 1000)} s.`,
    );
    await sleep(delayMs);
    changes.push(...pending.splice(0));
  }
}
