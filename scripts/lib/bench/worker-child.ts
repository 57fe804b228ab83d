// Starts the benchmark worker (worker-process.ts) as a child process and reads its CPU time and
// peak memory from /proc (Linux): utime + stime of /proc/<pid>/stat, VmHWM of /proc/<pid>/status.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

export type WorkerUsage = {
  /** CPU seconds (user + system, every thread) since the process started. */
  cpuSeconds: number;
  /** Peak resident set size in MiB since start or the last resetPeak(). */
  peakRssMiB: number;
};

export type WorkerChild = {
  pid: number;
  usage: () => WorkerUsage;
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

export async function startWorkerChild(env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<WorkerChild> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the bench worker did not start in time')), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('"ready":true')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the bench worker exited with code ${code} before it was ready`));
    });
  });
  const pid = child.pid ?? 0;
  const ticks = clockTicks();
  let last: WorkerUsage = { cpuSeconds: 0, peakRssMiB: 0 };
  return {
    pid,
    usage: () => (last = child.exitCode === null ? readUsage(pid, ticks) : last),
    resetPeak: () => {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      last = readUsage(pid, ticks);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
