// Record sync of orders and payments (issue 5), through the real path: signed BPro hooks over
// HTTP → the API → recordSync on a real worker → the QBO emulator. Invoices with BPro's lines and
// totals, payments applied to them, and cancelled, voided or deleted ones voided in QuickBooks.
// Shared set-up and helpers: ./support/record-*.ts.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orderTotals } from '../../db/bpro-generator';
import { findLink } from '../../db/queries/entity-links';
import { orderLines, orders, payments } from '../../db/schema';
import { counts, hookAndWait, linkOf, logOf } from './support/record-hooks';
import {
  insertCustomer,
  insertOrder,
  insertPayment,
  methodId,
  productA,
  productB,
  type Line,
} from './support/record-rows';
import { database, h, qbo, useRecordSyncTenant } from './support/record-sync-tenant';

type QboLine = {
  Amount: number;
  DetailType: string;
  SalesItemLineDetail?: {
    ItemRef: { value: string };
    Qty: number;
    UnitPrice: number;
    TaxCodeRef: { value: string };
  };
};

describe('record sync: hooks for new, edited, cancelled and voided records reach QuickBooks', () => {
  useRecordSyncTenant();

  // ---- new and edited orders ---------------------------------------------------------------

  it('creates an invoice with BPro’s lines and total for a completed order, its new customer as a dependency', async () => {
    const before = await counts('Customer', 'Invoice');
    const customerId = await insertCustomer({ displayName: 'Hook Meadow Weddings' });
    const term = h.dataset.terms[0]?.id ?? null;
    const lines: Line[] = [
      { productId: productA, quantity: '3.0000', unitPrice: '19.99' },
      { productId: productB, quantity: '2.5000', unitPrice: '10.10', taxable: false },
    ];
    const orderId = await insertOrder(
      { customerId, orderDate: '2026-10-02', dueDate: '2026-11-01', taxId: 'tax-01', termId: term },
      lines,
    );
    const number = `H-${orderId.replace(/\D/g, '')}`;

    expect(await hookAndWait('invoice', orderId, 'completed')).toMatchObject({ status: 'synced' });
    const invoiceId = await linkOf('invoice', orderId);
    const customerQboId = await linkOf('customer', customerId);
    const invoice = await qbo().read('Invoice', invoiceId);
    const totals = orderTotals(
      lines.map((l) => ({ ...l, taxable: l.taxable ?? true })),
      ['6.2500'],
    );
    expect(invoice).toMatchObject({
      DocNumber: number,
      TxnDate: '2026-10-02',
      CustomerRef: { value: customerQboId },
    });
    expect(Math.round(Number(invoice.TotalAmt) * 100)).toBe(totals.totalCents);
    const itemLines = (invoice.Line as QboLine[]).filter((l) => l.DetailType === 'SalesItemLineDetail');
    expect(itemLines).toHaveLength(2);
    expect(itemLines[0]).toMatchObject({
      Amount: 59.97,
      SalesItemLineDetail: {
        ItemRef: { value: await linkOf('product', productA) },
        Qty: 3,
        UnitPrice: 19.99,
        TaxCodeRef: { value: 'TAX' },
      },
    });
    expect(itemLines[1]).toMatchObject({
      Amount: 25.25,
      SalesItemLineDetail: {
        ItemRef: { value: await linkOf('product', productB) },
        Qty: 2.5,
        UnitPrice: 10.1,
        TaxCodeRef: { value: 'NON' },
      },
    });
    const customerLog = await logOf('customer', customerId);
    expect(customerLog).toHaveLength(1);
    expect(customerLog[0]).toMatchObject({ action: 'created', qboId: customerQboId });
    expect(customerLog[0]?.message).toContain(`needed by order ${number}`);
    expect((await logOf('invoice', orderId))[0]).toMatchObject({ action: 'created', qboId: invoiceId });
    expect(await counts('Customer', 'Invoice')).toEqual({
      Customer: before.Customer + 1,
      Invoice: before.Invoice + 1,
    });

    // An edited order updates the same invoice.
    await database.db
      .update(orderLines)
      .set({ quantity: '5.0000' })
      .where(and(eq(orderLines.tenantId, h.tenantId), eq(orderLines.id, `${orderId}-l1`)));
    expect(await hookAndWait('invoice', orderId, 'updated')).toMatchObject({
      status: 'synced',
      qboId: invoiceId,
    });
    const edited = await qbo().read('Invoice', invoiceId);
    const newTotals = orderTotals(
      [
        { quantity: '5.0000', unitPrice: '19.99', taxable: true },
        { quantity: '2.5000', unitPrice: '10.10', taxable: false },
      ],
      ['6.2500'],
    );
    expect(Math.round(Number(edited.TotalAmt) * 100)).toBe(newTotals.totalCents);
    expect((await logOf('invoice', orderId))[0]).toMatchObject({ action: 'updated', qboId: invoiceId });
    expect(await counts('Customer', 'Invoice')).toEqual({
      Customer: before.Customer + 1,
      Invoice: before.Invoice + 1,
    });
  });

  it('makes an open order an invoice when a payment is taken on it; payment edits reach QBO', async () => {
    const customerId = await insertCustomer({ displayName: 'Hook Deposit Dinners' });
    const orderId = await insertOrder(
      { customerId, orderDate: '2026-10-08', status: 'open', completedAt: null },
      [{ productId: productA, quantity: '4.0000', unitPrice: '25.00', taxable: false }],
    );
    const open = await hookAndWait('invoice', orderId, 'updated');
    expect(open).toMatchObject({
      status: 'skipped',
      message: 'Not completed and no payment taken yet: it becomes an invoice when it is',
    });
    expect(await findLink(database.db, h.tenantId, 'invoice', orderId)).toBeNull();

    const paymentId = await insertPayment({
      customerId,
      orderId,
      paymentMethodId: methodId('Cash'),
      amount: '40.00',
      receivedOn: '2026-10-09',
      reference: 'DEP-1',
    });
    expect(await hookAndWait('payment', paymentId, 'created')).toMatchObject({ status: 'synced' });
    const invoiceId = await linkOf('invoice', orderId);
    const paymentQboId = await linkOf('payment', paymentId);
    expect((await logOf('invoice', orderId))[0]?.message).toContain(`needed by payment ${paymentId}`);
    expect(await qbo().read('Payment', paymentQboId)).toMatchObject({
      TotalAmt: 40,
      Line: [{ Amount: 40, LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }],
    });
    expect(Number((await qbo().read('Invoice', invoiceId)).Balance)).toBe(60);

    // The deposit is corrected in BPro: the same QBO payment now says 45.00.
    const before = await counts('Payment');
    await database.db
      .update(payments)
      .set({ amount: '45.00', updatedAt: new Date() })
      .where(and(eq(payments.tenantId, h.tenantId), eq(payments.id, paymentId)));
    expect(await hookAndWait('payment', paymentId, 'updated')).toMatchObject({
      status: 'synced',
      qboId: paymentQboId,
    });
    expect(await qbo().read('Payment', paymentQboId)).toMatchObject({
      TotalAmt: 45,
      Line: [{ Amount: 45, LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }],
    });
    expect(Number((await qbo().read('Invoice', invoiceId)).Balance)).toBe(55);
    expect((await logOf('payment', paymentId))[0]).toMatchObject({ action: 'updated', qboId: paymentQboId });
    expect(await counts('Payment')).toEqual(before);
  });

  // ---- cancellations and voids ---------------------------------------------------------------

  it('voids the invoice of a cancelled order and the QBO payment of a voided payment (and of deleted ones)', async () => {
    // From the initial sync: an invoice with no payment applied, and a Cash payment applied to another.
    const orderId = 'ord-000024';
    const paymentId = 'pay-000021';
    const invoiceId = await linkOf('invoice', orderId);
    const paymentQboId = await linkOf('payment', paymentId);
    const paidInvoiceId = await linkOf('invoice', 'ord-000021');
    const paidBefore = await qbo().read('Invoice', paidInvoiceId);
    const payment = await qbo().read('Payment', paymentQboId);
    const applied = (payment.Line as { Amount: number }[]).reduce((sum, l) => sum + l.Amount, 0);
    expect(applied).toBeGreaterThan(0);
    const before = await counts('Invoice', 'Payment');

    await database.db
      .update(orders)
      .set({ status: 'cancelled', updatedAt: new Date() })
      .where(and(eq(orders.tenantId, h.tenantId), eq(orders.id, orderId)));
    await database.db
      .update(payments)
      .set({ status: 'voided', updatedAt: new Date() })
      .where(and(eq(payments.tenantId, h.tenantId), eq(payments.id, paymentId)));
    const [cancelled, voided] = await Promise.all([
      hookAndWait('invoice', orderId, 'cancelled'),
      hookAndWait('payment', paymentId, 'voided'),
    ]);
    expect(cancelled).toMatchObject({ status: 'synced', qboId: invoiceId });
    expect(voided).toMatchObject({ status: 'synced', qboId: paymentQboId });

    const invoice = await qbo().read('Invoice', invoiceId);
    expect(Number(invoice.TotalAmt)).toBe(0);
    expect(Number(invoice.Balance)).toBe(0);
    const qboPayment = await qbo().read('Payment', paymentQboId);
    expect(Number(qboPayment.TotalAmt)).toBe(0);
    expect(String(qboPayment.PrivateNote)).toMatch(/^Voided/);
    // The money the payment had applied is open on its invoice again.
    const paidAfter = await qbo().read('Invoice', paidInvoiceId);
    expect(Math.round(Number(paidAfter.Balance) * 100)).toBe(
      Math.round((Number(paidBefore.Balance) + applied) * 100),
    );
    expect((await logOf('invoice', orderId))[0]).toMatchObject({ action: 'voided', qboId: invoiceId });
    expect((await logOf('payment', paymentId))[0]).toMatchObject({ action: 'voided', qboId: paymentQboId });
    expect(await counts('Invoice', 'Payment')).toEqual(before);

    // An order deleted in BPro (with its payment) has its invoice and payment voided too.
    const customerId = await insertCustomer({ displayName: 'Hook Vanishing Venue' });
    const deletedOrder = await insertOrder({ customerId, orderDate: '2026-10-10' }, [
      { productId: productB, quantity: '1.0000', unitPrice: '70.00', taxable: false },
    ]);
    const deletedPayment = await insertPayment({
      customerId,
      orderId: deletedOrder,
      paymentMethodId: methodId('Check'),
      amount: '20.00',
      receivedOn: '2026-10-11',
    });
    expect(await hookAndWait('payment', deletedPayment, 'created')).toMatchObject({ status: 'synced' });
    const [deletedInvoiceId, deletedPaymentQboId] = [
      await linkOf('invoice', deletedOrder),
      await linkOf('payment', deletedPayment),
    ];
    await database.db
      .delete(payments)
      .where(and(eq(payments.tenantId, h.tenantId), eq(payments.id, deletedPayment)));
    await database.db
      .delete(orderLines)
      .where(and(eq(orderLines.tenantId, h.tenantId), eq(orderLines.orderId, deletedOrder)));
    await database.db.delete(orders).where(and(eq(orders.tenantId, h.tenantId), eq(orders.id, deletedOrder)));
    const [orderGone, paymentGone] = await Promise.all([
      hookAndWait('invoice', deletedOrder, 'deleted'),
      hookAndWait('payment', deletedPayment, 'deleted'),
    ]);
    expect(orderGone).toMatchObject({ status: 'synced', qboId: deletedInvoiceId });
    expect(paymentGone).toMatchObject({ status: 'synced', qboId: deletedPaymentQboId });
    expect(Number((await qbo().read('Invoice', deletedInvoiceId)).TotalAmt)).toBe(0);
    expect(Number((await qbo().read('Payment', deletedPaymentQboId)).TotalAmt)).toBe(0);

    // A repeated cancel hook finds it void already and changes nothing.
    expect(await hookAndWait('invoice', orderId, 'cancelled')).toMatchObject({
      status: 'synced',
      qboId: invoiceId,
    });
    expect((await qbo().read('Invoice', invoiceId)).SyncToken).toBe(invoice.SyncToken);
  });
});
