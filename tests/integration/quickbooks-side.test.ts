// What happens on the QuickBooks side (issue 12), through the real path: the accountant deletes,
// voids, edits or merges records the sync wrote, the company's subscription lapses, books close, a
// missing payment method is created. The change poller (every second here) and the record syncs
// apply the rules of README "When QuickBooks changes under the sync".
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findLink } from '../../db/queries/entity-links';
import { findConnection } from '../../db/queries/qbo-connections';
import { orders, payments } from '../../db/schema';
import { api, counts, hookAndWait, linkOf, logOf, postHook, resultOf } from './support/record-hooks';
import { insertCustomer, insertOrder, insertPayment, methodId, productA } from './support/record-rows';
import { database, h, qbo, temporal, useRecordSyncTenant } from './support/record-sync-tenant';
import { until } from './support/resilience-probes';

const latest = async (entity: 'invoice' | 'payment' | 'customer', id: string) => (await logOf(entity, id))[0];
const control = async (method: string, path: string, body: unknown) => {
  const res = await h.stack.control(method, `/realms/${h.realmId}${path}`, body);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
};

/** A new customer with a completed order, synced through its hook; returns the BPro and QBO ids. */
async function syncedOrder(name: string, orderDate = '2026-03-01') {
  const customerId = await insertCustomer({ displayName: name });
  const orderId = await insertOrder({ customerId, orderDate }, [
    { productId: productA, quantity: '1', unitPrice: '40.00' },
  ]);
  expect(await hookAndWait('invoice', orderId, 'completed')).toMatchObject({ status: 'synced' });
  return { customerId, orderId, invoiceQboId: await linkOf('invoice', orderId) };
}

