// The benchmark's own stack, isolated from a running demo: a headless in-memory Temporal dev
// server on a free port, a fresh database on the PostgreSQL server (DATABASE_URL or
// 127.0.0.1:5432; dropped at the end), the QBO emulator enforcing QBO's limits with time scaled,
// and the API in this process. Workers run as child processes (worker-child.ts).
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { createQboServices, type QboServices } from '../../../activities/qbo/services';
import { createApp } from '../../../api/app';
import { loadApiConfig, type ApiConfig } from '../../../api/config';
import { connectTemporalClient } from '../../../api/temporal-client';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from '../../../config/fragments';
import { createLogger } from '../../../config/logger';
import { createDb, type Database } from '../../../db/client';
import { runMigrations } from '../../../db/migrate';
import { createQboEmulator } from '../../../qbo-emulator/server';
import { createServerDatabase, findPostgresServer } from '../postgres-target';
import { freePort, startTemporalDevServer } from '../temporal-dev-server';

export const BENCH_TASK_QUEUE = 'qbo-sync-bench';

export type BenchStack = {
  api: ApiConfig;
  apiUrl: string;
  db: Database;
  temporal: Client;
  qbo: QboServices;
  emulatorUrl: string;
  /** The Temporal dev server's process id (for its CPU time). */
  temporalPid: number | undefined;
  /** Calls the emulator's control API. */
  control: <T>(method: string, path: string, body?: unknown) => Promise<T>;
  /** Environment for a worker process of this stack. */
  workerEnv: (extra: Record<string, string>) => NodeJS.ProcessEnv;
  /** Sets the emulator's time scale (the API's own limiter keeps the one it started with). */
  setTimeScale: (timeScale: number) => Promise<void>;
  stop: () => Promise<void>;
};

export async function startBenchStack(timeScale: number): Promise<BenchStack> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error(String(e)));
  };
  try {
    const adminUrl = await findPostgresServer();
    if (!adminUrl)
      throw new Error(
        'npm run bench runs the worker as a separate process, so it needs a PostgreSQL server (DATABASE_URL, or one at 127.0.0.1:5432); embedded PGlite serves one process only.',
      );
    const database = await createServerDatabase(adminUrl, 'qbo_sync_bench');
    cleanups.push(database.drop);
    await runMigrations(database.url);
    const handle = createDb(database.url, { max: 10, applicationName: 'qbo-sync-bench' });
    cleanups.push(handle.close);

    const server = await startTemporalDevServer({ port: 0, uiPort: null, dbFilename: null });
    cleanups.push(server.stop);

    const port = await freePort();
    const redirectUri = `http://localhost:${port}/api/v1/qbo/callback`;
    const emulator = createQboEmulator({
      timeScale,
      clients: [
        { clientId: EMULATOR_CLIENT_ID, clientSecret: EMULATOR_CLIENT_SECRET, redirectUris: [redirectUri] },
      ],
    });
    const { url: emulatorUrl } = await emulator.listen(0);
    cleanups.push(() => emulator.close());

    const baseEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: server.namespace,
      TEMPORAL_TASK_QUEUE: BENCH_TASK_QUEUE,
      QBO_ENVIRONMENT: 'emulator',
      QBO_EMULATOR_URL: emulatorUrl,
      QBO_REDIRECT_URI: redirectUri,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    };
    const api = loadApiConfig({ ...baseEnv, PORT: String(port) });
    const temporal = await connectTemporalClient(api.temporal);
    cleanups.push(() => temporal.connection.close());
    const qbo = createQboServices(handle.db, api.qbo, api.tokenEncryptionKey, {
      rateLimits: { timeScale },
    });
    const app = createApp({ config: api, db: handle.db, temporal, qbo, log: createLogger('api', 'warn') });
    const http = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(port, (error) => (error ? reject(error) : resolve(s)));
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          http.closeAllConnections();
          http.close(() => resolve());
        }),
    );

    const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${emulatorUrl}/__emulator${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    return {
      api,
      apiUrl: `http://127.0.0.1:${port}`,
      db: handle.db,
      temporal,
      qbo,
      emulatorUrl,
      temporalPid: server.process.pid,
      control,
      workerEnv: (extra) => ({ ...baseEnv, ...extra }),
      setTimeScale: async (scale) => {
        await control('PUT', '/limits', { timeScale: scale });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
