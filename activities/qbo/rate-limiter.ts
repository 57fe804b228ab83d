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
  /** >1 only against an emulator running with the same time scale (benchmarks). */
  timeScale?: number;
};

/** Per-realm limits shared by every worker (see rate-limits.ts). */
export class RealmRateLimiter {
  private readonly specs: Record<CallKind, BucketSpec[]>;
  private readonly maxWaitMs: number;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly timeScale: number;

  constructor(
    private readonly db: Database,
    options: RateLimiterOptions = {},
  ) {
    this.specs = bucketSpecs(options.limits ?? QBO_LIMITS, options.headroom ?? 0.02, options.timeScale ?? 1);
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
    this.timeScale = options.timeScale ?? 1;
  }

  /**
   * Waits for a token for one call. A wait longer than maxWaitMs (e.g. after a 429) becomes a
   * retryable `throttled` error carrying the delay, so Temporal retries later instead of an
   * activity sleeping in a worker slot.
   */
  async acquire(realmId: string, kind: CallKind): Promise<void> {
    // One caller per realm at a time in this process polls the shared buckets; the others queue
    // here instead of stampeding the database each time a token frees up.
    // (Per call kind, so a batch call waiting for the batch bucket does not hold up plain calls.)
    const key = `${realmId}\u0000${kind}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.queues.set(key, tail);
    await previous;
    try {
      await this.acquireShared(realmId, kind);
    } finally {
      release();
      if (this.queues.get(key) === tail) this.queues.delete(key);
    }
  }

  private async acquireShared(realmId: string, kind: CallKind): Promise<void> {
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
    await penalize(this.db, realmId, this.specs.batch, delayMs / this.timeScale);
  }
}
