// A connected tenant with generated BPro data, a real worker on its own task queue, and the
// API + QBO emulator over HTTP: the whole sync path, for end-to-end tests. Launched by the stack
// launcher (scripts/lib/stack) on the run's Temporal server and database.
import type { Worker } from '@temporalio/worker';
import { generateBproDataset, writeBproDataset, type BproDataset } from '../../../db/bpro-generator';
import { Random } from '../../../db/bpro-generator/random';
import { saveSyncSettings, savePaymentMethodSettings } from '../../../db/queries/settings';
import { launchStack, type QboOptions, type Stack } from '../../../scripts/lib/stack/launch';
import {
  searchAttributes,
  workflowIds,
  type RecordChange,
  type SyncEntity,
} from '../../../workflows/contracts';
import { recordChangedSignal } from '../../../workflows/messages';
import type { TestDatabase } from '../../support/database';
import { uniqueTenantId } from '../../support/database';
import type { EmulatorOptionsInput } from '../../../qbo-emulator/options';
import { qboStackOf, testStackOptions, type QboStack, type RealmOptions } from './qbo-stack';
import { uniqueTaskQueue, type connectTestTemporal } from './temporal';

/** Where the harness runs its worker: in the test's process, or in a child process it can SIGKILL. */
export type WorkerMode = 'in-process' | 'child-process';

export type SyncHarness = {
  tenantId: string;
  realmId: string;
  taskQueue: string;
  stack: QboStack;
  dataset: BproDataset;
  /** The in-process worker, while one runs (null with a child-process worker or when stopped). */
  worker: Worker | null;
  workerMode: WorkerMode;
  /** Starts a worker (a new one after stopWorker); resolves once it polls. */
  startWorker: () => Promise<void>;
  /** Stops the worker: `shutdown` drains it; `kill` SIGKILLs a child-process worker like a crash. */
  stopWorker: (how?: 'shutdown' | 'kill') => Promise<void>;
  /** Sets fault injection for this tenant's realm (PUT /__emulator/faults). */
  setFaults: (faults: {
    errorRate?: number;
    throttleRate?: number;
    dropAfterCommitRate?: number;
    latencyMs?: number;
    /** Only requests whose path after the realm starts with this (e.g. `taxservice`). */
    path?: string | null;
    /** At most this many faults, then none. */
    maxFaults?: number | null;
  }) => Promise<void>;
  /** The emulator's counters for the realm. */
  qboStats: () => Promise<{
    requests: number;
    throttled: number;
    faultsInjected: number;
    entities: Record<string, number>;
  }>;
  /** QBO records of one entity type in the emulator (all, active or not). */
  qboCount: (entity: string) => Promise<number>;
  recordSync: (entity: SyncEntity, bproId: string, change?: Partial<RecordChange>) => Promise<unknown>;
  close: () => Promise<void>;
};

type HarnessOptions = {
  seed?: number;
  size?: 'tiny' | 'small';
  startDate?: string | null;
  disabledMethods?: string[];
  /** The kind of company the tenant connects (country, multicurrency, home currency). */
  realm?: RealmOptions;
  /** Extra emulator options (e.g. `retryAfterSeconds`). */
  emulator?: EmulatorOptionsInput;
  /** Default `in-process`; `child-process` needs a PostgreSQL server (falls back with PGlite). */
  worker?: WorkerMode;
  /** The QBO client's in-call retries of transient failures (default: the client's own). */
  transientRetries?: QboOptions['transientRetries'];
  /** Start the worker now (default) or leave it to `startWorker()`. */
  startWorker?: boolean;
  /** Added to the stack's environment (e.g. QBO_CHANGE_POLL_SECONDS for the change poller). */
  env?: NodeJS.ProcessEnv;
};

export async function startSyncHarness(
  database: TestDatabase,
  temporal: Awaited<ReturnType<typeof connectTestTemporal>>,
  options: HarnessOptions = {},
): Promise<SyncHarness> {
  const taskQueue = uniqueTaskQueue('sync');
  const workerMode: WorkerMode =
    options.worker === 'child-process' && !database.embedded ? 'child-process' : 'in-process';
  const launched = await launchStack({
    ...testStackOptions(
      { db: database.db, url: database.url, embedded: database.embedded },
      { client: temporal.client, address: temporal.address },
      {
        perMinute: null,
        perSecond: null,
        batchPerMinute: null,
        // Seeded fault rolls: the n-th request of a run always gets the same fate, so a test that
        // injects faults at a rate injects the same number every run instead of a random few.
        random: faultRolls(options.seed ?? 7),
        ...options.emulator,
      },
      {
        // A worker process gets the stack's environment: PATH and HOME besides, and quiet logs.
        env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...options.env },
        rateLimits: { limits: { perMinute: 1e6, perSecond: 1e5, batchPerMinute: 1e6 } },
        ...(options.transientRetries ? { transientRetries: options.transientRetries } : {}),
      },
    ),
    taskQueue,
    // The worker gets its own pool (as a separate worker process would).
    workers: { mode: workerMode, ownPool: true, applicationName: 'qbo-sync-test-worker', start: false },
  });
  try {
    return await harnessOf(launched, database, temporal, { ...options, taskQueue, workerMode });
  } catch (error) {
    await launched.stop();
    throw error;
  }
}

