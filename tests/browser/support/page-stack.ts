// What the page tests run against: the API and the QBO emulator over HTTP (tests/integration's
// stack), a BPro tenant with generated data but no QuickBooks connection yet, and a real worker.
import { generateBproDataset, writeBproDataset, type BproDataset } from '../../../db/bpro-generator';
import { createSyncWorker } from '../../../worker/create-worker';
import { uniqueTenantId, type TestDatabase } from '../../support/database';
import { startQboStack, type QboStack } from '../../integration/support/qbo-stack';
import { uniqueTaskQueue, type connectTestTemporal } from '../../integration/support/temporal';

export type PageStack = {
  stack: QboStack;
  tenantId: string;
  dataset: BproDataset;
  close: () => Promise<void>;
};

export async function startPageStack(
  database: TestDatabase,
  temporal: Awaited<ReturnType<typeof connectTestTemporal>>,
  options: { tenantName?: string; qboEnabled?: boolean; seed?: number } = {},
): Promise<PageStack> {
  const taskQueue = uniqueTaskQueue('page');
  const stack = await startQboStack(
    database.db,
    temporal.client,
    { perMinute: null, perSecond: null, batchPerMinute: null },
    {
      env: { TEMPORAL_TASK_QUEUE: taskQueue },
      rateLimits: { limits: { perMinute: 1e6, perSecond: 1e5, batchPerMinute: 1e6 } },
    },
  );
  const tenantId = uniqueTenantId('page');
  const put = await stack.api(`/api/v1/tenants/${tenantId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: options.tenantName ?? 'Party Rentals',
      qboEnabled: options.qboEnabled ?? true,
    }),
  });
  if (!put.ok) throw new Error(`tenant: ${put.status} ${await put.text()}`);
  const dataset = generateBproDataset({ tenantId, seed: options.seed ?? 7, size: 'tiny' });
  await writeBproDataset(database.db, dataset);

  const { worker, connection } = await createSyncWorker(
    { address: temporal.address, namespace: 'default', taskQueue, uiUrl: stack.config.temporal.uiUrl },
    { db: database.db, qbo: stack.qbo },
  );
  const running: Promise<void> = worker.run();
  return {
    stack,
    tenantId,
    dataset,
    close: async () => {
      worker.shutdown();
      await running.catch(() => {});
      await connection.close();
      await stack.close();
    },
  };
}
