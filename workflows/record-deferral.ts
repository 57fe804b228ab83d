// "Not now" from a record sync's activity: the tenant already has its share of this worker's
// record syncs running, or QuickBooks' rate limit for the company would make the record wait
// long. The activity returns at once (its slot freed, no retry attempt spent) and the workflow
// waits on a timer, which costs no worker slot, then tries again. Only new code returns it, so
// histories recorded before it existed replay unchanged.
import type { RecordOutcome } from './contracts';

export type RecordDeferral = {
  status: 'deferred';
  /** `tenant_busy`: the per-tenant cap (RECORD_SYNCS_PER_TENANT); `throttled`: the realm limiter. */
  reason: 'tenant_busy' | 'throttled';
  /** The activity's estimate of when trying again makes sense. */
  retryInMs: number;
};

/** What the `syncRecord` activity answers. */
export type RecordAttempt = RecordOutcome | RecordDeferral;

export const isDeferral = (attempt: RecordAttempt): attempt is RecordDeferral =>
  attempt.status === 'deferred';

const MIN_DELAY_MS = 250;
/** A busy tenant's record re-checks at most this rarely: its own burst drains at QBO's pace anyway. */
const MAX_BUSY_DELAY_MS = 30_000;
const MAX_THROTTLED_DELAY_MS = 5 * 60_000;

/**
 * How long the workflow waits before its `consecutive`-th retry (1, 2, …): the activity's hint,
 * doubled for each busy answer in a row, with jitter (`random` in [0, 1): the workflow's seeded
 * Math.random) so a burst's records do not all come back at the same instant.
 */
export function deferralDelayMs(deferral: RecordDeferral, consecutive: number, random: number): number {
  const hint = Math.max(deferral.retryInMs, MIN_DELAY_MS);
  const base =
    deferral.reason === 'tenant_busy'
      ? Math.min(hint * 2 ** Math.min(consecutive - 1, 16), MAX_BUSY_DELAY_MS)
      : Math.min(hint, MAX_THROTTLED_DELAY_MS);
  return Math.round(base * (1 + random / 2));
}
