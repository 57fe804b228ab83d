// Invoices (BPro orders), payments and refunds.
import { getOrder, getPayment, getPaymentMethod, getRefund, getTax } from '../../../db/queries/bpro';
import { expectedInvoiceTotals, invoiceBody, docNumberFor } from '../../mapping/invoice';
import { chooseItemAccounts, chooseRefundIncomeAccount } from '../../mapping/item';
import { matchPaymentMethod } from '../../mapping/payment-method';
import { paymentApplication, paymentBody } from '../../mapping/payment';
import { REFUND_ITEM_NAME, refundReceiptBody, refundServiceItemBody } from '../../mapping/refund';
import { MappingError } from '../../mapping/types';
import type { QboEntity } from '../../qbo/client';
import { QboError } from '../../qbo/errors';
import type { EntityHandler, SyncEngine } from '../engine';
import { failed, skipped, synced, type Step } from '../outcome';
import { isInScope } from '../scope';
import { hashOf } from './hash';
import { qboPaymentMethods } from './reference';

const refValue = (v: unknown): string | undefined =>
  v && typeof v === 'object' ? ((v as { value?: unknown }).value as string | undefined) : undefined;
const isVoided = (e: QboEntity) =>
  Number(e.TotalAmt ?? 0) === 0 && typeof e.PrivateNote === 'string' && e.PrivateNote.startsWith('Voided');

async function automatedSalesTax(engine: SyncEngine): Promise<boolean> {
  const prefs = await engine.cached('preferences', () => engine.client.preferences());
  return Boolean((prefs.TaxPrefs as { PartnerTaxEnabled?: boolean } | undefined)?.PartnerTaxEnabled);
}

/** Voids the linked QBO transaction (idempotent: an already-voided one is left alone). */
async function voidLinked(
  engine: SyncEngine,
  entity: 'invoice' | 'payment',
  qboEntity: 'Invoice' | 'Payment',
  qboId: string,
  bproId: string,
): Promise<Step> {
  const current = await engine.client.read(qboEntity, qboId);
  if (isVoided(current)) return synced('voided', qboId, 'Already void in QuickBooks');
  const voided = await engine.client.void(
    qboEntity,
    { Id: current.Id, SyncToken: current.SyncToken ?? '0' },
    engine.updateRequestId(entity, bproId, { void: current.SyncToken }),
  );
  await engine.saveLink(entity, bproId, voided, 'voided');
  return synced('voided', qboId);
}

