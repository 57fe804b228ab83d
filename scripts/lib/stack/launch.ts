// One local stack, composed: Temporal, PostgreSQL, the QBO emulator, the API and the sync
// workers, each part as its caller asks (demo, benchmark, chaos run, integration tests). Parts
// come up in that order; `stop()` takes them down last-first, and a process 'exit' SIGKILLs
// any child process still running.
import type { Client } from '@temporalio/client';
import { createQboServices, type QboServices } from '../../../activities/qbo/services';
import { loadApiConfig, type ApiConfig } from '../../../api/config';
import { connectTemporalClient } from '../../../api/temporal-client';
import type { Logger } from '../../../config/logger';
import { createApiClient, type ApiClient } from './api-client';
import { listenApi } from './api';
import { Closers } from './closers';
import { openStackDatabase, type DatabaseChoice, type StackDatabase } from './database';
import { startStackEmulator, type EmulatorChoice, type StackEmulator } from './emulator';
import { stackEnv } from './env';
import { startServices } from './services';
import { startStackTemporal, type StackTemporal, type TemporalChoice } from './temporal';
import type { WorkerLife } from './worker-life';
import type { WorkerPool } from './worker-pool';
import type { WorkerChoice, WorkerSpawnOptions } from './workers';

/** The QBO services' rate limits and in-call retries (the API's, the workers' and the stack's). */
export type QboOptions = Pick<
  NonNullable<Parameters<typeof createQboServices>[3]>,
  'rateLimits' | 'transientRetries'
>;

export type StackOptions = {
  /** The environment the services' configuration starts from (default: empty). */
  env?: NodeJS.ProcessEnv;
  /** The API's configuration as given (the demo's), instead of one built for the stack's parts. */
  config?: ApiConfig;
  temporal: TemporalChoice;
  database: DatabaseChoice;
  /** null: no emulator (the demo connecting a real Intuit sandbox company). */
  emulator: EmulatorChoice | null;
  /** The OAuth app registered with the emulator (default: the configuration's QBO client). */
  oauthClient?: { clientId: string; clientSecret: string };
  taskQueue?: string;
  /** QBO's limits run this many times faster, in the emulator and in every rate limiter. */
  timeScale?: number;
  qbo?: QboOptions;
  api?: {
    /** Default: the configuration's port when given, else a free one. */
    port?: number;
    /** Default: every interface. */
    host?: string;
    /** Default: `api` at the configuration's LOG_LEVEL. */
    log?: Logger;
    /** A database pool of the API's own (default: the stack's). */
    pool?: { max: number; applicationName: string };
  };
  workers?: WorkerChoice;
  /** Runs once Temporal, the database and the emulator are up, before the API and workers start. */
  prepare?: (stack: PreparedStack) => Promise<void>;
  onEvent?: (event: StackEvent) => void;
  /** Receives `stop` at once, so a Ctrl-C during start-up can stop what is already up. */
  registerStop?: (stop: () => Promise<void>) => void;
  /** Default: printed. */
  onStopError?: (error: unknown) => void;
};

export type StackEvent =
  | { kind: 'temporal-starting' }
  | { kind: 'temporal-ready'; temporal: StackTemporal }
  | { kind: 'database-opening' }
  | { kind: 'emulator-ready'; emulator: StackEmulator | null }
  | { kind: 'services-starting' };

export type PreparedStack = {
  config: ApiConfig;
  env: NodeJS.ProcessEnv;
  temporal: StackTemporal;
  /** The Temporal client the API uses. */
  client: Client;
  database: StackDatabase;
  emulator: StackEmulator | null;
  /** QBO services on the stack's database. */
  qbo: QboServices;
  apiUrl: string;
  /** Calls to the API with its token (at 127.0.0.1). */
  api: ApiClient;
};

export type Stack = PreparedStack & {
  /** The workers asked for (null: none). */
  workers: WorkerPool | null;
  /** One more worker process of this stack (e.g. one per benchmark pass); the caller stops it. */
  spawnWorker: (options?: WorkerSpawnOptions) => WorkerLife;
  stop: () => Promise<void>;
};

export async function launchStack(options: StackOptions): Promise<Stack> {
  const closers = new Closers(options.onStopError ?? ((e: unknown) => console.error(String(e))));
  const killers = new Set<() => void>();
  // Whatever way this process ends (a second Ctrl-C, process.exit), no child outlives it.
  const killNow = () => killers.forEach((kill) => kill());
  process.once('exit', killNow);
  closers.add(() => Promise.resolve(process.removeListener('exit', killNow)));
  const stop = () => closers.close();
  options.registerStop?.(stop);
  try {
    const parts = await startParts(options, closers, killers);
    await options.prepare?.(parts.prepared);
    options.onEvent?.({ kind: 'services-starting' });
    const services = await startServices(options, parts, closers, killers);
    return { ...parts.prepared, ...services, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Temporal, the database, the emulator, the API's port and configuration, the Temporal client. */
async function startParts(options: StackOptions, closers: Closers, killers: Set<() => void>) {
  const event = options.onEvent ?? (() => {});
  event({ kind: 'temporal-starting' });
  const temporal = await startStackTemporal(options.temporal);
  closers.add(temporal.stop);
  killers.add(temporal.killNow);
  event({ kind: 'temporal-ready', temporal });

  event({ kind: 'database-opening' });
  const database = await openStackDatabase(options.database);
  closers.add(database.close);

  const timeScale = options.timeScale === undefined ? {} : { timeScale: options.timeScale };
  const emulator = options.emulator
    ? await startStackEmulator({
        ...options.emulator,
        options: { ...timeScale, ...options.emulator.options },
      })
    : null;
  if (emulator) closers.add(emulator.stop);
  event({ kind: 'emulator-ready', emulator });

  const listener = await listenApi(options.api?.port ?? options.config?.port ?? 0, options.api?.host);
  closers.add(listener.close);
  const { taskQueue, oauthClient } = options;
  const env = options.config
    ? { ...options.env }
    : stackEnv(options.env ?? {}, { temporal, database, emulator, api: listener, taskQueue, oauthClient });
  const config = options.config ?? loadApiConfig(env);
  const { clientId, clientSecret, redirectUri } = config.qbo;
  await emulator?.register({ clientId, clientSecret, redirectUri });

  const client = temporal.client ?? (await connectTemporalClient(config.temporal));
  if (!temporal.client) closers.add(() => client.connection.close());
  const rateLimits =
    options.qbo?.rateLimits || options.timeScale ? { ...options.qbo?.rateLimits, ...timeScale } : null;
  const transientRetries = options.qbo?.transientRetries;
  const qboOptions = {
    ...(rateLimits ? { rateLimits } : {}),
    ...(transientRetries ? { transientRetries } : {}),
  };
  const qbo = createQboServices(database.db, config.qbo, config.tokenEncryptionKey, qboOptions);
  const api = createApiClient(`http://127.0.0.1:${listener.port}`, config.apiToken);
  const apiUrl = listener.url;
  const prepared: PreparedStack = { config, env, temporal, client, database, emulator, qbo, apiUrl, api };
  return { prepared, listener, qboOptions };
}

export type StartedParts = Awaited<ReturnType<typeof startParts>>;
