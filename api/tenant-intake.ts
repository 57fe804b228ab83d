// Per-tenant intake of record-sync starts in this API process (README "Scaling workers, priority
// and fairness"). Each tenant's Temporal start/signal calls go through its own lane, a few at a
// time; the rest wait their turn in order. One tenant's burst (a bulk edit in BPro: 2,000 hooks at
// once) then reaches Temporal at the pace of its lane instead of as 2,000 concurrent starts that
// every other tenant's hook queues behind, and a lane with too many waiting refuses more with
// 429 `tenant_busy` and a Retry-After estimate (BPro sends a refused hook again after it).
import pLimit, { type LimitFunction } from 'p-limit';

export type TenantIntakeOptions = {
  /** Temporal start/signal calls one tenant may have under way at once (HOOK_STARTS_PER_TENANT). */
  startsPerTenant: number;
  /** Hooks one tenant may have waiting for its lane before more are refused (HOOK_WAITING_PER_TENANT). */
  waitingPerTenant: number;
};

/** A hook the tenant's lane cannot take now: answer 429 with `retryAfterSeconds`. */
export type IntakeRefusal = { refused: true; waiting: number; retryAfterSeconds: number };

/** Weight of the newest start in the running average of how long a start takes. */
const AVERAGE_WEIGHT = 0.1;
const MAX_RETRY_AFTER_SECONDS = 60;

export class TenantIntake {
  private readonly lanes = new Map<string, LimitFunction>();
  /** How long one start/signal call takes here, averaged (for the Retry-After estimate). */
  private averageStartMs = 50;

  constructor(
    readonly options: TenantIntakeOptions,
    /** Told +1 when a call enters a lane and -1 when it starts (a gauge of those waiting). */
    private readonly onWaiting: (delta: 1 | -1) => void = () => {},
  ) {}

  /** Runs `start` in the tenant's lane; refuses at once when its waiting line is full. */
  async run<T>(tenantId: string, start: () => Promise<T>): Promise<T | IntakeRefusal> {
    const lane = this.laneOf(tenantId);
    if (lane.activeCount >= lane.concurrency && lane.pendingCount >= this.options.waitingPerTenant)
      return { refused: true, waiting: lane.pendingCount, retryAfterSeconds: this.retryAfter(lane) };
    this.onWaiting(1);
    try {
      return await lane(() => {
        this.onWaiting(-1);
        return this.timed(start);
      });
    } finally {
      // Once its last call settled the lane is dropped: idle tenants cost nothing.
      setImmediate(() => {
        if (lane.activeCount === 0 && lane.pendingCount === 0 && this.lanes.get(tenantId) === lane)
          this.lanes.delete(tenantId);
      });
    }
  }

  private laneOf(tenantId: string): LimitFunction {
    let lane = this.lanes.get(tenantId);
    if (!lane) {
      lane = pLimit(this.options.startsPerTenant);
      this.lanes.set(tenantId, lane);
    }
    return lane;
  }

  private async timed<T>(start: () => Promise<T>): Promise<T> {
    const began = performance.now();
    try {
      return await start();
    } finally {
      const ms = performance.now() - began;
      this.averageStartMs += (ms - this.averageStartMs) * AVERAGE_WEIGHT;
    }
  }

  /** About when the line now waiting will have gone through (at least 1 s). */
  private retryAfter(lane: LimitFunction): number {
    const seconds = (lane.pendingCount * this.averageStartMs) / lane.concurrency / 1000;
    return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(seconds)));
  }
}

export const isIntakeRefusal = (value: unknown): value is IntakeRefusal =>
  typeof value === 'object' && value !== null && (value as { refused?: unknown }).refused === true;
