// One life of a sync worker, from start to end: a child process (worker-child.ts) or a worker in
// this process (worker-in-process.ts). A pool (worker-pool.ts) starts, kills and restarts them.
import type { Readable } from 'node:stream';
import type { Worker } from '@temporalio/worker';

export type WorkerExit = { code: number | null; signal: NodeJS.Signals | null };

export type WorkerLife = {
  /** Resolves once it polls its task queue; rejects when it ends first. */
  ready: Promise<void>;
  /** Resolves when it has ended (the process exited; the in-process worker stopped and let go). */
  ended: Promise<WorkerExit>;
  /** Drains it: SIGTERM, or Worker.shutdown() in this process. */
  shutdown: () => void;
  /** Ends it now: SIGKILL (in this process there is nothing harder than shutdown). */
  kill: () => void;
  /** The child's process id (undefined in this process). */
  pid: number | undefined;
  /** The child's output, when piped. */
  stdout: Readable | null;
  stderr: Readable | null;
  /** The in-process Worker while it runs. */
  worker: () => Worker | null;
};

/** Drains a life, SIGKILLing it after `graceMs`; resolves when it has ended. */
export async function stopLife(life: WorkerLife, graceMs: number): Promise<WorkerExit> {
  life.shutdown();
  const timer = setTimeout(() => life.kill(), graceMs);
  try {
    return await life.ended;
  } finally {
    clearTimeout(timer);
  }
}
