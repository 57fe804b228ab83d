// recordSync({ tenantId, entity, bproId }): one BPro record → QuickBooks, started (or signalled)
// by the hooks endpoint through signalWithStart. Rapid changes coalesce: after each pass it
// syncs again if a `recordChanged` signal arrived meanwhile; then it ends.
import {
  ActivityFailure,
  condition,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { RecordOutcome } from './contracts';
import { dbActivity, qboActivity } from './activity-options';
import { AuthPause } from './auth-pause';
import { searchAttributes, type RecordChange, type RecordSyncInput } from './contracts';
import { recordChangedSignal } from './messages';

const { syncRecord } = proxyActivities<ReturnType<typeof createActivities>>({
  ...qboActivity,
  summary: 'Sync the record (and what it needs) to QuickBooks',
});
const { recordFailure } = proxyActivities<ReturnType<typeof createActivities>>({
  ...dbActivity,
  summary: 'Log the failure',
});

/** How long to wait for further changes before ending. */
const IDLE_WINDOW = '2 seconds';

export async function recordSync(input: RecordSyncInput): Promise<RecordOutcome> {
  const pause = new AuthPause();
  const pending: RecordChange[] = [];
  setHandler(recordChangedSignal, (change) => {
    pending.push(change);
  });
  let outcome: RecordOutcome = { status: 'skipped', message: 'No change to sync' };
  for (;;) {
    await condition(() => pending.length > 0, IDLE_WINDOW);
    if (pending.length === 0) break;
    const changes = pending.splice(0);
    const last = changes[changes.length - 1] ?? { event: 'updated', occurredAt: '' };
    const retry = changes.find((c) => c.event === 'retry');
    setCurrentDetails(
      `Syncing after **${changes.map((c) => c.event).join(', ')}** (${changes.length} change${changes.length > 1 ? 's' : ''} coalesced)`,
    );
    upsertSearchAttributes([{ key: searchAttributes.syncState, value: 'running' }]);
    try {
      outcome = await pause.run(() =>
        syncRecord({
          ...input,
          event: last.event,
          runKey: retry ? `retry:${retry.occurredAt}` : 'auto',
          workflowId: workflowInfo().workflowId,
        }),
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
