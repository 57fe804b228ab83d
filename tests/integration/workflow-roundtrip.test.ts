import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenants } from '../../db/schema';
import { createSyncWorker } from '../../worker/create-worker';
import { loadWorkerConfig } from '../../worker/config';
import { createQboServices } from '../../activities/qbo/services';
import { searchAttributes, workflowIds } from '../../workflows/contracts';
import type { stackCheck } from '../../workflows';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../support/database';
import { createRoundTripActivities } from './support/roundtrip-activities';
import type { roundTrip } from './support/roundtrip-workflows';
import { connectTestTemporal, testFile, uniqueTaskQueue } from './support/temporal';

describe('workflow + activity round trip through the real Temporal dev server', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
  });
  afterAll(async () => {
    await temporal?.close();
    await database?.close();
  });

  it('runs a workflow whose activity writes to PostgreSQL and reads it back', async () => {
    const taskQueue = uniqueTaskQueue('roundtrip');
    const worker = await Worker.create({
      connection: temporal.nativeConnection,
      taskQueue,
      workflowsPath: testFile('./support/roundtrip-workflows.ts', import.meta.url),
      activities: createRoundTripActivities(database.sql),
    });
    const workflowId = `roundtrip-${taskQueue}`;
    const result = await worker.runUntil(
      temporal.client.workflow.execute<typeof roundTrip>('roundTrip', {
        taskQueue,
        workflowId,
        args: ['hello'],
      }),
    );
    expect(result).toEqual({ written: `hello:${workflowId}`, readBack: `hello:${workflowId}` });

    // The row is really in PostgreSQL, and the server really recorded the activity.
    const rows = await database.sql`select workflow_id from roundtrip_markers where id = ${result.written}`;
    expect(rows).toEqual([{ workflow_id: workflowId }]);
    const history = await temporal.client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes);
    expect(scheduled.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)).toEqual([
      'writeMarker',
      'readMarker',
    ]);
  });

  it('runs the production stackCheck workflow on the production worker wiring, searchable by tenant', async () => {
    const tenantId = uniqueTenantId('stack');
    await database.db.insert(tenants).values({ id: tenantId, name: 'Stack check tenant' });
    await database.sql`insert into bpro.terms (tenant_id, id, name, due_days) values (${tenantId}, 'net30', 'Net 30', 30)`;
    const taskQueue = uniqueTaskQueue('stack-check');
    const { worker, connection } = await createSyncWorker(
      { address: temporal.address, namespace: 'default', taskQueue, uiUrl: 'http://127.0.0.1:8233' },
      {
        db: database.db,
        qbo: createQboServices(
          database.db,
          loadWorkerConfig({}).qbo,
          loadWorkerConfig({}).tokenEncryptionKey,
        ),
      },
    );
    try {
      const workflowId = workflowIds.stackCheck(tenantId);
      const result = await worker.runUntil(
        temporal.client.workflow.execute<typeof stackCheck>('stackCheck', {
          taskQueue,
          workflowId,
          args: [{ tenantId }],
          typedSearchAttributes: [{ key: searchAttributes.tenantId, value: tenantId }],
        }),
      );
      expect(result.tenantId).toBe(tenantId);
      expect(result.bproRecords).toMatchObject({ terms: 1, customers: 0, orders: 0 });
      const description = await temporal.client.workflow.getHandle(workflowId).describe();
      expect(description.typedSearchAttributes.get(searchAttributes.tenantId)).toBe(tenantId);
    } finally {
      await connection.close();
    }
  });
});