export const invoiceHandler: EntityHandler = {
  async sync(engine, bproId) {
    const order = await getOrder(engine.db, engine.tenantId, bproId);
    if (!order) return skipped('No longer in BPro');
    const link = await engine.link('invoice', bproId);
    if (order.status === 'cancelled') {
      if (!link) return skipped('Cancelled in BPro before it was synced');
      return voidLinked(engine, 'invoice', 'Invoice', link.qboId, bproId);
    }
    if (!link && !(await isInScope(engine.db, 'invoice', engine.tenantId, bproId, engine.snapshot))) {
      return skipped(
        engine.snapshot.startDate && order.orderDate < engine.snapshot.startDate
          ? `Dated ${order.orderDate}, before the sync start date ${engine.snapshot.startDate}`
          : 'Not completed and no payment taken yet: it becomes an invoice when it is',
      );
    }
    const ast = await automatedSalesTax(engine);
    const customerQboId = await engine.ensureActive('customer', order.customerId, `order ${order.number}`);
    const itemQboIds = new Map<string, string>();
    for (const productId of new Set(
      order.lines.map((l) => l.productId).filter((p): p is string => p !== null),
    )) {
      itemQboIds.set(productId, await engine.ensureActive('product', productId, `order ${order.number}`));
    }
    const tax = order.taxId ? await getTax(engine.db, engine.tenantId, order.taxId) : null;
    const taxCodeQboId =
      order.taxId && !ast ? await engine.ensure('tax', order.taxId, `order ${order.number}`) : null;
    const termQboId = order.termId
      ? await engine.ensure('term', order.termId, `order ${order.number}`)
      : null;
    const context = {
      customerQboId,
      itemQboIds,
      taxCodeQboId,
      termQboId,
      taxRates: tax?.rates.map((r) => r.rate) ?? [],
      automatedSalesTax: ast,
    };
    const body = invoiceBody(order, order.lines, context);
    const sourceHash = hashOf(body);
    const totals = expectedInvoiceTotals(order.lines, context, order);

    if (link) {
      if (link.sourceHash === sourceHash)
        return synced('linked', link.qboId, 'Already in QuickBooks, unchanged');
      const current = await engine.client.read('Invoice', link.qboId);
      const change = { ...body, Id: current.Id, SyncToken: current.SyncToken ?? '0' };
      const updated = await engine.client.update(
        'Invoice',
        change,
        engine.updateRequestId('invoice', bproId, change),
      );
      await engine.saveLink('invoice', bproId, updated, sourceHash);
      if (totals.warning) await engine.warn('invoice', bproId, totals.warning, updated.Id);
      return synced('updated', updated.Id);
    }

    const docNumber = body.DocNumber;
    const sameNumber =
      docNumber === undefined
        ? null
        : await engine.findOne('Invoice', [{ field: 'DocNumber', op: '=', value: docNumber }], false);
    if (sameNumber) {
      if (refValue(sameNumber.CustomerRef) !== customerQboId) {
        return failed(
          `QuickBooks already has invoice number ${docNumber} for another customer. Renumber one of them (in BPro or QuickBooks), then press Re-run.`,
        );
      }
      await engine.saveLink('invoice', bproId, sameNumber, sourceHash);
      return synced(
        'linked',
        sameNumber.Id,
        `Linked to the existing QuickBooks invoice ${docNumber} of the same customer`,
      );
    }
    let created: QboEntity;
    try {
      created = await engine.client.create('Invoice', body, engine.createRequestId('invoice', bproId, body));
    } catch (error) {
      if (error instanceof QboError && error.type === 'duplicate_doc_number') {
        return failed(
          `QuickBooks refused invoice number ${docNumber} as a duplicate (${error.detail ?? error.message}). Renumber it, then press Re-run.`,
        );
      }
      throw error;
    }
    await engine.saveLink('invoice', bproId, created, sourceHash);
    const qboTotal = Math.round(Number(created.TotalAmt ?? 0) * 100);
    if (qboTotal !== totals.bproTotalCents) {
      await engine.warn(
        'invoice',
        bproId,
        totals.warning ??
          `QuickBooks total ${(qboTotal / 100).toFixed(2)} differs from BPro's ${(totals.bproTotalCents / 100).toFixed(2)}`,
        created.Id,
      );
    }
    return synced('created', created.Id, `Invoice ${docNumberFor(order.number)}`);
  },
};

