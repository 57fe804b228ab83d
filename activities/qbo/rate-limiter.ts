// The realm rate limiter a QBO transport asks before each call: per realm and call kind, an
// in-process priority queue (hooks first, rate-queue.ts) whose head polls the shared PostgreSQL
// buckets (rate-limits.ts), and the AIMD response to QBO's 429s (rate-aimd.ts).
//
// No slot is held while waiting long: a caller waits at most `maxWaitMs` (3 s), counted from when
// it joined the queue, then gets the retryable `throttled` QboError with `retryAfterMs` (Temporal
// retries the activity after it: failures.ts). A hook queued behind bulk work is served first,
// so it does not meet this in practice.
//
// `tryNow` is the non-blocking probe for lanes: it takes a token only if one is free right now
// (and nobody in this process is queued ahead of that class: in its lane, and for a bulk probe in
// the other lane too, as both draw on the same buckets); the caller then sends its call with
// `Call.tokenTaken` (transport.ts) or through QboClient.tryToken.
import type { Database } from '../../db/client';
import { QboError } from './errors';
import { aimdPolicy, type AimdPolicy, type AimdSettings } from './rate-aimd';
import { PriorityWaitQueue, type Priority } from './rate-queue';
import { isWanted, onWantedRecord } from './wanted-records';
import {
  bucketSpecs,
  HOOK_RESERVE,
  HOOK_BATCH_RESERVE,
  HOOK_SECOND_RESERVE,
  QBO_LIMITS,
  recordThrottle,
  tryAcquire,
  type BucketSpec,
  type CallKind,
  type Grant,
  type LimiterStats,
  type QboLimits,
} from './rate-limits';

export type { Priority } from './rate-queue';

export type RateLimiterOptions = {
  limits?: QboLimits;
  /** Share of each limit kept unused as a safety margin. Default 0.02. */
  headroom?: number;
  /** Tokens of the per-minute bucket bulk work leaves to hooks. Default HOOK_RESERVE (5). */
  hookReserve?: number;
  /** Longest a call waits in-process for a token, from when it asked. Default 3 s. */
  maxWaitMs?: number;
  /** >1 only against an emulator running with the same time scale (benchmarks). */
  timeScale?: number;
  /** How 429s cut and restore the realm's rate (rate-aimd.ts); QBO-time seconds. */
  aimd?: AimdSettings;
};

export const DEFAULT_MAX_WAIT_MS = 3_000;

type Waiter = {
  priority: Priority;
  /** The record leases its call is made under (promoted to a hook's while one is wanted). */
  tags?: readonly string[] | undefined;
  deadline: number;
  resolve: () => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
};

/** The callers of one realm and call kind in this process. */
type Lane = {
  realmId: string;
  kind: CallKind;
  queue: PriorityWaitQueue<Waiter>;
  pumping: boolean;
  /** Ends the head's sleep early (set while a bulk head sleeps: a hook may go sooner). */
  wake: (() => void) | null;
  /** What the last take said: the wait before a take of each class could succeed, from `at`. */
  known: { waitMs: Record<Priority, number>; at: number; factor: number } | null;
};

/** The wait the last take announced for `priority`, still to run (0: unknown, or over). */
function knownWait(lane: Lane, priority: Priority): number {
  return lane.known ? Math.max(0, lane.known.waitMs[priority] - (Date.now() - lane.known.at)) : 0;
}

/** Record syncs count as active this long after their last call asked for a token. */
const HOOKS_ACTIVE_MS = 1_000;

const throttledError = (realmId: string, retryAfterMs: number) =>
  new QboError({
    type: 'throttled',
    message: `Rate limit for QuickBooks company ${realmId}: retry later`,
    retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)),
  });

