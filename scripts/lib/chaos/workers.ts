// The chaos run's worker supervisor: N sync workers as child processes (worker-process.ts), each
// restarted after it dies, whether SIGKILLed by the run or crashed on its own (e.g. while the
// Temporal server was down). Their output goes to one log file per slot.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHAOS_WORKER_ENV, type ChaosWorkerSettings } from './worker-settings';

const ENTRY = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

export type WorkerPoolOptions = {
  count: number;
  /** The workers' environment (worker/config.ts variables). */
  env: NodeJS.ProcessEnv;
  settings: ChaosWorkerSettings;
  logDir: string;
  /** Pause before a dead worker is started again. */
  restartDelayMs: number;
  onEvent?: (line: string) => void;
};

type Slot = {
  index: number;
  process: ChildProcess | null;
  log: WriteStream;
  exited: Promise<void>;
  ready: boolean;
};

export type WorkerPoolStats = { started: number; killed: number; crashed: number };

export class WorkerPool {
  readonly stats: WorkerPoolStats = { started: 0, killed: 0, crashed: 0 };
  private readonly slots: Slot[];
  private stopping = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly killedByUs = new WeakSet<ChildProcess>();

  constructor(private readonly options: WorkerPoolOptions) {
    this.slots = Array.from({ length: options.count }, (_, index) => ({
      index,
      process: null,
      log: createWriteStream(join(options.logDir, `worker-${index + 1}.log`), { flags: 'a' }),
      exited: Promise.resolve(),
      ready: false,
    }));
  }

  /** Starts every worker; resolves when all of them poll. */
  async start(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.spawn(slot)));
  }

  /** How many worker slots the pool has. */
  get size(): number {
    return this.slots.length;
  }

  /** How many workers are polling now. */
  get readyCount(): number {
    return this.slots.filter((s) => s.ready).length;
  }

  private spawn(slot: Slot): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      env: { ...this.options.env, [CHAOS_WORKER_ENV]: JSON.stringify(this.options.settings) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    slot.process = child;
    slot.ready = false;
    this.stats.started += 1;
    child.stderr?.pipe(slot.log, { end: false });
    // The last error output, to say why a worker died on its own.
    let lastError = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      lastError = (lastError + chunk.toString()).slice(-2000);
    });
    slot.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        slot.process = null;
        slot.ready = false;
        slot.log.write(`--- exited (code ${String(code)}, signal ${String(signal)})\n`);
        if (!this.killedByUs.has(child) && !this.stopping) {
          this.stats.crashed += 1;
          const reason = lastError
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => /error/i.test(l))
            .slice(0, 2)
            .join(' | ')
            .slice(0, 300);
          this.options.onEvent?.(
            `worker #${slot.index + 1} exited on its own (code ${String(code)})${reason ? `: ${reason}` : ''}`,
          );
        }
        if (!this.stopping) this.later(() => void this.spawn(slot), this.options.restartDelayMs);
        resolve();
      });
    });
    return new Promise<void>((resolve) => {
      let out = '';
      const onData = (chunk: Buffer) => {
        slot.log.write(chunk);
        if (slot.ready) return;
        out += chunk.toString();
        if (out.includes('ready\n')) {
          slot.ready = true;
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      // A worker that dies before it polls is restarted by the exit handler; stop waiting for it.
      void slot.exited.then(resolve);
    });
  }

  private later(fn: () => void, ms: number) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  /** SIGKILLs one worker (no-op when that slot is between lives); it is restarted after the delay. */
  kill(index: number): boolean {
    const slot = this.slots[index % this.slots.length];
    const child = slot?.process;
    if (!child) return false;
    this.killedByUs.add(child);
    child.kill('SIGKILL');
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

  /** Stops every worker: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const exits = this.slots.map((slot) => slot.exited);
    for (const slot of this.slots) slot.process?.kill('SIGTERM');
    const timer = setTimeout(() => this.killAllNow(), graceMs);
    await Promise.all(exits);
    clearTimeout(timer);
    await Promise.all(this.slots.map((slot) => new Promise<void>((r) => slot.log.end(() => r()))));
  }

  /** Synchronous last resort (process 'exit' handler): SIGKILL whatever still runs. */
  killAllNow(): void {
    this.stopping = true;
    for (const slot of this.slots) slot.process?.kill('SIGKILL');
  }
}
