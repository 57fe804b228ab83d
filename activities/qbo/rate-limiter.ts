import type { Database } from '../../db/client';
import { QboError } from './errors';
import {
  bucketSpecs,
  penalize,
  QBO_LIMITS,
  tryAcquire,
  type BucketSpec,
  type CallKind,
  type QboLimits,
} from './rate-limits';

export type RateLimiterOptions = {
  limits?: QboLimits;
  /** Share of each limit kept unused as a safety margin. Default 0.02. */
  headroom?: number;
  /** Longest an activity waits in-process for a token before giving the slot back. Default 10 s. */
  maxWaitMs?: number;
};

/** Per-realm limits shared by every worker (see rate-limits.ts). */
export class RealmRateLimiter {
  private readonly specs: Record<CallKind, BucketSpec[]>;
  private readonly maxWaitMs: number;

  constructor(
    private readonly db: Database,
    options: RateLimiterOptions = {},
  ) {
    this.specs = bucketSpecs(options.limits ?? QBO_LIMITS, options.headroom ?? 0.02);
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
  }

  /**
   * Waits for a token for one call. A wait longer than maxWaitMs (e.g. after a 429) becomes a
   * retryable `throttled` error carrying the delay, so Temporal retries later instead of an
   * activity sleeping in a worker slot.
   */
  async acquire(realmId: string, kind: CallKind): Promise<void> {
    const deadline = Date.now() + this.maxWaitMs;
    for (;;) {
      const grant = await tryAcquire(this.db, realmId, this.specs[kind]);
      if (grant.granted) return;
      if (Date.now() + grant.waitMs > deadline) {
        throw new QboError({
          type: 'throttled',
          message: `Rate limit for QuickBooks company ${realmId}: retry later`,
          retryAfterMs: grant.waitMs,
        });
      }
      await new Promise((r) => setTimeout(r, grant.waitMs));
    }
  }

  /** After a 429: nobody calls this realm again for `delayMs`. */
  async backOff(realmId: string, delayMs: number): Promise<void> {
    await penalize(this.db, realmId, this.specs.batch, delayMs);
  }
}