/** Per-realm limits shared by every worker (see rate-limits.ts). */
export class RealmRateLimiter {
  /** Statements sent to PostgreSQL by this limiter (takes, bucket creation, 429 bookkeeping). */
  readonly stats: LimiterStats = { statements: 0 };
  private readonly specs: Record<CallKind, BucketSpec[]>;
  /** Bulk's buckets while hooks of the realm are active here (HOOK_SECOND_RESERVE, HOOK_BATCH_RESERVE). */
  private readonly specsBesideHooks: Record<CallKind, BucketSpec[]>;
  /** When each realm's record syncs last asked this limiter for a token. */
  private readonly hookAt = new Map<string, number>();
  private readonly maxWaitMs: number;
  private readonly timeScale: number;
  private readonly aimd: AimdPolicy;
  private readonly lanes = new Map<string, Lane>();
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly db: Database,
    options: RateLimiterOptions = {},
  ) {
    this.timeScale = options.timeScale ?? 1;
    const limits = options.limits ?? QBO_LIMITS;
    const headroom = options.headroom ?? 0.02;
    const hookReserve = options.hookReserve ?? HOOK_RESERVE;
    this.specs = bucketSpecs(limits, headroom, this.timeScale, hookReserve);
    this.specsBesideHooks = bucketSpecs(
      limits,
      headroom,
      this.timeScale,
      hookReserve,
      HOOK_SECOND_RESERVE,
      HOOK_BATCH_RESERVE,
    );
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.aimd = aimdPolicy(options.aimd, this.timeScale);
  }

  /**
   * Waits for a token for one call, hooks before bulk. A wait that would end more than
   * `maxWaitMs` after the call asked becomes a retryable `throttled` error carrying the delay.
   */
  acquire(
    realmId: string,
    kind: CallKind,
    requested: Priority = 'bulk',
    tags?: readonly string[],
  ): Promise<void> {
    const lane = this.laneOf(realmId, kind);
    // A call for a record another run waits for is served as a hook's (wanted-records.ts).
    const priority: Priority = isWanted(tags) ? 'hook' : requested;
    if (priority === 'hook') this.hookAt.set(realmId, Date.now());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { priority, tags, deadline: Date.now() + this.maxWaitMs, resolve, reject };
      waiter.timer = setTimeout(() => this.expire(lane, waiter), this.maxWaitMs);
      lane.queue.push(waiter);
      if (priority === 'hook') lane.wake?.();
      if (!lane.pumping) void this.pump(lane);
    });
  }

  /** Takes a token only if one is free right now (one statement at most); never waits. */
  async tryNow(realmId: string, kind: CallKind, priority: Priority = 'bulk'): Promise<boolean> {
    // Both kinds draw on the per-minute and per-second buckets: a bulk probe of one lane must not
    // take the token a hook queued in the other waits for. (A hook's probe defers only within its
    // lane: its own run's calls may be queued in the other.)
    const queuedAhead = (k: CallKind) => this.lanes.get(laneKey(realmId, k))?.queue.servesFirst(priority);
    const other: CallKind = kind === 'batch' ? 'request' : 'batch';
    if (queuedAhead(kind) || (priority === 'bulk' && queuedAhead(other))) return false;
    if (priority === 'hook') this.hookAt.set(realmId, Date.now());
    const grant = await tryAcquire(
      this.db,
      realmId,
      this.specsFor(realmId, kind, priority),
      this.takeOptions(priority),
    );
    return grant.granted;
  }

  /**
   * After a 429 from QuickBooks (`retryAfterMs`: its Retry-After in QBO time, if sent): cuts the
   * realm's rate and pauses it for every worker. Returns the pause in real ms.
   */
  throttled(realmId: string, retryAfterMs?: number): Promise<number> {
    const given = retryAfterMs === undefined ? undefined : retryAfterMs / this.timeScale;
    return recordThrottle(this.db, realmId, this.specs.batch, this.aimd, given, this.stats);
  }

  private takeOptions(priority: Priority) {
    return { priority, increasePerSecond: this.aimd.increasePerMs * 1000, stats: this.stats };
  }

  /** The buckets a take draws on: bulk leaves more of the per-second one while hooks are active. */
  private specsFor(realmId: string, kind: CallKind, priority: Priority): BucketSpec[] {
    const hooksActive = Date.now() - (this.hookAt.get(realmId) ?? -Infinity) < HOOKS_ACTIVE_MS;
    return priority === 'bulk' && hooksActive ? this.specsBesideHooks[kind] : this.specs[kind];
  }

  /** Waiting calls made under `tag` move ahead to the hooks' class (wanted-records.ts). */
  private promote(tag: string): void {
    for (const lane of this.lanes.values())
      if (lane.queue.promote((waiter) => waiter.tags?.includes(tag) === true)) lane.wake?.();
  }

  private laneOf(realmId: string, kind: CallKind): Lane {
    const key = laneKey(realmId, kind);
    let lane = this.lanes.get(key);
    if (!lane) {
      // Listening only while callers wait here (a listener would keep an idle limiter alive).
      this.stopListening ??= onWantedRecord((tag) => this.promote(tag));
      lane = {
        realmId,
        kind,
        queue: new PriorityWaitQueue<Waiter>(),
        pumping: false,
        wake: null,
        known: null,
      };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /** The head of the lane polls the buckets until the lane is empty: one statement per poll. */
  private async pump(lane: Lane): Promise<void> {
    lane.pumping = true;
    try {
      for (let head = lane.queue.peek(); head; head = lane.queue.peek()) {
        // What the last take said about the next one: sleep first rather than poll in vain.
        const wait = knownWait(lane, head.priority);
        if (wait > 0) {
          if (Date.now() + wait > head.deadline) {
            lane.queue.shift();
            this.settle(head, throttledError(lane.realmId, wait));
            continue;
          }
          await this.sleep(lane, wait, head.priority === 'bulk');
          lane.known = null;
          continue;
        }
        let grant: Grant;
        try {
          grant = await tryAcquire(
            this.db,
            lane.realmId,
            this.specsFor(lane.realmId, lane.kind, head.priority),
            this.takeOptions(head.priority),
          );
        } catch (error) {
          // The database failed this take: the head's call fails with it; the next tries again.
          if (lane.queue.remove(head))
            this.settle(head, error instanceof Error ? error : new Error(String(error)));
          continue;
        }
        lane.known = { waitMs: grant.waitMs, at: Date.now(), factor: grant.factor };
        // The head may have timed out meanwhile: the token goes to whoever is first now.
        const first = lane.queue.peek();
        if (grant.granted && first) {
          lane.queue.shift();
          this.settle(first);
        }
      }
    } finally {
      lane.pumping = false;
      if (lane.queue.size > 0) void this.pump(lane);
      else {
        this.lanes.delete(laneKey(lane.realmId, lane.kind));
        if (this.lanes.size === 0) {
          this.stopListening?.();
          this.stopListening = undefined;
        }
      }
    }
  }

  private sleep(lane: Lane, ms: number, wakeable: boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        lane.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      lane.wake = wakeable ? done : null;
    });
  }

  /** A waiter whose time ran out while others were ahead of it. */
  private expire(lane: Lane, waiter: Waiter): void {
    const ahead = lane.queue.ahead(waiter);
    if (!lane.queue.remove(waiter)) return;
    // Its turn would come after the head's wait and one refill per caller ahead of it.
    const slowest =
      Math.min(...this.specs[lane.kind].map((s) => s.refillPerSecond)) * (lane.known?.factor ?? 1);
    const retryAfterMs = knownWait(lane, waiter.priority) + ((ahead + 1) * 1000) / slowest;
    this.settle(waiter, throttledError(lane.realmId, retryAfterMs));
  }

  private settle(waiter: Waiter, error?: Error): void {
    clearTimeout(waiter.timer);
    if (error) waiter.reject(error);
    else waiter.resolve();
  }
}

const laneKey = (realmId: string, kind: CallKind) => `${realmId}\u0000${kind}`;
