// One company's bulk writes in this worker, pooled across the runs that make them (the pages of an
// initial sync in flight side by side): each page alone holds at most 30 writes, and splitting them
// between the two lanes left part-filled batches. Pooled, batches go out full while the backlog
// lasts, and the plain budget takes one write per free token beside them (write-lanes.ts).
import { BATCH_LIMIT } from './schemas';
import type { LaneProbe, LaneSenders } from './write-lanes';

/** How long writes wait for others to join when fewer than a batch are pooled. */
const GATHER_MS = 150;
/** Pause before probing again when neither lane has a token. */
const RETRY_PROBE_MS = 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class WritePool<T> {
  private pending: T[] = [];
  private draining = false;

  constructor(
    private readonly probe: LaneProbe,
    private readonly send: LaneSenders<T>,
    private readonly onIdle: () => void,
  ) {}

  submit(items: readonly T[]): void {
    if (items.length === 0) return;
    this.pending.push(...items);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        if (this.pending.length < BATCH_LIMIT) await sleep(GATHER_MS);
        await this.step();
      }
    } finally {
      this.draining = false;
      if (this.pending.length > 0) void this.drain();
      else this.onIdle();
    }
  }

  /** One send through whichever lane has a token now, or a short wait when neither has. */
  private async step(): Promise<void> {
    if (this.pending.length === 1) {
      this.send.plain(this.pending.shift() as T, false);
      return;
    }
    if (await this.probe.batchNow()) {
      this.send.batch(this.pending.splice(0, BATCH_LIMIT), true);
      return;
    }
    if (await this.probe.plainNow()) {
      this.send.plain(this.pending.shift() as T, true);
      return;
    }
    await sleep(RETRY_PROBE_MS);
  }
}

const pools = new Map<string, WritePool<unknown>>();

/** The pool of `key` (a company and call class) in this process; made by `create` when none is draining. */
export function sharedWritePool<T>(key: string, create: (onIdle: () => void) => WritePool<T>): WritePool<T> {
  let pool = pools.get(key) as WritePool<T> | undefined;
  if (!pool) {
    const made = create(() => {
      if (pools.get(key) === made) pools.delete(key);
    });
    pool = made;
    pools.set(key, made);
  }
  return pool;
}
