// A create whose answer is lost (QBO committed it, the connection dropped) and whose run then ends
// before the link is saved, as after a crash or with the client's retries spent. The next run of
// the record must find that copy, whatever the BPro record became meanwhile: renumbered (update
// it, no second invoice), cancelled or voided (void it), deleted (void it, or delete the refund
// receipt). Chaos found the cancelled case: an active invoice for a cancelled order, linked to nothing.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../activities/sync/snapshot';
import { createSyncRun } from '../../activities/sync/sync-run';
import { findLink } from '../../db/queries/entity-links';
import { customers, orderLines, orders, payments, pendingCreates, refunds } from '../../db/schema';
import type { SyncEntity, SyncSnapshot } from '../../workflows/contracts';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { startSyncHarness, type SyncHarness } from './support/sync-harness';
import { connectTestTemporal } from './support/temporal';

describe('a create whose answer was lost, then the BPro record changed', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let h: SyncHarness;
  let snapshot: SyncSnapshot;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    // No in-call retries: the lost answer ends the run, as a crash before the link would.
    h = await startSyncHarness(database, temporal, {
      size: 'tiny',
      seed: 11,
      disabledMethods: [],
      transientRetries: { attempts: 0, baseDelayMs: 0 },
    });
    snapshot = await loadSnapshot(database.db, h.tenantId);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await temporal?.close();
    await database?.close();
  });

  const run = (entity: SyncEntity, bproId: string, event = 'created') =>
    createSyncRun(
      { db: database.db, qbo: h.stack.qbo },
      { tenantId: h.tenantId, snapshot, workflowId: 'test-run' },
    ).runOne(entity, bproId, event);
  const qbo = () => h.stack.qbo.clientFor(h.tenantId);
  const product = () => h.dataset.products.find((p) => p.isActive)?.id ?? '';
  const method = (name: string) => h.dataset.paymentMethods.find((m) => m.name === name)?.id ?? '';
  const pendingNotes = async () =>
    database.db.select().from(pendingCreates).where(eq(pendingCreates.tenantId, h.tenantId));

  /** Runs the record once with the answer of its `path` create lost; QBO has the copy, we have no link. */
  async function loseCreateAnswer(entity: SyncEntity, bproId: string, path: string, qboEntity: string) {
    const before = await h.qboCount(qboEntity);
    await h.setFaults({ dropAfterCommitRate: 1, path, maxFaults: 1 });
    await expect(run(entity, bproId)).rejects.toThrow();
    await h.setFaults({ dropAfterCommitRate: 0, path: null, maxFaults: null });
    expect(await h.qboCount(qboEntity)).toBe(before + 1);
    expect(await findLink(database.db, h.tenantId, entity, bproId)).toBeNull();
    expect((await pendingNotes()).map((n) => `${n.entity}:${n.bproId}`)).toContain(`${entity}:${bproId}`);
    return before + 1;
  }

  let n = 0;
  async function newOrder() {
    n += 1;
    const customerId = `lost-cus-${n}`;
    await database.db
      .insert(customers)
      .values({ tenantId: h.tenantId, id: customerId, displayName: `Lost Answer Customer ${n}` });
    const orderId = `lost-ord-${n}`;
    await database.db.insert(orders).values({
      tenantId: h.tenantId,
      id: orderId,
      customerId,
      number: `LA-${n}`,
      status: 'completed',
      orderDate: '2026-11-20',
      completedAt: new Date(),
    });
    await database.db.insert(orderLines).values({
      tenantId: h.tenantId,
      id: `${orderId}-l1`,
      orderId,
      lineNo: 1,
      productId: product(),
      quantity: '2.0000',
      unitPrice: '40.00',
      taxable: false,
    });
    // The customer is linked first, so only the invoice's answer is lost below.
    expect(await run('customer', customerId)).toMatchObject({ status: 'synced' });
    return { customerId, orderId };
  }

  const setOrder = (orderId: string, values: Partial<typeof orders.$inferInsert>) =>
    database.db
      .update(orders)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(orders.tenantId, h.tenantId), eq(orders.id, orderId)));

  it('an order cancelled meanwhile: the copy is voided and linked, nothing is left active', async () => {
    const { orderId } = await newOrder();
    const invoices = await loseCreateAnswer('invoice', orderId, 'invoice', 'Invoice');
    await setOrder(orderId, { status: 'cancelled' });
    const outcome = await run('invoice', orderId, 'cancelled');
    expect(outcome).toMatchObject({ status: 'synced' });
    expect(outcome.message).toMatch(/voided the copy/);
    const link = await findLink(database.db, h.tenantId, 'invoice', orderId);
    expect(link?.qboId).toBe(outcome.qboId);
    expect(Number((await qbo().read('Invoice', link?.qboId ?? '')).TotalAmt)).toBe(0);
    expect(await h.qboCount('Invoice')).toBe(invoices);
    expect(await pendingNotes()).toEqual([]);
  });

  it('an order renumbered meanwhile: the copy is updated to the new number, not duplicated', async () => {
    const { orderId } = await newOrder();
    const invoices = await loseCreateAnswer('invoice', orderId, 'invoice', 'Invoice');
    await setOrder(orderId, { number: `LA-${n}-R` });
    const outcome = await run('invoice', orderId, 'updated');
    expect(outcome).toMatchObject({ status: 'synced' });
    expect(outcome.message).toMatch(/interrupted earlier sync/);
    expect((await qbo().read('Invoice', outcome.qboId ?? '')).DocNumber).toBe(`LA-${n}-R`);
    expect(await h.qboCount('Invoice')).toBe(invoices);
    expect(await pendingNotes()).toEqual([]);
  });

  it('a payment voided meanwhile, and one deleted: their copies are voided', async () => {
    const { customerId, orderId } = await newOrder();
    expect(await run('invoice', orderId)).toMatchObject({ status: 'synced' });
    for (const change of ['voided', 'deleted'] as const) {
      const paymentId = `lost-pay-${change}`;
      await database.db.insert(payments).values({
        tenantId: h.tenantId,
        id: paymentId,
        customerId,
        orderId,
        paymentMethodId: method('Cash'),
        amount: '10.00',
        receivedOn: '2026-11-21',
      });
      const count = await loseCreateAnswer('payment', paymentId, 'payment', 'Payment');
      const where = and(eq(payments.tenantId, h.tenantId), eq(payments.id, paymentId));
      if (change === 'voided') await database.db.update(payments).set({ status: 'voided' }).where(where);
      else await database.db.delete(payments).where(where);
      const outcome = await run('payment', paymentId, change);
      expect(outcome, change).toMatchObject({ status: 'synced' });
      expect(outcome.message, change).toMatch(/voided the copy/);
      expect(Number((await qbo().read('Payment', outcome.qboId ?? '')).TotalAmt)).toBe(0);
      expect(await h.qboCount('Payment')).toBe(count);
    }
    expect(await pendingNotes()).toEqual([]);
  });

  it('a refund deleted meanwhile: its receipt is deleted; a payment re-run finds its copy', async () => {
    const { customerId } = await newOrder();
    await database.db.insert(refunds).values({
      tenantId: h.tenantId,
      id: 'lost-ref-1',
      customerId,
      paymentMethodId: method('Cash'),
      amount: '15.00',
      refundedOn: '2026-11-22',
      reason: 'Lost answer',
    });
    const receipts = await loseCreateAnswer('refund', 'lost-ref-1', 'refundreceipt', 'RefundReceipt');
    await database.db
      .delete(refunds)
      .where(and(eq(refunds.tenantId, h.tenantId), eq(refunds.id, 'lost-ref-1')));
    expect(await run('refund', 'lost-ref-1', 'deleted')).toMatchObject({ status: 'synced' });
    expect(await h.qboCount('RefundReceipt')).toBe(receipts - 1);

    // Unchanged in BPro: the re-run links the copy instead of creating a second payment.
    await database.db.insert(payments).values({
      tenantId: h.tenantId,
      id: 'lost-pay-plain',
      customerId,
      paymentMethodId: method('Cash'),
      amount: '12.00',
      receivedOn: '2026-11-23',
    });
    const count = await loseCreateAnswer('payment', 'lost-pay-plain', 'payment', 'Payment');
    expect(await run('payment', 'lost-pay-plain')).toMatchObject({ status: 'synced' });
    expect(await h.qboCount('Payment')).toBe(count);
    expect(await pendingNotes()).toEqual([]);
  });
});
