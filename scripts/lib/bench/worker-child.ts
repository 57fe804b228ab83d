// The benchmark's worker: a worker process of the bench stack (stack/worker-process.ts, the
// production worker: same workflows, activities and QBO client) with SYNC_BATCHING on or off and
// its rate limiter at the emulator's time scale. Its CPU time and peak memory come from /proc
// (Linux): utime + stime of /proc/<pid>/stat, VmHWM of /proc/<pid>/status. Its rate limiter's
// counters (Postgres statements) come on request: SIGUSR2, answered with a `bench-stats` line.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { stopLife, type WorkerLife } from '../stack/worker-life';
import type { BenchStack } from './stack';

export type WorkerUsage = {
  /** CPU seconds (user + system, every thread) since the process started. */
  cpuSeconds: number;
  /** Peak resident set size in MiB since start or the last resetPeak(). */
  peakRssMiB: number;
};

export type WorkerChild = {
  pid: number;
  usage: () => WorkerUsage;
  /** Postgres statements the worker's rate limiter has run; null when it does not count them. */
  limiterStatements: () => Promise<number | null>;
  /** Why it ended, once it has (a crashed worker would leave a sync waiting forever). */
  exit: () => string | null;
  /** Forgets the peak so far (start-up and bundling), where the kernel allows it. */
  resetPeak: () => boolean;
  stop: () => Promise<void>;
};

export function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
}

export function readUsage(pid: number, ticksPerSecond: number): WorkerUsage {
  // Fields after the command name (which may hold spaces) start at field 3 (state).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return { cpuSeconds: (utime + stime) / ticksPerSecond, peakRssMiB: Number(hwm ?? 0) / 1024 };
}

export async function startWorkerChild(
  stack: BenchStack,
  options: { batching: 'on' | 'off'; timeScale: number },
  timeoutMs = 180_000,
): Promise<WorkerChild> {
  const life = stack.spawnWorker({
    env: { SYNC_BATCHING: options.batching },
    rateLimits: { timeScale: options.timeScale },
    applicationName: 'qbo-sync-bench-worker',
  });
  let exited = false;
  let exitReason: string | null = null;
  void life.ended.then(({ code, signal }) => {
    exited = true;
    exitReason = `the worker process ended (code ${String(code)}, signal ${String(signal)})`;
  });
  await whenReady(life, timeoutMs);
  const pid = life.pid ?? 0;
  const ticks = clockTicks();
  let last: WorkerUsage = { cpuSeconds: 0, peakRssMiB: 0 };
  const stats = statsReader(life);
  return {
    pid,
    usage: () => (last = exited ? last : readUsage(pid, ticks)),
    exit: () => exitReason,
    limiterStatements: () => (exited ? Promise.resolve(null) : stats(() => process.kill(pid, 'SIGUSR2'))),
    resetPeak: () => {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    stop: async () => {
      if (exited) return;
      last = readUsage(pid, ticks);
      await stopLife(life, 30_000);
    },
  };
}

const statsLine = z.object({
  limiter: z.object({ statements: z.number() }).passthrough().nullable(),
});

/** Asks for a `bench-stats` line (worker-process.ts) and reads it from the worker's output. */
function statsReader(life: WorkerLife): (ask: () => void) => Promise<number | null> {
  const waiting: Array<(statements: number | null) => void> = [];
  let tail = '';
  life.stdout?.on('data', (chunk: Buffer) => {
    const lines = (tail + chunk.toString()).split('\n');
    tail = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('bench-stats ')) continue;
      let statements: number | null = null;
      try {
        const parsed = statsLine.safeParse(JSON.parse(line.slice('bench-stats '.length)));
        statements = parsed.success ? (parsed.data.limiter?.statements ?? null) : null;
      } catch {
        // not JSON: counted as "no counter"
      }
      waiting.splice(0).forEach((resolve) => resolve(statements));
    }
  });
  return (ask) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), 5_000);
      waiting.push((statements) => {
        clearTimeout(timer);
        resolve(statements);
      });
      ask();
    });
}

async function whenReady(life: WorkerLife, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the bench worker did not start in time')), timeoutMs);
  });
  try {
    await Promise.race([
      life.ready.catch((error: unknown) => {
        throw new Error(`the bench worker exited before it was ready (${String(error)})`);
      }),
      timeout,
    ]);
  } catch (error) {
    life.kill();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
