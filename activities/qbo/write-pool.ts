// One company's bulk writes in this worker, pooled across the runs that make them (the pages of an
// initial sync in flight side by side): each page alone holds at most 30 writes, and splitting them
// between the two lanes left part-filled batches. Pooled, batches go out full while the backlog
// lasts, and the plain budget takes one write per free token beside them (write-lanes.ts).
import { BATCH_LIMIT } from './schemas';
import { MIN_WAITING_BATCH, type LaneProbe, type LaneSenders } from './write-lanes';

/** How long writes wait for others to join when fewer than a batch are pooled. */
const GATHER_MS = 150;
/** Pause before probing again when neither lane has a token. */
const RETRY_PROBE_MS = 25;

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
      // Once per drain: the pages beside this one get to add theirs.
      if (this.pending.length < BATCH_LIMIT) await sleep(GATHER_MS);
      while (this.pending.length > 0) await this.step();
    } finally {
      this.draining = false;
      if (this.pending.length > 0) void this.drain();
      else this.onIdle();
    }
  }

  /**
   * One send, or a short wait when no lane has a token: a full batch while 30 are pooled; fewer
   * go out plainly while the plain budget lasts (a part-filled batch would waste the scarcer batch
   * budget: 40 a minute against 460 plain calls), and as a batch only when it has run out.
   */
  private async step(): Promise<void> {
    if (this.pending.length === 1) {
      this.send.plain(this.pending.shift() as T, false);
      return;
    }
    const full = this.pending.length >= BATCH_LIMIT;
    if (full && (await this.probe.batchNow())) {
      this.send.batch(this.pending.splice(0, BATCH_LIMIT), true);
      return;
    }
    if (await this.probe.plainNow()) {
      this.send.plain(this.pending.shift() as T, true);
      return;
    }
    if (!full && this.pending.length >= MIN_WAITING_BATCH && (await this.probe.batchNow())) {
      this.send.batch(this.pending.splice(0, BATCH_LIMIT), true);
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
