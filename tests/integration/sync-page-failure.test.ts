// A page whose retries run out does not fail the initial sync (design.md §4: "a record that fails
// does not fail the sync: it is logged and counted"): its records are logged failed with the
// reason and counted, and the other entity sets still sync.
import { and, eq } from 'drizzle-orm';
import { ApplicationFailure } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { syncLog } from '../../db/schema';
import { createSyncWorker } from '../../worker/create-worker';
import { searchAttributes, workflowIds, type InitialSyncResult } from '../../workflows/contracts';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { startSyncHarness, type SyncHarness } from './support/sync-harness';
import { connectTestTemporal } from './support/temporal';

describe('a page that gives up', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let h: SyncHarness;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    h = await startSyncHarness(database, temporal, { size: 'tiny', seed: 5, disabledMethods: [] });
  });
  afterAll(async () => {
    await h?.close();
    await temporal?.close();
    await database?.close();
  });

  it('logs its records failed with the reason, counts them, and the sync completes', async () => {
    // A worker whose refund pages fail for good (as a page would after its last retry).
    await h.stopWorker('shutdown');
    const activities = createActivities({ db: database.db, qbo: h.stack.qbo });
    const { worker, connection } = await createSyncWorker(
      { address: temporal.address, namespace: 'default', taskQueue: h.taskQueue, uiUrl: '' },
      { db: database.db, qbo: h.stack.qbo },
      {
        activities: {
          ...activities,
          syncPage: (input: Parameters<typeof activities.syncPage>[0]) => {
            if (input.entity === 'refund')
              throw ApplicationFailure.nonRetryable('QuickBooks kept answering 503', 'TestPageGaveUp');
            return activities.syncPage(input);
          },
        },
      },
    );
    const running = worker.run();
    try {
      const result = await temporal.client.workflow.execute<
        (i: { tenantId: string }) => Promise<InitialSyncResult>
      >('initialSync', {
        taskQueue: h.taskQueue,
        workflowId: workflowIds.initialSync(h.tenantId),
        args: [{ tenantId: h.tenantId }],
        typedSearchAttributes: [{ key: searchAttributes.tenantId, value: h.tenantId }],
      });
      const refunds = result.entities.refund;
      expect(refunds?.total).toBeGreaterThan(0);
      expect(refunds?.failed).toBe(refunds?.total);
      expect(result.entities.invoice?.synced).toBeGreaterThan(0);
      const logged = await database.db
        .select()
        .from(syncLog)
        .where(
          and(eq(syncLog.tenantId, h.tenantId), eq(syncLog.entity, 'refund'), eq(syncLog.action, 'failed')),
        );
      expect(logged).toHaveLength(refunds?.total ?? -1);
      for (const entry of logged)
        expect(entry.message).toBe(
          'Gave up after repeated retries: QuickBooks kept answering 503. Press Re-run once QuickBooks answers again.',
        );
    } finally {
      worker.shutdown();
      await running.catch(() => {});
      await connection.close();
    }
  });
});
