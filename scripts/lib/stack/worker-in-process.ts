// A sync worker in this process: `npm start` and the demo (sharing the API's pool and QBO
// services), or the tests' (with a pool of its own, as a separate process would have).
import type { Worker } from '@temporalio/worker';
import type { QboServices } from '../../../activities/qbo/services';
import type { TemporalConfig } from '../../../config/temporal';
import { createDb, type Database } from '../../../db/client';
import { createSyncWorker } from '../../../worker/create-worker';
import type { WorkerLife } from './worker-life';

export type InProcessWorkerOptions = {
  temporal: TemporalConfig;
  db: Database;
  qbo: QboServices;
  /** Initial-sync pages share QBO batch requests (default: the activities' own default). */
  batching?: boolean;
  /** A pool of its own on this URL instead of `db`. */
  ownPool?: { url: string; max: number };
};

export type InProcessWorker = {
  worker: Worker;
  /** Worker.run(): resolves when it has stopped. */
  done: Promise<void>;
  /** Begins a graceful shutdown (no-op unless running: the SDK's signal handler may have begun it). */
  shutdown: () => void;
  /** Waits for it to stop, then closes its connection (and its own pool). */
  release: () => Promise<void>;
  /** shutdown + release. */
  stop: () => Promise<void>;
};

export async function startInProcessWorker(options: InProcessWorkerOptions): Promise<InProcessWorker> {
  const pool = options.ownPool ? createDb(options.ownPool.url, { max: options.ownPool.max }) : null;
  const batching = options.batching === undefined ? {} : { batching: options.batching };
  let created: Awaited<ReturnType<typeof createSyncWorker>>;
  try {
    created = await createSyncWorker(options.temporal, {
      db: pool?.db ?? options.db,
      qbo: options.qbo,
      ...batching,
    });
  } catch (error) {
    await pool?.close();
    throw error;
  }
  const { worker, connection } = created;
  const done = worker.run();
  const shutdown = () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  let released: Promise<void> | null = null;
  const release = () =>
    (released ??= (async () => {
      await done.catch(() => {});
      await connection.close();
      await pool?.close();
    })());
  return {
    worker,
    done,
    shutdown,
    release,
    stop: () => {
      shutdown();
      return release();
    },
  };
}

/** A worker life in this process (the pool's in-process mode). */
export function inProcessLife(start: () => Promise<InProcessWorker>): WorkerLife {
  let current: InProcessWorker | null = null;
  let ending = false;
  const started = start().then((w) => {
    current = w;
    if (ending) w.shutdown();
    return w;
  });
  const ended = started.then(
    async (w) => {
      const code = await w.done.then(
        () => 0,
        () => 1,
      );
      await w.release();
      current = null;
      return { code, signal: null };
    },
    () => ({ code: 1, signal: null }),
  );
  const shutdown = () => {
    ending = true;
    current?.shutdown();
  };
  return {
    ready: started.then(() => undefined),
    ended,
    shutdown,
    kill: shutdown,
    pid: undefined,
    stdout: null,
    stderr: null,
    worker: () => current?.worker ?? null,
  };
}
