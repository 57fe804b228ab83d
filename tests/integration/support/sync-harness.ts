// A connected tenant with generated BPro data, a real worker on its own task queue, and the
// API + QBO emulator over HTTP: the whole sync path, for end-to-end tests.
import type { Worker } from '@temporalio/worker';
import { createDb } from '../../../db/client';
import { generateBproDataset, writeBproDataset, type BproDataset } from '../../../db/bpro-generator';
import { saveSyncSettings, savePaymentMethodSettings } from '../../../db/queries/settings';
import { createSyncWorker } from '../../../worker/create-worker';
import {
  searchAttributes,
  workflowIds,
  type RecordChange,
  type SyncEntity,
} from '../../../workflows/contracts';
import { recordChangedSignal } from '../../../workflows/messages';
import type { TestDatabase } from '../../support/database';
import { uniqueTenantId } from '../../support/database';
import { startQboStack, type QboStack } from './qbo-stack';
import { uniqueTaskQueue, type connectTestTemporal } from './temporal';

export type SyncHarness = {
  tenantId: string;
  realmId: string;
  taskQueue: string;
  stack: QboStack;
  dataset: BproDataset;
  worker: Worker;
  /** QBO records of one entity type in the emulator (all, active or not). */
  qboCount: (entity: string) => Promise<number>;
  recordSync: (entity: SyncEntity, bproId: string, change?: Partial<RecordChange>) => Promise<unknown>;
  close: () => Promise<void>;
};

export async function startSyncHarness(
  database: TestDatabase,
  temporal: Awaited<ReturnType<typeof connectTestTemporal>>,
  options: {
    seed?: number;
    size?: 'tiny' | 'small';
    startDate?: string | null;
    disabledMethods?: string[];
  } = {},
): Promise<SyncHarness> {
  const taskQueue = uniqueTaskQueue('sync');
  const stack = await startQboStack(
    database.db,
    temporal.client,
    { perMinute: null, perSecond: null, batchPerMinute: null },
    {
      env: { TEMPORAL_TASK_QUEUE: taskQueue },
      rateLimits: { limits: { perMinute: 1e6, perSecond: 1e5, batchPerMinute: 1e6 } },
    },
  );
  const tenantId = uniqueTenantId('sync');
  await stack.api(`/api/v1/tenants/${tenantId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Sync test', qboEnabled: true }),
  });
  const realmId = await stack.createRealm('Sync Test Rentals');
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

  // The worker gets its own pool (as a separate worker process would).
  const workerDb = database.embedded ? null : createDb(database.url, { max: 10 });
  const { worker, connection } = await createSyncWorker(
    { address: temporal.address, namespace: 'default', taskQueue, uiUrl: 'http://127.0.0.1:8233' },
    { db: workerDb?.db ?? database.db, qbo: stack.qbo },
  );
  const running = worker.run();

  return {
    tenantId,
    realmId,
    taskQueue,
    stack,
    dataset,
    worker,
    qboCount: async (entity) => {
      const stats = (await (await stack.control('GET', `/realms/${realmId}/stats`)).json()) as {
        entities: Record<string, number>;
      };
      return stats.entities[entity] ?? 0;
    },
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
      worker.shutdown();
      await running.catch(() => {});
      await connection.close();
      await workerDb?.close();
      await stack.close();
    },
  };
}
