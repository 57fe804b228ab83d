// The secret scan's stack (tests/integration/secret-scan.test.ts): the API and the QBO emulator in
// this process, the sync worker in a process of its own (as deployed: `npm run worker`), both
// logging at `trace` with every line kept (the API's in memory, the worker's whole output, stdout
// and stderr, in a file). The secrets it is configured with are made for the run, so any copy of
// one found later can only have come from the run.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../config/logger';
import { Random } from '../../../db/bpro-generator/random';
import { launchStack, type Stack } from '../../../scripts/lib/stack/launch';
import type { TestDatabase } from '../../support/database';
import { qboStackOf, testStackOptions, type QboStack } from './qbo-stack';
import type { SyncHarness } from './sync-harness';
import { uniqueTaskQueue, type connectTestTemporal } from './temporal';

/** The run's own secrets (the API token is the suite's: the stack's helpers call the API with it). */
export type RunSecrets = {
  apiToken: string;
  hookSecret: string;
  metricsToken: string;
  /** base64, as TOKEN_ENCRYPTION_KEY holds it. */
  tokenEncryptionKey: string;
  clientId: string;
  clientSecret: string;
};

/** What the emulator issued for a realm: every access and refresh token, every authorization code. */
export type IssuedCredentials = { accessTokens: string[]; refreshTokens: string[]; codes: string[] };

export type ScanStack = {
  stack: QboStack;
  taskQueue: string;
  secrets: RunSecrets;
  /** Every line the API logged so far. */
  apiLog: readonly string[];
  /** Fault injection for one realm (PUT /__emulator/faults). */
  setFaults: (realmId: string, faults: Parameters<SyncHarness['setFaults']>[0]) => Promise<void>;
  qboStats: (realmId: string) => Promise<{ requests: number; throttled: number; faultsInjected: number }>;
  issued: (realmId: string) => IssuedCredentials;
  /** Drains the worker and returns everything it wrote. */
  stopWorker: () => Promise<string>;
  close: () => Promise<void>;
};

const distinct = (label: string) => `scan-${label}-${randomBytes(18).toString('base64url')}`;

function runSecrets(apiToken: string): RunSecrets {
  return {
    apiToken,
    hookSecret: distinct('hook-secret'),
    metricsToken: distinct('metrics-token'),
    tokenEncryptionKey: randomBytes(32).toString('base64'),
    clientId: distinct('client-id'),
    clientSecret: distinct('client-secret'),
  };
}

export async function startScanStack(
  database: TestDatabase,
  temporal: Awaited<ReturnType<typeof connectTestTemporal>>,
): Promise<ScanStack> {
  if (database.embedded) throw new Error('the secret scan runs its worker as a process: it needs PostgreSQL');
  const taskQueue = uniqueTaskQueue('secret-scan');
  const runDir = await mkdtemp(join(tmpdir(), 'qbo-sync-secret-scan-'));
  const apiLog: string[] = [];
  const base = testStackOptions(
    { db: database.db, url: database.url, embedded: false },
    { client: temporal.client, address: temporal.address },
    // No QBO limits; seeded fault dice (the same faults every run); a 429 asks for a 1 s wait.
    { perMinute: null, perSecond: null, batchPerMinute: null, retryAfterSeconds: 1, random: dice() },
    {
      rateLimits: { limits: { perMinute: 1e6, perSecond: 1e5, batchPerMinute: 1e6 } },
      // No retries inside a call: every fault fails its activity, logged and in the history.
      transientRetries: { attempts: 0, baseDelayMs: 0 },
    },
  );
  const secrets = runSecrets(base.env?.API_TOKEN ?? '');
  let launched: Stack;
  try {
    launched = await launchStack({
      ...base,
      env: {
        ...base.env,
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LOG_LEVEL: 'trace',
        HOOK_SECRET: secrets.hookSecret,
        METRICS_TOKEN: secrets.metricsToken,
        TOKEN_ENCRYPTION_KEY: secrets.tokenEncryptionKey,
        SHUTDOWN_GRACE_SECONDS: '2',
      },
      oauthClient: { clientId: secrets.clientId, clientSecret: secrets.clientSecret },
      taskQueue,
      api: { host: '127.0.0.1', log: createLogger('api', 'trace', (line) => apiLog.push(line)) },
      workers: { mode: 'child-process', runDir, applicationName: 'qbo-sync-secret-scan-worker' },
    });
  } catch (error) {
    await rm(runDir, { recursive: true, force: true });
    throw error;
  }
  return scanStackOf(launched, { taskQueue, secrets, apiLog, runDir });
}

function scanStackOf(
  launched: Stack,
  parts: { taskQueue: string; secrets: RunSecrets; apiLog: string[]; runDir: string },
): ScanStack {
  const stack = qboStackOf(launched);
  const store = stack.emulator.state.store;
  const workers = launched.workers;
  if (!workers) throw new Error('the scan stack has no workers');
  const workerLog = join(parts.runDir, 'worker-1.log');
  return {
    ...parts,
    stack,
    setFaults: async (realmId, faults) => {
      const res = await stack.control('PUT', '/faults', { realmId, ...faults });
      if (!res.ok) throw new Error(`faults: ${res.status} ${await res.text()}`);
    },
    qboStats: async (realmId) =>
      (await (await stack.control('GET', `/realms/${realmId}/stats`)).json()) as {
        requests: number;
        throttled: number;
        faultsInjected: number;
      },
    issued: (realmId) => {
      const grants = new Set(
        [...store.grants.values()].filter((g) => g.realmId === realmId).map((g) => g.grantId),
      );
      const ofRealm = <T extends { grantId: string | undefined }>(values: Iterable<T>) =>
        [...values].filter((v) => v.grantId !== undefined && grants.has(v.grantId));
      return {
        accessTokens: ofRealm(store.accessTokens.values()).map((t) => t.token),
        refreshTokens: ofRealm(store.refreshTokens.values()).map((t) => t.token),
        codes: [...store.codes.values()].filter((c) => c.realmId === realmId).map((c) => c.code),
      };
    },
    stopWorker: async () => {
      await workers.stop();
      return readFile(workerLog, 'utf8');
    },
    close: async () => {
      await launched.stop();
      await rm(parts.runDir, { recursive: true, force: true });
    },
  };
}

/** The emulator's fault dice: a fixed sequence, so the run injects the same faults each time. */
function dice(): () => number {
  const random = new Random('secret-scan-faults');
  return () => random.next();
}
