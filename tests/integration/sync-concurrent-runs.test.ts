// Two syncs of the same record at the same time in different runs (an initial-sync page and a
// hook's record sync, or two workers): both would find the record missing in QuickBooks and both
// create it. The record lease lets one sync it; the other then finds it linked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../activities/sync/snapshot';
import { createSyncRun } from '../../activities/sync/sync-run';
import { customers, payments } from '../../db/schema';
import type { SyncEntity, SyncSnapshot } from '../../workflows/contracts';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { startSyncHarness, type SyncHarness } from './support/sync-harness';
import { connectTestTemporal } from './support/temporal';

describe('the same record synced by two runs at once', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let h: SyncHarness;
  let snapshot: SyncSnapshot;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    h = await startSyncHarness(database, temporal, { size: 'tiny', seed: 9, disabledMethods: [] });
    snapshot = await loadSnapshot(database.db, h.tenantId);
    // Slow answers widen the window in which both runs look and find nothing.
    await h.setFaults({ latencyMs: 40 });
  });
  afterAll(async () => {
    await h?.setFaults({ latencyMs: 0 });
    await h?.close();
    await temporal?.close();
    await database?.close();
  });

  /** Two runs as two workers would have them: their own runs (one batching, like a page). */
  const bothAtOnce = (entity: SyncEntity, bproId: string) => {
    const deps = { db: database.db, qbo: h.stack.qbo };
    const run = { tenantId: h.tenantId, snapshot };
    const page = createSyncRun(deps, { ...run, workflowId: 'test-page', batching: true });
    const hook = createSyncRun(deps, { ...run, workflowId: 'test-hook' });
    const pageRun = async () => {
      let result: unknown;
      await page.runAll(entity, [bproId], 'initial-sync', (_, outcome) => {
        result = outcome;
      });
      return result;
    };
    return Promise.all([pageRun(), hook.runOne(entity, bproId, 'created')]);
  };

  const qboRows = (entity: string, field: string, value: string) =>
    h.stack.qbo.clientFor(h.tenantId).queryAll(entity, [{ field, op: 'LIKE', value: `${value}%` }]);

  it('creates one QBO customer and one QBO payment, both runs reporting it', async () => {
    for (let i = 1; i <= 4; i += 1) {
      const customerId = `race-cus-${i}`;
      const name = `Race Customer ${i}`;
      await database.db.insert(customers).values({ tenantId: h.tenantId, id: customerId, displayName: name });
      const [a, b] = (await bothAtOnce('customer', customerId)) as Array<{ status: string; qboId?: string }>;
      expect(a).toMatchObject({ status: 'synced' });
      expect(b).toMatchObject({ status: 'synced', qboId: a?.qboId });
      expect(await qboRows('Customer', 'DisplayName', name)).toHaveLength(1);

      const paymentId = `race-pay-${i}`;
      const cash = h.dataset.paymentMethods.find((m) => m.name === 'Cash');
      await database.db.insert(payments).values({
        tenantId: h.tenantId,
        id: paymentId,
        customerId,
        paymentMethodId: cash?.id ?? '',
        amount: `${10 + i}.25`,
        receivedOn: '2026-11-02',
      });
      const [p, q] = (await bothAtOnce('payment', paymentId)) as Array<{ status: string; qboId?: string }>;
      expect(p).toMatchObject({ status: 'synced' });
      expect(q).toMatchObject({ status: 'synced', qboId: p?.qboId });
      const qboPayments = await h.stack.qbo
        .clientFor(h.tenantId)
        .queryAll('Payment', [{ field: 'CustomerRef', op: '=', value: a?.qboId ?? '' }]);
      expect(qboPayments).toHaveLength(1);
    }
  });
});
