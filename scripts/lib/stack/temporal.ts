// The stack's Temporal: a server already running (the tests' own), the configured local one (the
// demo: used when it answers, else a dev server started on that port with the Web UI and its
// history in .data/), or a headless dev server of the stack's own on a free port, with its
// history in memory or in a SQLite file (so a restart keeps every workflow).
import { temporalConnectionOptions } from '../../../config/temporal-tls';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Connection, type Client } from '@temporalio/client';
import type { TemporalConfig } from '../../../config/temporal';
import { DATA_DIR } from '../paths';
import {
  ensureSearchAttributes,
  freePort,
  startTemporalDevServer,
  type DevServer,
  type DevServerOptions,
} from '../temporal-dev-server';

export type TemporalChoice =
  /** A server someone else runs; `client` (optional) is used by the API instead of a new one. */
  | { kind: 'existing'; address?: string; client?: Client }
  /** The configured server when one answers there, else a local dev server on its port. */
  | { kind: 'local'; config: TemporalConfig }
  /** A headless dev server of the stack's own on a free port; `historyFile` null keeps it in memory. */
  | { kind: 'own'; historyFile: string | null };

export type StackTemporal = {
  /** Null only for an existing server whose address the caller did not give. */
  address: string | null;
  namespace: string;
  /** The Web UI, when the server has one (or the configured one for an existing local server). */
  uiUrl: string | null;
  startedHere: boolean;
  /** The Temporal client handed in with an existing server (the API uses it). */
  client: Client | null;
  /** The dev server's process id (it changes with a restart). */
  pid: () => number | undefined;
  /** Stops and starts the stack's own dev server on the same port and history file; returns ms taken. */
  restart: () => Promise<number>;
  stop: () => Promise<void>;
  /** Synchronous last resort (process 'exit'): SIGKILL the dev server if it still runs. */
  killNow: () => void;
};

export async function startStackTemporal(choice: TemporalChoice): Promise<StackTemporal> {
  if (choice.kind === 'existing') return existingServer(choice.address ?? null, choice.client ?? null);
  if (choice.kind === 'local') return ensureLocalTemporal(choice.config);
  return ownDevServer({ port: await freePort(), uiPort: null, dbFilename: choice.historyFile });
}

function existingServer(address: string | null, client: Client | null, uiUrl: string | null = null) {
  const refuse = () => Promise.reject(new Error('only a dev server the stack started can restart'));
  return {
    address,
    namespace: 'default',
    uiUrl,
    startedHere: false,
    client,
    pid: () => undefined,
    restart: refuse,
    stop: () => Promise.resolve(),
    killNow: () => {},
  } satisfies StackTemporal;
}

/** A dev server whose child process stays known (even mid-start) so it can be killed on exit. */
async function ownDevServer(
  options: Omit<DevServerOptions, 'onSpawn'>,
  uiUrl: string | null = null,
): Promise<StackTemporal> {
  let child: ChildProcess | null = null;
  const devOptions: DevServerOptions = { ...options, onSpawn: (spawned) => (child = spawned) };
  let server: DevServer = await startTemporalDevServer(devOptions);
  return {
    address: server.address,
    namespace: server.namespace,
    uiUrl: server.uiUrl ?? uiUrl,
    startedHere: true,
    client: null,
    pid: () => server.process.pid,
    restart: async () => {
      const started = Date.now();
      await server.stop();
      server = await startTemporalDevServer(devOptions);
      return Date.now() - started;
    },
    stop: () => server.stop(),
    killNow: () => child?.kill('SIGKILL'),
  };
}

async function answers(temporal: TemporalConfig): Promise<boolean> {
  try {
    const connection = await Connection.connect({
      ...temporalConnectionOptions(temporal),
      connectTimeout: 1500,
    });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * Uses the Temporal server at `temporal.address` when one answers there; otherwise starts the
 * local dev server on that port (Web UI on 8233, history in .data/temporal.sqlite).
 */
async function ensureLocalTemporal(temporal: TemporalConfig): Promise<StackTemporal> {
  if (await answers(temporal)) {
    await ensureSearchAttributes(temporal.address, temporal.namespace, temporalConnectionOptions(temporal));
    return { ...existingServer(temporal.address, null, temporal.uiUrl), namespace: temporal.namespace };
  }
  const [host = '', portText = ''] = temporal.address.split(':');
  if (!['127.0.0.1', 'localhost'].includes(host)) {
    throw new Error(
      `No Temporal server answers at TEMPORAL_ADDRESS=${temporal.address}; a local dev server is only started for 127.0.0.1 or localhost.`,
    );
  }
  const options = {
    port: Number(portText || 7233),
    uiPort: Number(new URL(temporal.uiUrl).port || 8233),
    dbFilename: join(DATA_DIR, 'temporal.sqlite'),
    namespace: temporal.namespace,
  };
  return ownDevServer(options, temporal.uiUrl);
}