export const paymentHandler: EntityHandler = {
  async sync(engine, bproId) {
    const row = await getPayment(engine.db, engine.tenantId, bproId);
    if (!row) return skipped('No longer in BPro');
    const link = await engine.link('payment', bproId);
    if (row.status === 'voided') {
      if (!link) return skipped('Voided in BPro before it was synced');
      return voidLinked(engine, 'payment', 'Payment', link.qboId, bproId);
    }
    if (link) return synced('linked', link.qboId, 'Already in QuickBooks');
    if (engine.snapshot.startDate && row.receivedOn < engine.snapshot.startDate) {
      return skipped(`Received ${row.receivedOn}, before the sync start date ${engine.snapshot.startDate}`);
    }
    const method = await getPaymentMethod(engine.db, engine.tenantId, row.paymentMethodId);
    if (!engine.snapshot.enabledPaymentMethodIds.includes(row.paymentMethodId)) {
      return skipped(
        `Payments by "${method?.name ?? row.paymentMethodId}" are not synced (unchecked in the QuickBooks settings)`,
      );
    }
    const methods = await qboPaymentMethods(engine);
    const match = method
      ? matchPaymentMethod(
          method,
          methods.map((m) => ({
            Id: m.Id,
            Name: typeof m.Name === 'string' ? m.Name : '',
            Active: m.Active as boolean | undefined,
          })),
        )
      : { ok: false as const, message: `Payment method ${row.paymentMethodId} no longer exists in BPro` };
    if (!match.ok) return failed(match.message);

    const customerQboId = await engine.ensureActive('customer', row.customerId, `payment ${bproId}`);
    let invoice: { qboId: string; openBalance: number | string } | null = null;
    let note: string | undefined;
    if (row.orderId) {
      const order = await getOrder(engine.db, engine.tenantId, row.orderId);
      if (
        order &&
        order.status !== 'cancelled' &&
        (!engine.snapshot.startDate || order.orderDate >= engine.snapshot.startDate)
      ) {
        const invoiceQboId = await engine.ensure('invoice', row.orderId, `payment ${bproId}`);
        const current = await engine.client.read('Invoice', invoiceQboId);
        invoice = { qboId: invoiceQboId, openBalance: Number(current.Balance ?? 0) };
      } else {
        note =
          'Its order is not synced (cancelled, or dated before the start date): recorded as an unapplied payment';
      }
    }
    const context = { customerQboId, paymentMethodQboId: match.method.Id, invoice };
    const body = paymentBody(row, context);
    const created = await engine.client.create(
      'Payment',
      body,
      engine.createRequestId('payment', bproId, body),
    );
    await engine.saveLink('payment', bproId, created, hashOf(body));
    const application = paymentApplication(row, context);
    if (application.note) await engine.warn('payment', bproId, application.note, created.Id);
    return synced('created', created.Id, note);
  },
};

async function refundItemId(engine: SyncEngine): Promise<string> {
  return engine.cached('refundItem', async () => {
    const existing = await engine.findOne('Item', [{ field: 'Name', op: '=', value: REFUND_ITEM_NAME }]);
    if (existing) return existing.Id;
    const accounts = await engine.accounts();
    const income = chooseRefundIncomeAccount(accounts, chooseItemAccounts(accounts).income);
    if (!income)
      throw new MappingError(
        'missing_account',
        'The QuickBooks company has no income account for the refund item',
      );
    const body = refundServiceItemBody(income);
    const created = await engine.client.create(
      'Item',
      body,
      engine.createRequestId('refund', 'refund-item', body),
    );
    return created.Id;
  });
}

export const refundHandler: EntityHandler = {
  async sync(engine, bproId) {
    const row = await getRefund(engine.db, engine.tenantId, bproId);
    if (!row) return skipped('No longer in BPro');
    const link = await engine.link('refund', bproId);
    if (link) return synced('linked', link.qboId, 'Already in QuickBooks');
    if (!engine.snapshot.refundAccountId)
      return skipped('No refund account is set in the QuickBooks settings, so refunds are not synced');
    if (engine.snapshot.startDate && row.refundedOn < engine.snapshot.startDate) {
      return skipped(`Refunded ${row.refundedOn}, before the sync start date ${engine.snapshot.startDate}`);
    }
    const customerQboId = await engine.ensureActive('customer', row.customerId, `refund ${bproId}`);
    const method = await getPaymentMethod(engine.db, engine.tenantId, row.paymentMethodId);
    const methods = await qboPaymentMethods(engine);
    const match = method
      ? matchPaymentMethod(
          method,
          methods.map((m) => ({
            Id: m.Id,
            Name: typeof m.Name === 'string' ? m.Name : '',
            Active: m.Active as boolean | undefined,
          })),
        )
      : null;
    const body = refundReceiptBody(row, {
      customerQboId,
      refundAccountQboId: engine.snapshot.refundAccountId,
      refundItemQboId: await refundItemId(engine),
      paymentMethodQboId: match?.ok ? match.method.Id : null,
    });
    const created = await engine.client.create(
      'RefundReceipt',
      body,
      engine.createRequestId('refund', bproId, body),
    );
    await engine.saveLink('refund', bproId, created, hashOf(body));
    return synced('created', created.Id);
  },
};
