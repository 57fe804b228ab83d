// One company's bulk writes in this worker, pooled across the runs that make them (the pages of an
// initial sync in flight side by side): each page alone holds at most 30 writes, and splitting them
// between the two lanes left part-filled batches. Pooled, batches go out full while the backlog
// lasts, and the plain budget takes one write per free token beside them (write-lanes.ts).
import { BATCH_LIMIT } from './schemas';
import { isWanted, onWantedRecord } from './wanted-records';
import { MIN_WAITING_BATCH, type LaneProbe, type LaneSenders } from './write-lanes';

/** Sends one write that another run waits for at once (the limiter serves it as a hook's). */
export type UrgentSender<T> = { tags(item: T): readonly string[] | undefined; send(item: T): void };

/**
 * How long the pool waits for more writes while fewer than a batch are pooled: writes arriving
 * this often mean pages are still producing; a pause this long means they wait for these writes.
 */
const GATHER_MS = 150;
/** Pause before probing again when no lane has a token. */
const RETRY_PROBE_MS = 25;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class WritePool<T> {
  private pending: T[] = [];
  private draining = false;
  private lastArrival = 0;

  constructor(
    private readonly probe: LaneProbe,
    private readonly send: LaneSenders<T>,
    private readonly onIdle: () => void,
    private readonly now: () => number = Date.now,
    private readonly urgent?: UrgentSender<T>,
  ) {}

  /** Sends the pooled writes made under lease `tag` now, ahead of the others (wanted-records.ts). */
  expedite(tag: string): void {
    const urgent = this.urgent;
    if (!urgent) return;
    const wanted = this.pending.filter((item) => urgent.tags(item)?.includes(tag));
    if (wanted.length === 0) return;
    this.pending = this.pending.filter((item) => !wanted.includes(item));
    for (const item of wanted) urgent.send(item);
  }

  submit(items: readonly T[]): void {
    const urgent = this.urgent;
    // Writes another run already waits for go at once (its announcement may have come first).
    const wanted = urgent ? items.filter((item) => isWanted(urgent.tags(item))) : [];
    for (const item of wanted) urgent?.send(item);
    const pooled = wanted.length > 0 ? items.filter((item) => !wanted.includes(item)) : items;
    if (pooled.length === 0) return;
    this.pending.push(...pooled);
    this.lastArrival = this.now();
    if (!this.draining) void this.drain();
  }

  /** Writes pooled and not yet sent. */
  get size(): number {
    return this.pending.length;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.pending.length > 0) await this.step();
    } finally {
      this.draining = false;
      if (this.pending.length > 0) void this.drain();
      else this.onIdle();
    }
  }

  /**
   * One send, or a short wait. While 30 are pooled, a batch token sends a full batch and a plain
   * token one write of the surplus beyond it. Fewer than 30 wait for more while writes keep
   * arriving (a part-filled batch wastes the scarcer budget: 40 batch calls a minute, worth 30
   * writes each, against 460 plain calls); once arrivals pause (the pages wait for these writes),
   * they go: plainly while the plain budget lasts, as a batch when it has run out.
   */
  private async step(): Promise<void> {
    const count = this.pending.length;
    if (count >= BATCH_LIMIT) {
      if (await this.probe.batchNow()) return this.send.batch(this.pending.splice(0, BATCH_LIMIT), true);
      if (count > BATCH_LIMIT && (await this.probe.plainNow()))
        return this.send.plain(this.pending.shift() as T, true);
      return sleep(RETRY_PROBE_MS);
    }
    const quietFor = this.now() - this.lastArrival;
    if (quietFor < GATHER_MS) return sleep(GATHER_MS - quietFor);
    if (count === 1) return this.send.plain(this.pending.shift() as T, false);
    if (await this.probe.plainNow()) return this.send.plain(this.pending.shift() as T, true);
    if (count >= MIN_WAITING_BATCH && (await this.probe.batchNow()))
      return this.send.batch(this.pending.splice(0, BATCH_LIMIT), true);
    return sleep(RETRY_PROBE_MS);
  }
}

const pools = new Map<string, WritePool<unknown>>();
onWantedRecord((tag) => {
  for (const pool of pools.values()) pool.expedite(tag);
});

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
