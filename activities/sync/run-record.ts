// One record's sync within a run: its handler under the record's lease, what QuickBooks or BPro's
// data decided turned into a failed outcome, and the outcome logged.
import type { SyncEntity } from '../../workflows/contracts';
import { MappingError } from '../mapping/types';
import { QboError } from '../qbo/errors';
import type { RecordLeases } from './leases';
import { explain } from './log-wording';
import {
  ANY_NEW_ACCOUNT,
  DependencyFailed,
  failed,
  NeedsAttention,
  needsAttention,
  RecordBusy,
} from './outcome';
import type { RunLogWriter } from './run-log';
import type { RunRecord } from './scheduler';
import type { EntityHandler, Step, SyncContext } from './types';

/** What a failure waits for in QuickBooks, when a new list entry there can cure it (see changes/lists.ts). */
function awaitingOf(error: unknown): string | undefined {
  return error instanceof MappingError && error.code === 'missing_account' ? ANY_NEW_ACCOUNT : undefined;
}

/** Whether an error ends the record as failed (else it goes to Temporal, which retries). */
function endsTheRecord(error: unknown): boolean {
  if (error instanceof RecordBusy) return false;
  if (error instanceof QboError) return !(error.retryable || error.type === 'auth_revoked');
  // Only what QuickBooks or BPro's data decided ends the record; anything else (a dropped
  // database connection, a crash) goes to Temporal, which retries the activity.
  return (
    error instanceof MappingError || error instanceof DependencyFailed || error instanceof NeedsAttention
  );
}

/**
 * Syncs one record and logs the outcome. QBO failures that retrying can fix (throttling,
 * outages, network, stale SyncToken) and lost authorisation propagate to Temporal; everything
 * else ends the record as failed, with the reason in the log.
 */
export function recordRunner(
  handlers: Record<SyncEntity, EntityHandler>,
  context: SyncContext,
  leases: RecordLeases,
  log: RunLogWriter,
): RunRecord {
  return async (entity, bproId, event, note) => {
    let step: Step;
    try {
      step = await leases.hold(entity, bproId, () => handlers[entity].sync(context, bproId, event));
    } catch (error) {
      if (!endsTheRecord(error)) throw error;
      step =
        error instanceof NeedsAttention
          ? needsAttention(error.message)
          : failed(explain(entity, error), awaitingOf(error));
    }
    const message =
      note && step.action !== 'failed' ? [step.message, note].filter(Boolean).join('; ') : step.message;
    await log.record(entity, bproId, { ...step, message });
    return { ...step, message };
  };
}
