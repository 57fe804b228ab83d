// Record sync under the tenant's QuickBooks settings (issue 5), through the real path: signed
// BPro hooks over HTTP → the API → recordSync on a real worker → the QBO emulator. The sync start
// date, unchecked and missing payment methods, and the refund account.
// Shared set-up and helpers: ./support/record-*.ts.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findLink } from '../../db/queries/entity-links';
import { customers, refunds } from '../../db/schema';
import { api, counts, hookAndWait, linkOf, logOf, recordOf, resultOf } from './support/record-hooks';
import { insertCustomer, insertOrder, insertPayment, methodId, newId, productA } from './support/record-rows';
import { database, h, qbo, useRecordSyncTenant } from './support/record-sync-tenant';

describe('record sync: hooks for new, edited, cancelled and voided records reach QuickBooks', () => {
  useRecordSyncTenant();

  // ---- settings semantics --------------------------------------------------------------------

  describe('settings semantics', () => {
    it('syncs a customer created before the start date only as a dependency, and says so', async () => {
      // The initial sync: Pinecrest Church (created 2025-03-15) came in for its 2026 invoice.
      const initial = await logOf('customer', 'cus-00004');
      expect(initial.at(-1)?.action).toBe('created');
      expect(initial.at(-1)?.message).toMatch(/before the sync start date 2026-01-01.*needed by order/);

      const id = await insertCustomer({
        displayName: 'Hook Old Timer Rentals',
        createdAt: new Date('2025-05-01T12:00:00Z'),
      });
      const before = await counts('Customer');
      const alone = await hookAndWait('customer', id, 'created');
      expect(alone).toMatchObject({ status: 'skipped' });
      expect(alone.message).toContain('before the sync start date 2026-01-01');
      expect(await findLink(database.db, h.tenantId, 'customer', id)).toBeNull();
      expect(await recordOf('customer', id)).toMatchObject({ status: 'skipped', qboId: null });

      const orderId = await insertOrder({ customerId: id, orderDate: '2026-10-05' }, [
        { productId: productA, quantity: '1.0000', unitPrice: '45.00' },
      ]);
      expect(await hookAndWait('invoice', orderId, 'completed')).toMatchObject({ status: 'synced' });
      const qboId = await linkOf('customer', id);
      const log = await logOf('customer', id);
      expect(log[0]).toMatchObject({ action: 'created', qboId });
      expect(log[0]?.message).toMatch(/before the sync start date 2026-01-01/);
      expect(log[0]?.message).toContain(`needed by order H-${orderId.replace(/\D/g, '')}`);
      expect(await counts('Customer')).toEqual({ Customer: before.Customer + 1 });

      // Once in QuickBooks, its edits follow it there like any other customer's.
      await database.db
        .update(customers)
        .set({ email: 'old.timer@rentals.example', updatedAt: new Date() })
        .where(and(eq(customers.tenantId, h.tenantId), eq(customers.id, id)));
      expect(await hookAndWait('customer', id, 'updated')).toMatchObject({ status: 'synced', qboId });
      expect(await qbo().read('Customer', qboId)).toMatchObject({
        PrimaryEmailAddr: { Address: 'old.timer@rentals.example' },
      });
      expect((await logOf('customer', id))[0]).toMatchObject({ action: 'updated', qboId });
    });

    it('never syncs invoices, payments or refunds dated before the start date', async () => {
      const customerId = await insertCustomer({
        displayName: 'Hook Backdated Bash',
        createdAt: new Date('2025-02-01T12:00:00Z'),
      });
      const orderId = await insertOrder({ customerId, orderDate: '2025-12-20' }, [
        { productId: productA, quantity: '1.0000', unitPrice: '30.00' },
      ]);
      const paymentId = await insertPayment({
        customerId,
        orderId,
        paymentMethodId: methodId('Cash'),
        amount: '30.00',
        receivedOn: '2025-12-21',
      });
      const refundId = newId('hk-ref');
      await database.db.insert(refunds).values({
        tenantId: h.tenantId,
        id: refundId,
        customerId,
        orderId,
        paymentId,
        paymentMethodId: methodId('Cash'),
        amount: '10.00',
        refundedOn: '2025-12-22',
      });
      const before = await counts('Customer', 'Invoice', 'Payment', 'RefundReceipt');
      const [invoice, payment, refund] = await Promise.all([
        hookAndWait('invoice', orderId, 'completed'),
        hookAndWait('payment', paymentId, 'created'),
        hookAndWait('refund', refundId, 'created'),
      ]);
      expect(invoice).toMatchObject({ status: 'skipped' });
      expect(invoice.message).toBe('Dated 2025-12-20, before the sync start date 2026-01-01');
      expect(payment).toMatchObject({ status: 'skipped' });
      expect(payment.message).toBe('Received 2025-12-21, before the sync start date 2026-01-01');
      expect(refund).toMatchObject({ status: 'skipped' });
      expect(refund.message).toBe('Refunded 2025-12-22, before the sync start date 2026-01-01');
      for (const [entity, id] of [
        ['invoice', orderId],
        ['payment', paymentId],
        ['refund', refundId],
        ['customer', customerId],
      ] as const)
        expect(await findLink(database.db, h.tenantId, entity, id), `${entity} ${id}`).toBeNull();
      expect(await logOf('customer', customerId)).toEqual([]);
      expect(await counts('Customer', 'Invoice', 'Payment', 'RefundReceipt')).toEqual(before);
      // The initial sync left the dataset's older documents alone too.
      for (const [entity, id] of [
        ['invoice', 'ord-000010'],
        ['payment', 'pay-000008'],
        ['refund', 'ref-000002'],
      ] as const) {
        expect(await findLink(database.db, h.tenantId, entity, id), `${entity} ${id}`).toBeNull();
        expect(await logOf(entity, id)).toEqual([]);
      }
    });

    it('skips payments by an unchecked method; fails a method missing in QBO until it exists, then retries', async () => {
      const customerId = await insertCustomer({ displayName: 'Hook Method Matters' });
      const unchecked = await insertPayment({
        customerId,
        paymentMethodId: methodId('Account'),
        amount: '40.00',
        receivedOn: '2026-10-06',
      });
      const missing = await insertPayment({
        customerId,
        paymentMethodId: methodId('Debit'),
        amount: '55.00',
        receivedOn: '2026-10-06',
        reference: 'DB-7781',
      });
      const before = await counts('Payment');
      const [skippedOutcome, failedOutcome] = await Promise.all([
        hookAndWait('payment', unchecked, 'created'),
        hookAndWait('payment', missing, 'created'),
      ]);
      expect(skippedOutcome).toMatchObject({
        status: 'skipped',
        message: 'Payments by "Account" are not synced (unchecked in the QuickBooks settings)',
      });
      expect((await logOf('payment', unchecked))[0]).toMatchObject({ action: 'skipped' });
      expect(failedOutcome).toMatchObject({ status: 'failed' });
      expect(failedOutcome.message).toContain('create a payment method named exactly "Debit"');
      const failedRecord = await recordOf('payment', missing);
      expect(failedRecord).toMatchObject({ status: 'failed', qboId: null });
      expect(failedRecord.lastError).toContain('named exactly "Debit"');
      expect(await counts('Payment')).toEqual(before);
      // Nothing was created for a payment that could not go through.
      expect(await findLink(database.db, h.tenantId, 'customer', customerId)).toBeNull();

      // The user creates "Debit" in QuickBooks and presses Retry.
      const debit = await qbo().create(
        'PaymentMethod',
        { Name: 'Debit', Type: 'NON_CREDIT_CARD' },
        `hk-debit-${h.tenantId.slice(-6)}`,
      );
      const retry = await api(`/records/payment/${missing}/retry`, { method: 'POST' });
      expect(retry.status).toBe(202);
      expect(await resultOf(retry.body.workflowId as string)).toMatchObject({ status: 'synced' });
      const qboId = await linkOf('payment', missing);
      expect(await qbo().read('Payment', qboId)).toMatchObject({
        TotalAmt: 55,
        PaymentMethodRef: { value: debit.Id },
        PaymentRefNum: 'DB-7781',
        CustomerRef: { value: await linkOf('customer', customerId) },
      });
      expect(await recordOf('payment', missing)).toMatchObject({ status: 'synced', qboId, lastError: null });
      expect(await counts('Payment')).toEqual({ Payment: before.Payment + 1 });
    });

    it('skips refunds while no refund account is set, and syncs them once one is', async () => {
      const settings = await api('/settings');
      const refundAccount = (settings.body.refundAccount as { id: string } | null)?.id;
      expect(refundAccount).toBeTruthy();
      const cleared = await api('/settings', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refundAccountId: null }),
      });
      expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);

      const customerId = await insertCustomer({ displayName: 'Hook Refund Receiver' });
      const refundId = newId('hk-ref');
      await database.db.insert(refunds).values({
        tenantId: h.tenantId,
        id: refundId,
        customerId,
        paymentMethodId: methodId('Cash'),
        amount: '25.50',
        refundedOn: '2026-10-07',
        reason: 'Rain day',
      });
      const before = await counts('RefundReceipt');
      expect(await hookAndWait('refund', refundId, 'created')).toMatchObject({
        status: 'skipped',
        message: 'No refund account is set in the QuickBooks settings, so refunds are not synced',
      });
      expect(await recordOf('refund', refundId)).toMatchObject({ status: 'skipped' });
      expect(await counts('RefundReceipt')).toEqual(before);

      const restored = await api('/settings', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refundAccountId: refundAccount }),
      });
      expect(restored.status, JSON.stringify(restored.body)).toBe(200);
      const retry = await api(`/records/refund/${refundId}/retry`, { method: 'POST' });
      expect(retry.status).toBe(202);
      expect(await resultOf(retry.body.workflowId as string)).toMatchObject({ status: 'synced' });
      const receipt = await qbo().read('RefundReceipt', await linkOf('refund', refundId));
      expect(receipt).toMatchObject({ TotalAmt: 25.5, DepositToAccountRef: { value: refundAccount } });
      expect(await counts('RefundReceipt')).toEqual({ RefundReceipt: before.RefundReceipt + 1 });

      // An edit reaches the same receipt.
      await database.db
        .update(refunds)
        .set({ amount: '30.00', updatedAt: new Date() })
        .where(and(eq(refunds.tenantId, h.tenantId), eq(refunds.id, refundId)));
      expect(await hookAndWait('refund', refundId, 'updated')).toMatchObject({
        status: 'synced',
        qboId: receipt.Id,
      });
      expect(await qbo().read('RefundReceipt', receipt.Id)).toMatchObject({ TotalAmt: 30 });
      expect(await counts('RefundReceipt')).toEqual({ RefundReceipt: before.RefundReceipt + 1 });

      // Deleted in BPro: the receipt is deleted in QuickBooks (it cannot be voided), once.
      await database.db
        .delete(refunds)
        .where(and(eq(refunds.tenantId, h.tenantId), eq(refunds.id, refundId)));
      expect(await hookAndWait('refund', refundId, 'deleted')).toMatchObject({
        status: 'synced',
        qboId: receipt.Id,
        message: 'Deleted in BPro: its refund receipt was deleted in QuickBooks',
      });
      expect(await counts('RefundReceipt')).toEqual(before);
      await expect(qbo().read('RefundReceipt', receipt.Id)).rejects.toMatchObject({
        type: 'not_found_or_inactive',
      });
      expect(await hookAndWait('refund', refundId, 'deleted')).toMatchObject({
        status: 'synced',
        message: 'Deleted in BPro; already deleted in QuickBooks',
      });
    });
  });
});
