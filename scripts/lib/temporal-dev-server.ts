import { freeLoopbackPort } from '../../config/free-port';
// Starts `temporal server start-dev` (SQLite persistence, Web UI) as a child process and makes
// sure our search attributes exist, also on a database file created before they were added.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { allSearchAttributes } from '../../workflows/contracts';
import { ensureTemporalCli } from './temporal-cli';

/**
 * Task priority and fairness on (workflows/priorities.ts; off by default in Server 1.32). They
 * order tasks within a partition, so new tasks all go to one (a dev server has no load to
 * spread); reads stay at the default 4, so tasks an older `.data/temporal.sqlite` left in other
 * partitions still drain, as `enableMigration` drains a backlog queued before fairness was on.
 * README "Scaling workers, priority and fairness" lists what a production cluster needs.
 */
export const PRIORITY_DYNAMIC_CONFIG = {
  'matching.useNewMatcher': true,
  'matching.enableFairness': true,
  'matching.enableMigration': true,
  'matching.numTaskqueueWritePartitions': 1,
} as const;

export type DevServerOptions = {
  /** Frontend gRPC port; 0 picks a free one. Default 7233. */
  port?: number;
  /** Web UI port; null runs headless. Default 8233. */
  uiPort?: number | null;
  /** SQLite file; null keeps history in memory. */
  dbFilename: string | null;
  namespace?: string;
  /** Server log level. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Where the server's own output goes. Default: discarded. */
  output?: 'inherit' | 'ignore';
  startTimeoutMs?: number;
  /** Told the child process as soon as it is spawned (so a caller can kill it even mid-start). */
  onSpawn?: (child: ChildProcess) => void;
};

export type DevServer = {
  address: string;
  namespace: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop: () => Promise<void>;
};

export const freePort = freeLoopbackPort;

export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  const cli = ensureTemporalCli((line) => console.warn(line));
  const port = options.port === 0 ? await freePort() : (options.port ?? 7233);
  const uiPort = options.uiPort === undefined ? 8233 : options.uiPort;
  const namespace = options.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace];
  args.push('--log-level', options.logLevel ?? 'warn');
  if (uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(uiPort === 0 ? await freePort() : uiPort));
  if (options.dbFilename) {
    mkdirSync(dirname(options.dbFilename), { recursive: true });
    args.push('--db-filename', options.dbFilename);
  }
  for (const key of allSearchAttributes)
    args.push('--search-attribute', `${key.name}=${searchAttributeTypeName(key.type)}`);
  for (const [key, value] of Object.entries(PRIORITY_DYNAMIC_CONFIG))
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);

  const child = spawn(cli.path, args, {
    stdio: ['ignore', options.output ?? 'ignore', options.output ?? 'ignore'],
  });
  options.onSpawn?.(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitForFrontend(address, exited, options.startTimeoutMs ?? 60_000);
    await ensureSearchAttributes(address, namespace);
  } catch (error) {
    await stop();
    throw error;
  }
  const uiIndex = args.indexOf('--ui-port');
  const uiUrl = uiIndex >= 0 ? `http://127.0.0.1:${args[uiIndex + 1]}` : null;
  return { address, namespace, uiUrl, process: child, stop };
}

function searchAttributeTypeName(type: string): string {
  // SearchAttributeType values are e.g. 'KEYWORD'; the CLI takes e.g. 'Keyword'.
  return type.charAt(0) + type.slice(1).toLowerCase();
}

async function waitForFrontend(address: string, exited: Promise<number | null>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `temporal server start-dev exited with code ${exitCode} before answering on ${address} (is the port already in use?)`,
      );
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.healthService.check({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(
    `Temporal dev server did not answer on ${address} within ${timeoutMs} ms: ${String(lastError)}`,
  );
}

/** Registers any of our search attributes the namespace lacks (idempotent). */
export async function ensureSearchAttributes(
  address: string,
  namespace: string,
  connectOptions?: ConnectionOptions,
): Promise<void> {
  const connection = await Connection.connect(connectOptions ?? { address });
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const known = new Set(Object.keys(existing.customAttributes ?? {}));
    const missing = allSearchAttributes.filter((key) => !known.has(key.name));
    if (missing.length === 0) return;
    const { temporal } = await import('@temporalio/proto');
    const typeOf = (name: string) =>
      temporal.api.enums.v1.IndexedValueType[
        `INDEXED_VALUE_TYPE_${name}` as keyof typeof temporal.api.enums.v1.IndexedValueType
      ];
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, typeOf(key.type)])),
    });
  } finally {
    await connection.close();
  }
}
