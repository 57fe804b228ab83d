// A stack's sync workers: N slots, each running one worker life after another (child processes
// or in this process). A dead worker is started again after a pause when asked (the chaos run:
// SIGKILLed by the run or crashed on its own, e.g. while the Temporal server was down); with a
// log directory each slot's output goes to worker-<n>.log.
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import { stopLife, type WorkerLife } from './worker-life';

export type WorkerPoolOptions = {
  count: number;
  /** Starts one life of a worker. */
  startLife: () => WorkerLife;
  /** Pause before a dead worker starts again; null leaves it down (until start()). */
  restartDelayMs: number | null;
  /** Where each slot's output goes (worker-<n>.log); default: nowhere of the pool's. */
  logDir?: string;
  onEvent?: (line: string) => void;
};

type Slot = { index: number; life: WorkerLife | null; log: WriteStream | null; ready: boolean };

export type WorkerPoolStats = { started: number; killed: number; crashed: number };

export class WorkerPool {
  readonly stats: WorkerPoolStats = { started: 0, killed: 0, crashed: 0 };
  private readonly slots: Slot[];
  private stopping = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly killedByUs = new WeakSet<WorkerLife>();

  constructor(private readonly options: WorkerPoolOptions) {
    this.slots = Array.from({ length: options.count }, (_, index) => ({
      index,
      life: null,
      log: null,
      ready: false,
    }));
  }

  /** Starts every worker that is down; resolves when all of them poll. */
  async start(): Promise<void> {
    this.stopping = false;
    await Promise.all(this.slots.filter((slot) => !slot.life).map((slot) => this.spawn(slot)));
  }

  /** How many worker slots the pool has. */
  get size(): number {
    return this.slots.length;
  }

  /** How many workers are polling now. */
  get readyCount(): number {
    return this.slots.filter((s) => s.ready).length;
  }

  /** Whether any worker is alive (starting, polling or stopping). */
  get running(): boolean {
    return this.slots.some((s) => s.life !== null);
  }

  /** The first slot's worker while it runs in this process. */
  get inProcess(): Worker | null {
    return this.slots[0]?.life?.worker() ?? null;
  }

  private spawn(slot: Slot): Promise<void> {
    const life = this.options.startLife();
    slot.life = life;
    slot.ready = false;
    this.stats.started += 1;
    const log = this.logOf(slot);
    if (log) {
      life.stdout?.on('data', (chunk: Buffer) => log.write(chunk));
      life.stderr?.pipe(log, { end: false });
    }
    // The last error output, to say why a worker died on its own.
    let lastError = '';
    life.stderr?.on('data', (chunk: Buffer) => {
      lastError = (lastError + chunk.toString()).slice(-2000);
    });
    life.ready.then(
      () => (slot.ready = slot.life === life),
      () => {},
    );
    void life.ended.then(({ code, signal }) => {
      if (slot.life === life) slot.life = null;
      slot.ready = false;
      log?.write(`--- exited (code ${String(code)}, signal ${String(signal)})\n`);
      if (!this.killedByUs.has(life) && !this.stopping) {
        this.stats.crashed += 1;
        const reason = errorLines(lastError);
        this.options.onEvent?.(
          `worker #${slot.index + 1} exited on its own (code ${String(code)})${reason ? `: ${reason}` : ''}`,
        );
      }
      const delay = this.options.restartDelayMs;
      if (!this.stopping && delay !== null) this.later(() => void this.spawn(slot), delay);
    });
    // With restarts, a worker that dies before it polls comes back: stop waiting for it.
    return this.options.restartDelayMs === null ? life.ready : life.ready.catch(() => {});
  }

  private logOf(slot: Slot): WriteStream | null {
    if (!this.options.logDir) return null;
    slot.log ??= createWriteStream(join(this.options.logDir, `worker-${slot.index + 1}.log`), { flags: 'a' });
    return slot.log;
  }

  private later(fn: () => void, ms: number) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  /** SIGKILLs one worker (false when that slot is between lives); restarted after the delay. */
  kill(index: number): boolean {
    const slot = this.slots[index % this.slots.length];
    const life = slot?.life;
    if (!life) return false;
    this.killedByUs.add(life);
    life.kill();
    this.stats.killed += 1;
    return true;
  }

  /** Resolves once `n` workers poll (or the timeout passes: false). */
  async waitReady(n: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.readyCount < n) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 200));
    }
    return true;
  }

  /** Stops every worker: drained (SIGKILLed after `graceMs`), or SIGKILLed at once with `kill`. */
  async stop(options: { graceMs?: number; kill?: boolean } = {}): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const lives = this.slots.flatMap((slot) => (slot.life ? [slot.life] : []));
    for (const life of lives) this.killedByUs.add(life);
    if (options.kill) for (const life of lives) life.kill();
    await Promise.all(lives.map((life) => stopLife(life, options.graceMs ?? 10_000)));
    await Promise.all(this.slots.map((slot) => closeLog(slot)));
  }

  /** Synchronous last resort (process 'exit' handler): SIGKILL whatever still runs. */
  killAllNow(): void {
    this.stopping = true;
    for (const slot of this.slots) slot.life?.kill();
  }
}

function errorLines(output: string): string {
  return output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /error/i.test(l))
    .slice(0, 2)
    .join(' | ')
    .slice(0, 300);
}

function closeLog(slot: Slot): Promise<void> {
  const log = slot.log;
  slot.log = null;
  return log ? new Promise<void>((resolve) => log.end(() => resolve())) : Promise.resolve();
}
