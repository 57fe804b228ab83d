// The benchmark's own stack (stack/launch.ts), isolated from a running demo: a headless in-memory
// Temporal dev server on a free port, a fresh database on the PostgreSQL server (DATABASE_URL or
// 127.0.0.1:5432; dropped at the end), the QBO emulator enforcing QBO's limits with time scaled,
// and the API in this process. Workers run as child processes, one per pass (worker-child.ts).
import type { Client } from '@temporalio/client';
import type { QboServices } from '../../../activities/qbo/services';
import type { ApiConfig } from '../../../api/config';
import type { Database } from '../../../db/client';
import type { ApiClient } from '../stack/api-client';
import type { StackEmulator } from '../stack/emulator';
import { launchStack, type Stack } from '../stack/launch';

export const BENCH_TASK_QUEUE = 'qbo-sync-bench';

export type BenchStack = {
  api: ApiConfig;
  apiUrl: string;
  /** Calls to the API with its token. */
  client: ApiClient;
  db: Database;
  temporal: Client;
  qbo: QboServices;
  emulator: StackEmulator;
  /** The Temporal dev server's process id (for its CPU time). */
  temporalPid: number | undefined;
  /** Calls the emulator's control API. */
  control: <T>(method: string, path: string, body?: unknown) => Promise<T>;
  /** Starts a worker process of this stack. */
  spawnWorker: Stack['spawnWorker'];
  /** Sets the emulator's time scale (the API's own limiter keeps the one it started with). */
  setTimeScale: (timeScale: number) => Promise<void>;
  stop: () => Promise<void>;
};

export async function startBenchStack(timeScale: number): Promise<BenchStack> {
  const stack = await launchStack({
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    temporal: { kind: 'own', historyFile: null },
    database: {
      kind: 'fresh',
      prefix: 'qbo_sync_bench',
      applicationName: 'qbo-sync-bench',
      poolSize: 10,
      noServer:
        'npm run bench runs the worker as a separate process, so it needs a PostgreSQL server (DATABASE_URL, or one at 127.0.0.1:5432); embedded PGlite serves one process only.',
    },
    emulator: {},
    taskQueue: BENCH_TASK_QUEUE,
    timeScale,
    api: { host: '127.0.0.1' },
  });
  const emulator = stack.emulator;
  if (!emulator) {
    await stack.stop();
    throw new Error('the benchmark stack came up without its emulator');
  }
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await emulator.control(method, path, body);
    if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    api: stack.config,
    apiUrl: stack.apiUrl,
    client: stack.api,
    db: stack.database.db,
    temporal: stack.client,
    qbo: stack.qbo,
    emulator,
    temporalPid: stack.temporal.pid(),
    control,
    spawnWorker: stack.spawnWorker,
    setTimeScale: async (scale) => {
      await control('PUT', '/limits', { timeScale: scale });
    },
    stop: stack.stop,
  };
}