describe('QuickBooks as it really is: changes made there follow one rule each', () => {
  useRecordSyncTenant({ env: { QBO_CHANGE_POLL_SECONDS: '1', QBO_BLOCKED_PROBE_SECONDS: '1' } });

  it('an invoice deleted in QuickBooks needs attention; a later BPro edit does not re-create it', async () => {
    const { orderId, invoiceQboId } = await syncedOrder('Side Deleted Co');
    const current = await qbo().read('Invoice', invoiceQboId);
    await qbo().delete(
      'Invoice',
      { Id: invoiceQboId, SyncToken: current.SyncToken ?? '0' },
      `acct-del-${orderId}`,
    );
    const seen = await until('the poller to see the delete', async () => {
      const entry = await latest('invoice', orderId);
      return entry?.action === 'needs_attention' ? entry : null;
    });
    expect(seen.message).toMatch(/^Deleted in QuickBooks on \d{4}-\d{2}-\d{2}/);
    expect((await findLink(database.db, h.tenantId, 'invoice', orderId))?.state).toBe('qbo_deleted');

    const before = await counts('Invoice');
    await database.db.update(orders).set({ memo: 'edited after the delete' }).where(eq(orders.id, orderId));
    expect(await hookAndWait('invoice', orderId, 'updated')).toMatchObject({ status: 'needs_attention' });
    expect(await counts('Invoice')).toEqual(before);

    // Support presses Re-create in QuickBooks: a new invoice, linked.
    const recreate = await api(`/records/invoice/${orderId}/recreate`, { method: 'POST' });
    expect(recreate.status, JSON.stringify(recreate.body)).toBe(202);
    expect(await resultOf(recreate.body.workflowId as string)).toMatchObject({ status: 'synced' });
    expect(await counts('Invoice')).toEqual({ Invoice: before.Invoice + 1 });
    expect(await linkOf('invoice', orderId)).not.toBe(invoiceQboId);
  });

  it('a payment voided in QuickBooks needs attention; a BPro edit does not bring it back', async () => {
    const { customerId, orderId } = await syncedOrder('Side Voided Co');
    const paymentId = await insertPayment({
      customerId,
      orderId,
      paymentMethodId: methodId('Cash'),
      amount: '40.00',
      receivedOn: '2026-03-02',
    });
    expect(await hookAndWait('payment', paymentId, 'created')).toMatchObject({ status: 'synced' });
    const qboId = await linkOf('payment', paymentId);
    const current = await qbo().read('Payment', qboId);
    await qbo().void('Payment', { Id: qboId, SyncToken: current.SyncToken ?? '0' }, `acct-void-${paymentId}`);
    await until(
      'the poller to see the void',
      async () => (await latest('payment', paymentId))?.action === 'needs_attention',
    );
    expect((await latest('payment', paymentId))?.message).toMatch(/^Voided in QuickBooks on /);

    await database.db.update(payments).set({ amount: '35.00' }).where(eq(payments.id, paymentId));
    expect(await hookAndWait('payment', paymentId, 'updated')).toMatchObject({ status: 'needs_attention' });
    expect(Number((await qbo().read('Payment', qboId)).TotalAmt)).toBe(0);

    // Support presses Unlink: the payment stays out of QuickBooks, also on later BPro edits.
    expect((await api(`/records/payment/${paymentId}/unlink`, { method: 'POST' })).status).toBe(200);
    expect(await hookAndWait('payment', paymentId, 'updated')).toMatchObject({ status: 'skipped' });
    expect(Number((await qbo().read('Payment', qboId)).TotalAmt)).toBe(0);
  });

  it('a payment applied in QuickBooks lowers the balance the next BPro payment sees (no over-application)', async () => {
    const { customerId, orderId, invoiceQboId } = await syncedOrder('Side Balance Co');
    // The worker heard QBO's balance (40.00) when it wrote the invoice; the accountant then
    // applies 30.00 in QuickBooks, so only 10.00 is open there.
    const customerQboId = await linkOf('customer', customerId);
    await qbo().create(
      'Payment',
      {
        CustomerRef: { value: customerQboId },
        TotalAmt: 30,
        Line: [{ Amount: 30, LinkedTxn: [{ TxnId: invoiceQboId, TxnType: 'Invoice' }] }],
      },
      `acct-pay-${orderId}`,
    );
    const paymentId = await insertPayment({
      customerId,
      orderId,
      paymentMethodId: methodId('Cash'),
      amount: '25.00',
      receivedOn: '2026-03-02',
    });
    expect(await hookAndWait('payment', paymentId, 'created')).toMatchObject({ status: 'synced' });
    const payment = await qbo().read('Payment', await linkOf('payment', paymentId));
    expect(Number(payment.TotalAmt)).toBe(25);
    const lines = payment.Line as { Amount: number }[];
    expect(lines.map((l) => Number(l.Amount))).toEqual([10]);
    expect(Number((await qbo().read('Invoice', invoiceQboId)).Balance)).toBe(0);
  });

  it('an invoice edited in QuickBooks is logged; the next BPro change replaces it and names what it replaced', async () => {
    const { orderId, invoiceQboId } = await syncedOrder('Side Edited Co');
    const current = await qbo().read('Invoice', invoiceQboId);
    await qbo().update(
      'Invoice',
      { Id: invoiceQboId, SyncToken: current.SyncToken ?? '0', TxnDate: '2026-03-09' },
      `acct-edit-${orderId}`,
    );
    await until('the poller to log the edit', async () =>
      (await logOf('invoice', orderId)).some(
        (e) => e.action === 'warning' && e.message?.startsWith('Edited in QuickBooks'),
      ),
    );
    await database.db
      .update(orders)
      .set({ memo: 'BPro edit after the accountant' })
      .where(eq(orders.id, orderId));
    expect(await hookAndWait('invoice', orderId, 'updated')).toMatchObject({ status: 'synced' });
    const warning = (await logOf('invoice', orderId)).find(
      (e) => e.action === 'warning' && e.message?.includes("accountant's version had"),
    );
    expect(warning?.message).toContain('TxnDate "2026-03-09"');
    expect((await qbo().read('Invoice', invoiceQboId)).TxnDate).toBe('2026-03-01');
  });

  it('a payment that failed for a missing payment method syncs by itself once the method is created in QuickBooks', async () => {
    const { customerId, orderId } = await syncedOrder('Side Venmo Co');
    const paymentId = await insertPayment({
      customerId,
      orderId,
      paymentMethodId: methodId('Debit'),
      amount: '40.00',
      receivedOn: '2026-03-02',
    });
    expect(await hookAndWait('payment', paymentId, 'created')).toMatchObject({ status: 'failed' });
    await qbo().create('PaymentMethod', { Name: 'Debit' }, `acct-method-${paymentId}`);
    const synced = await until('the payment to sync with no Re-run', async () => {
      const entry = await latest('payment', paymentId);
      return entry?.action === 'created' ? entry : null;
    });
    expect(synced.qboId).toEqual(expect.any(String));
  });

  it('a customer merged in QuickBooks: the BPro customer follows the survivor', async () => {
    const merged = await syncedOrder('Side Merged Away');
    // The accountant's own customer (not linked to BPro) survives the merge.
    const survivor = await qbo().create('Customer', { DisplayName: 'Side Survivor' }, 'acct-survivor');
    const fromId = await linkOf('customer', merged.customerId);
    await control('POST', '/merge', { entity: 'Customer', fromId, intoId: survivor.Id });
    await until(
      'the poller to follow the merge',
      async () => (await linkOf('customer', merged.customerId)) === survivor.Id,
    );
    expect((await latest('customer', merged.customerId))?.message).toMatch(
      /^Merged in QuickBooks into customer/,
    );
  });

  it('books closed for a document date: the record fails in plain words', async () => {
    await control('PUT', '/closing-date', { date: '2026-02-15', password: false });
    try {
      const customerId = await insertCustomer({ displayName: 'Side Closed Books' });
      const orderId = await insertOrder({ customerId, orderDate: '2026-02-01' }, [
        { productId: productA, quantity: '1', unitPrice: '10.00' },
      ]);
      const outcome = await hookAndWait('invoice', orderId, 'completed');
      expect(outcome).toMatchObject({ status: 'failed' });
      expect(outcome.message).toMatch(/books are closed for its date/);
    } finally {
      await control('PUT', '/closing-date', { date: null, password: false });
    }
  });

  it('a lapsed subscription blocks the company: records wait, then resume by themselves', async () => {
    await control('PUT', '/subscription', { status: 'SUSPENDED' });
    const customerId = await insertCustomer({ displayName: 'Side Blocked Co' });
    const workflowId = await postHook('customer', customerId, 'created');
    const blocked = await until('the connection to be blocked', async () => {
      const connection = await findConnection(database.db, h.tenantId);
      return connection?.blockedReason ?? null;
    });
    expect(blocked).toMatch(/subscription is not active/);
    const shown = await h.stack.api(`/api/v1/tenants/${h.tenantId}/qbo/connection`);
    expect(((await shown.json()) as { blocked: { kind: string } | null }).blocked).toMatchObject({
      kind: 'subscription',
    });
    await control('PUT', '/subscription', { status: 'SUBSCRIBED' });
    expect(await resultOf(workflowId)).toMatchObject({ status: 'synced' });
    expect((await findConnection(database.db, h.tenantId))?.blockedReason ?? null).toBeNull();
  }, 120_000);

  // Last: it wipes this tenant's company.
  it('a company reset blocks the company with what to do, instead of failing records one by one', async () => {
    const { customerId } = await syncedOrder('Side Before Reset');
    await control('POST', '/reset', {});
    // A new order for the synced customer names its pre-reset id: QBO answers 10200.
    const orderId = await insertOrder({ customerId, orderDate: '2026-03-03' }, [
      { productId: productA, quantity: '1', unitPrice: '5.00' },
    ]);
    const workflowId = await postHook('invoice', orderId, 'completed');
    const reason = await until('the connection to be blocked', async () => {
      const connection = await findConnection(database.db, h.tenantId);
      return connection?.blockedKind === 'company_reset' ? connection.blockedReason : null;
    });
    expect(reason).toMatch(/company was reset .*Disconnect it and connect it again/);
    const described = await temporal.client.workflow.getHandle(workflowId).describe();
    expect(described.status.name).toBe('RUNNING');
    await temporal.client.workflow.getHandle(workflowId).terminate('test over');
  }, 60_000);
});