async function harnessOf(
  launched: Stack,
  database: TestDatabase,
  temporal: Awaited<ReturnType<typeof connectTestTemporal>>,
  options: HarnessOptions & { taskQueue: string; workerMode: WorkerMode },
): Promise<SyncHarness> {
  const { taskQueue, workerMode } = options;
  const stack = qboStackOf(launched);
  const { tenantId, realmId, dataset } = await seedConnectedTenant(stack, database, options);
  const workers = launched.workers;
  if (!workers) throw new Error('the harness stack has no workers');
  const startWorker = async () => {
    if (workers.running) throw new Error('a worker is already running');
    await workers.start();
  };
  const stopWorker = (how: 'shutdown' | 'kill' = 'shutdown') => workers.stop({ kill: how === 'kill' });
  if (options.startWorker !== false) await startWorker();

  const qboStats = async () =>
    (await (await stack.control('GET', `/realms/${realmId}/stats`)).json()) as {
      requests: number;
      throttled: number;
      faultsInjected: number;
      entities: Record<string, number>;
    };

  return {
    tenantId,
    realmId,
    taskQueue,
    stack,
    dataset,
    get worker() {
      return workers.inProcess;
    },
    workerMode,
    startWorker,
    stopWorker,
    setFaults: async (faults) => {
      const res = await stack.control('PUT', '/faults', { realmId, ...faults });
      if (!res.ok) throw new Error(`faults: ${res.status} ${await res.text()}`);
    },
    qboStats,
    qboCount: async (entity) => (await qboStats()).entities[entity] ?? 0,
    recordSync: async (entity, bproId, change = {}) => {
      const handle = await temporal.client.workflow.signalWithStart('recordSync', {
        taskQueue,
        workflowId: workflowIds.recordSync(tenantId, entity, bproId),
        args: [{ tenantId, entity, bproId }],
        signal: recordChangedSignal,
        signalArgs: [
          { event: change.event ?? 'updated', occurredAt: change.occurredAt ?? new Date().toISOString() },
        ],
        typedSearchAttributes: [
          { key: searchAttributes.tenantId, value: tenantId },
          { key: searchAttributes.entity, value: entity },
          { key: searchAttributes.recordId, value: bproId },
        ],
      });
      return (await handle.result()) as unknown;
    },
    close: async () => {
      await stopWorker('kill');
      await stack.close();
    },
  };
}

/** A tenant with generated BPro data, connected to a new emulator company, its settings saved. */
export async function seedConnectedTenant(
  stack: QboStack,
  database: TestDatabase,
  options: HarnessOptions,
): Promise<{ tenantId: string; realmId: string; dataset: BproDataset }> {
  const tenantId = uniqueTenantId('sync');
  await stack.api(`/api/v1/tenants/${tenantId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Sync test', qboEnabled: true }),
  });
  const realmId = await stack.createRealm('Sync Test Rentals', options.realm);
  const connected = await stack.connect(tenantId, { realmId });
  if (connected.status !== 200)
    throw new Error(`connect failed: ${connected.status} ${await connected.text()}`);

  const dataset = generateBproDataset({ tenantId, seed: options.seed ?? 7, size: options.size ?? 'small' });
  await writeBproDataset(database.db, dataset);
  const accounts = await stack.qbo.clientFor(tenantId).accounts('cash');
  const checking = accounts.find((a) => a.Name === 'Checking');
  await saveSyncSettings(database.db, tenantId, {
    startDate: options.startDate === undefined ? null : options.startDate,
    refundAccountId: checking?.Id ?? null,
    refundAccountName: checking?.Name ?? null,
  });
  const disabled = new Set(options.disabledMethods ?? []);
  await savePaymentMethodSettings(
    database.db,
    tenantId,
    dataset.paymentMethods.map((m) => ({ bproId: m.id, enabled: !disabled.has(m.name) })),
  );
  return { tenantId, realmId, dataset };
}

/** The emulator's fault dice for a harness: a fixed sequence per dataset seed. */
function faultRolls(seed: number): () => number {
  const random = new Random(`sync-harness-faults/${seed}`);
  return () => random.next();
}
