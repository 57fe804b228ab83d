// The chaos run's own stack: a Temporal dev server with its history in a SQLite file (so a
// restart keeps every workflow), a fresh PostgreSQL database (or the caller's), the QBO emulator,
// the API in this process, and the sync workers as child processes (workers.ts), on a database
// the caller provides. Everything started here is stopped by `close()`.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createQboServices, type QboServices } from '../../../activities/qbo/services';
import { createApp } from '../../../api/app';
import { loadApiConfig, type ApiConfig } from '../../../api/config';
import { connectTemporalClient } from '../../../api/temporal-client';
import { createLogger } from '../../../config/logger';
import { createDb, type DbHandle } from '../../../db/client';
import { createQboEmulator, type QboEmulator } from '../../../qbo-emulator/server';
import { WORKFLOWS_PATH } from '../../../worker/create-worker';
import { freePort, startTemporalDevServer, type DevServer } from '../temporal-dev-server';
import { WorkerPool } from './workers';

/** The emulator-mode OAuth app of the run (the emulator's, not an Intuit secret). */
const CLIENT = { id: 'qbo-sync-chaos', secret: 'qbo-sync-chaos-secret' };

export type ChaosStackOptions = {
  runDir: string;
  /** A migrated database on a PostgreSQL server (the caller creates and drops it). */
  databaseUrl: string;
  workers: number;
  timeScale: number;
  restartDelayMs: number;
  onEvent: (line: string) => void;
};

export type ChaosStack = {
  apiUrl: string;
  api: (path: string, init?: RequestInit) => Promise<Response>;
  control: (method: string, path: string, body?: unknown) => Promise<Response>;
  emulator: QboEmulator;
  /** The run's own pool (not a target of the connection drops). */
  database: DbHandle;
  qbo: QboServices;
  temporal: Client;
  temporalAddress: string;
  taskQueue: string;
  workers: WorkerPool;
  config: ApiConfig;
  restartTemporal: () => Promise<number>;
  dropDatabaseConnections: () => Promise<number>;
  close: () => Promise<void>;
};

export async function startChaosStack(options: ChaosStackOptions): Promise<ChaosStack> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => {});
  };
  let temporalServer: DevServer | null = null;
  let temporalProcess: ChildProcess | null = null;
  let workers: WorkerPool | null = null;
  const killNow = () => {
    workers?.killAllNow();
    temporalProcess?.kill('SIGKILL');
  };
  // Whatever way this process ends (a second Ctrl-C, process.exit), no child outlives it.
  process.once('exit', killNow);
  closers.push(() => {
    process.removeListener('exit', killNow);
    return Promise.resolve();
  });
  try {
    const { databaseUrl } = options;
    const database = createDb(databaseUrl, { max: 4, applicationName: 'qbo-sync-chaos' });
    closers.push(database.close);

    const temporalPort = await freePort();
    const temporalOptions = {
      port: temporalPort,
      uiPort: null,
      dbFilename: join(options.runDir, 'temporal.sqlite'),
      onSpawn: (child: ChildProcess) => (temporalProcess = child),
    } as const;
    temporalServer = await startTemporalDevServer(temporalOptions);
    closers.push(() => temporalServer?.stop() ?? Promise.resolve());
    const temporalAddress = temporalServer.address;

    const emulator = createQboEmulator({ timeScale: options.timeScale, retryAfterSeconds: 1 });
    const { url: emulatorUrl } = await emulator.listen(0);
    closers.push(() => emulator.close());

    const server = createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const apiUrl = `http://127.0.0.1:${port}`;
    const runId = `${Date.now().toString(36)}-${process.pid}`;
    const taskQueue = `chaos-${runId}`;
    // Per-run application names: a connection drop hits this run's service and nothing else.
    const workerApplication = `qbo-sync-worker chaos-${runId}`;
    const apiApplication = `qbo-sync-api chaos-${runId}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
      QBO_ENVIRONMENT: 'emulator',
      QBO_EMULATOR_URL: emulatorUrl,
      QBO_CLIENT_ID: CLIENT.id,
      QBO_CLIENT_SECRET: CLIENT.secret,
      QBO_REDIRECT_URI: `${apiUrl}/api/v1/qbo/callback`,
      PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    const config = loadApiConfig(env);
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${emulatorUrl}/__emulator${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    await control('POST', '/clients', {
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      redirectUris: [config.qbo.redirectUri],
    });

    const apiDb = createDb(databaseUrl, { max: 5, applicationName: apiApplication });
    closers.push(apiDb.close);
    const rateLimits = { timeScale: options.timeScale };
    const apiQbo = createQboServices(apiDb.db, config.qbo, config.tokenEncryptionKey, { rateLimits });
    // gRPC reconnects by itself: the same client works again once a restarted server answers.
    const temporalClient = await connectTemporalClient(config.temporal);
    closers.push(() => temporalClient.connection.close());
    server.on(
      'request',
      createApp({
        config,
        db: apiDb.db,
        temporal: temporalClient,
        qbo: apiQbo,
        log: createLogger('api', 'error'),
      }),
    );

    const bundlePath = join(options.runDir, 'workflow-bundle.js');
    const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundleLogger });
    await writeFile(bundlePath, bundle.code);
    workers = new WorkerPool({
      count: options.workers,
      env,
      settings: { bundlePath, timeScale: options.timeScale, applicationName: workerApplication },
      logDir: options.runDir,
      restartDelayMs: options.restartDelayMs,
      onEvent: options.onEvent,
    });
    const pool = workers;
    closers.push(() => pool.stop());
    await pool.start();

    return {
      apiUrl,
      api: (path, init = {}) =>
        fetch(`${apiUrl}${path}`, {
          ...init,
          headers: {
            authorization: `Bearer ${config.apiToken}`,
            'content-type': 'application/json',
            ...(init.headers as Record<string, string>),
          },
          redirect: 'manual',
        }),
      control,
      emulator,
      database,
      qbo: createQboServices(database.db, config.qbo, config.tokenEncryptionKey, { rateLimits }),
      temporal: temporalClient,
      temporalAddress,
      taskQueue,
      workers: pool,
      config,
      restartTemporal: async () => {
        const started = Date.now();
        await temporalServer?.stop();
        temporalServer = await startTemporalDevServer(temporalOptions);
        return Date.now() - started;
      },
      dropDatabaseConnections: async () => {
        const rows = await database.sql<Array<{ terminated: boolean }>>`
          select pg_terminate_backend(pid) as terminated from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()
            and application_name in (${workerApplication}, ${apiApplication})`;
        return rows.filter((r) => r.terminated).length;
      },
      close,
    };
  } catch (error) {
    killNow();
    await close();
    throw error;
  }
}

const quietBundleLogger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  log: () => {},
};
