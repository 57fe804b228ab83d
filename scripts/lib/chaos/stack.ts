// The chaos run's own stack (stack/launch.ts): a Temporal dev server with its history in a SQLite
// file (so a restart keeps every workflow), the QBO emulator, the API in this process on a pool
// of its own, and the sync workers as child processes restarted after they die, on a migrated
// database the caller provides. Everything started here is stopped by `close()`.
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { QboServices } from '../../../activities/qbo/services';
import type { ApiConfig } from '../../../api/config';
import type { Database } from '../../../db/client';
import type { ApiClient } from '../stack/api-client';
import type { StackEmulator } from '../stack/emulator';
import { launchStack } from '../stack/launch';
import type { WorkerPool } from '../stack/worker-pool';

/** The emulator-mode OAuth app of the run (the emulator's, not an Intuit secret). */
const CLIENT = { clientId: 'qbo-sync-chaos', clientSecret: 'qbo-sync-chaos-secret' };

export type ChaosStackOptions = {
  runDir: string;
  /** A migrated database on a PostgreSQL server (the caller creates and drops it). */
  databaseUrl: string;
  workers: number;
  timeScale: number;
  restartDelayMs: number;
  /** QBO_CHANGE_POLL_SECONDS of the run: how often the change poller reads QuickBooks' changes. */
  changePollSeconds: number;
  onEvent: (line: string) => void;
};

export type ChaosStack = {
  apiUrl: string;
  api: ApiClient;
  control: StackEmulator['control'];
  /** The run's own pool (not a target of the connection drops). */
  db: Database;
  qbo: QboServices;
  temporal: Client;
  temporalAddress: string;
  taskQueue: string;
  workers: WorkerPool;
  config: ApiConfig;
  /** Seconds between two polls of the company's changes (the API starts the poller with it). */
  changePollSeconds: number;
  restartTemporal: () => Promise<number>;
  dropDatabaseConnections: () => Promise<number>;
  close: () => Promise<void>;
};

export async function startChaosStack(options: ChaosStackOptions): Promise<ChaosStack> {
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const taskQueue = `chaos-${runId}`;
  // Per-run application names: a connection drop hits this run's service and nothing else.
  const workerApplication = `qbo-sync-worker chaos-${runId}`;
  const apiApplication = `qbo-sync-api chaos-${runId}`;
  const stack = await launchStack({
    // The API starts the change poller with QBO_CHANGE_POLL_SECONDS: seconds, not minutes, here.
    env: { ...process.env, LOG_LEVEL: 'warn', QBO_CHANGE_POLL_SECONDS: String(options.changePollSeconds) },
    temporal: { kind: 'own', historyFile: join(options.runDir, 'temporal.sqlite') },
    database: { kind: 'url', url: options.databaseUrl, applicationName: 'qbo-sync-chaos', poolSize: 4 },
    emulator: { options: { retryAfterSeconds: 1 } },
    oauthClient: CLIENT,
    taskQueue,
    timeScale: options.timeScale,
    api: { host: '127.0.0.1', pool: { max: 5, applicationName: apiApplication } },
    workers: {
      mode: 'child-process',
      count: options.workers,
      restartDelayMs: options.restartDelayMs,
      applicationName: workerApplication,
      runDir: options.runDir,
      onEvent: options.onEvent,
    },
    onStopError: () => {},
  });
  const { database, emulator, temporal, workers } = stack;
  const sql = database.sql;
  if (!emulator || !workers || !sql || !temporal.address) {
    await stack.stop();
    throw new Error('the chaos stack came up incomplete');
  }
  return {
    apiUrl: stack.apiUrl,
    api: stack.api,
    control: emulator.control,
    db: database.db,
    qbo: stack.qbo,
    temporal: stack.client,
    temporalAddress: temporal.address,
    taskQueue,
    workers,
    config: stack.config,
    changePollSeconds: stack.config.qbo.changePollSeconds ?? options.changePollSeconds,
    restartTemporal: temporal.restart,
    dropDatabaseConnections: async () => {
      const rows = await sql<Array<{ terminated: boolean }>>`
        select pg_terminate_backend(pid) as terminated from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()
          and application_name in (${workerApplication}, ${apiApplication})`;
      return rows.filter((r) => r.terminated).length;
    },
    close: stack.stop,
  };
}
