import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetOrderTotals } from '../../db/bpro-generator';
import { entityLinks, syncLog } from '../../db/schema';
import { listIdsInScope } from '../../activities/sync/scope';
import { loadSnapshot } from '../../activities/sync/snapshot';
import {
  searchAttributes,
  syncEntities,
  workflowIds,
  type InitialSyncResult,
} from '../../workflows/contracts';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { startSyncHarness, type SyncHarness } from './support/sync-harness';
import { connectTestTemporal } from './support/temporal';

describe('sync engine end to end: initial sync and record syncs against the emulator', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let h: SyncHarness;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    h = await startSyncHarness(database, temporal, { disabledMethods: ['Account'] });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await temporal?.close();
    await database?.close();
  });

  const runInitialSync = () =>
    temporal.client.workflow.execute<(i: { tenantId: string }) => Promise<InitialSyncResult>>('initialSync', {
      taskQueue: h.taskQueue,
      workflowId: `${workflowIds.initialSync(h.tenantId)}`,
      args: [{ tenantId: h.tenantId }],
      typedSearchAttributes: [{ key: searchAttributes.tenantId, value: h.tenantId }],
    });

  const latestAction = async (entity: string, bproId: string) => {
    const rows = await database.db
      .select()
      .from(syncLog)
      .where(
        and(
          eq(syncLog.tenantId, h.tenantId),
          eq(syncLog.bproId, bproId),
          eq(syncLog.entity, entity as 'customer'),
        ),
      );
    return rows.sort((a, b) => Number(b.id - a.id))[0];
  };

  it('syncs a generated tenant: every record in scope is synced, or skipped/failed with a reason', async () => {
    const requestsBefore = (await h.qboStats()).requests;
    const result = await runInitialSync();
    // Pages share batch requests and merged lookups: fewer QBO calls than records synced (more than one
    // per record without). How many writes go plain beside the batches depends on timing, so no tighter bound.
    const calls = (await h.qboStats()).requests - requestsBefore;
    const synced = Object.values(result.entities).reduce((n, c) => n + (c?.synced ?? 0), 0);
    expect(synced).toBeGreaterThan(200);
    expect(calls).toBeLessThan(synced);
    const failures = await database.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.tenantId, h.tenantId), eq(syncLog.action, 'failed')));
    if (process.env.DEBUG_SYNC)
      console.warn(
        JSON.stringify(result.entities),
        failures.slice(0, 40).map((f) => `${f.entity} ${f.bproId}: ${f.message}`),
      );
    expect(result.entities.customer?.total).toBeGreaterThan(0);
    const snapshot = await loadSnapshot(database.db, h.tenantId);
    for (const entity of syncEntities) {
      const { ids } = await listIdsInScope(database.db, {
        tenantId: h.tenantId,
        entity,
        snapshot,
        cursor: null,
        limit: 100_000,
      });
      const counts = result.entities[entity];
      expect(counts?.total, entity).toBe(ids.length);
      expect((counts?.synced ?? 0) + (counts?.skipped ?? 0) + (counts?.failed ?? 0), entity).toBe(ids.length);
      for (const id of ids) {
        const [link] = await database.db
          .select()
          .from(entityLinks)
          .where(
            and(
              eq(entityLinks.tenantId, h.tenantId),
              eq(entityLinks.entity, entity),
              eq(entityLinks.bproId, id),
            ),
          );
        if (link) continue;
        const last = await latestAction(entity, id);
        expect(['skipped', 'failed'], `${entity} ${id}`).toContain(last?.action);
        expect(last?.message, `${entity} ${id}`).toBeTruthy();
      }
    }
    // Reference data: every product and category made it.
    expect(result.entities.product?.synced).toBe(h.dataset.products.length);
    expect(result.entities.productCategory?.synced).toBe(h.dataset.productCategories.length);
  });

  it('matches BPro’s money to the cent, or logs a tax-rounding warning', async () => {
    const totals = datasetOrderTotals(h.dataset);
    const links = await database.db
      .select()
      .from(entityLinks)
      .where(and(eq(entityLinks.tenantId, h.tenantId), eq(entityLinks.entity, 'invoice')));
    expect(links.length).toBeGreaterThan(10);
    const client = h.stack.qbo.clientFor(h.tenantId);
    let warnings = 0;
    for (const link of links) {
      const invoice = await client.read('Invoice', link.qboId);
      const bpro = totals.get(link.bproId);
      const qboCents = Math.round(Number(invoice.TotalAmt) * 100);
      if (qboCents !== bpro?.totalCents) {
        const rows = await database.db
          .select()
          .from(syncLog)
          .where(
            and(
              eq(syncLog.tenantId, h.tenantId),
              eq(syncLog.bproId, link.bproId),
              eq(syncLog.action, 'warning'),
            ),
          );
        expect(rows.length, `invoice ${link.bproId}: ${qboCents} vs ${bpro?.totalCents}`).toBeGreaterThan(0);
        expect(Math.abs(qboCents - (bpro?.totalCents ?? 0))).toBeLessThanOrEqual(2);
        warnings += 1;
      }
    }
    expect(warnings).toBeLessThan(links.length);
  });

  it('creates nothing on a second initial sync', async () => {
    const before = await Promise.all(
      ['Customer', 'Item', 'Invoice', 'Payment', 'RefundReceipt', 'Term', 'TaxCode'].map((e) =>
        h.qboCount(e),
      ),
    );
    await runInitialSync();
    const after = await Promise.all(
      ['Customer', 'Item', 'Invoice', 'Payment', 'RefundReceipt', 'Term', 'TaxCode'].map((e) =>
        h.qboCount(e),
      ),
    );
    expect(after).toEqual(before);
  });
  it('skips payments of an unchecked method with the reason, and fails a missing QBO method with instructions', async () => {
    const account = h.dataset.paymentMethods.find((m) => m.name === 'Account');
    const debit = h.dataset.paymentMethods.find((m) => m.name === 'Debit');
    const accountPayment = h.dataset.payments.find(
      (p) => p.paymentMethodId === account?.id && p.status === 'posted',
    );
    const debitPayment = h.dataset.payments.find(
      (p) => p.paymentMethodId === debit?.id && p.status === 'posted',
    );
    if (accountPayment) {
      const last = await latestAction('payment', accountPayment.id);
      expect(last).toMatchObject({ action: 'skipped' });
      expect(last?.message).toContain('"Account"');
    }
    expect(debitPayment).toBeDefined();
    const failed = await latestAction('payment', debitPayment?.id ?? '');
    expect(failed?.action).toBe('failed');
    expect(failed?.message).toMatch(/Debit/);

    // The user creates the method in QuickBooks with exactly that name; a retry then goes through.
    await h.stack.qbo
      .clientFor(h.tenantId)
      .create(
        'PaymentMethod',
        { Name: 'Debit', Type: 'NON_CREDIT_CARD' },
        'debit-method-create-0000000000000001',
      );
    const outcome = await h.recordSync('payment', debitPayment?.id ?? '', { event: 'retry' });
    expect(outcome).toMatchObject({ status: 'synced' });
  });
});
