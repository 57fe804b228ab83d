// Invoices (BPro orders), payments and refunds.
import { getOrder, getPayment, getPaymentMethod, getRefund, getTax } from '../../../db/queries/bpro';
import { expectedInvoiceTotals, invoiceBody, docNumberFor } from '../../mapping/invoice';
import { chooseItemAccounts, chooseRefundIncomeAccount } from '../../mapping/item';
import { paymentApplication, paymentBody } from '../../mapping/payment';
import { REFUND_ITEM_NAME, refundReceiptBody, refundServiceItemBody } from '../../mapping/refund';
import { MappingError, refValue } from '../../mapping/types';
import type { QboEntity } from '../../qbo/client';
import { QboError } from '../../qbo/errors';
import type { DocumentWrite, EntityHandler, SyncEngine } from '../engine';
import { failed, skipped, synced, type Step } from '../outcome';
import { isInScope } from '../scope';
import { hashOf } from './hash';
import { matchQboPaymentMethod } from './reference';

const EARLIER_COPY =
  'Found the copy an interrupted earlier sync had created in QuickBooks; updated and linked it';
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
  return voidDocument(engine, entity, qboEntity, await engine.client.read(qboEntity, qboId), bproId);
}

async function voidDocument(
  engine: SyncEngine,
  entity: 'invoice' | 'payment',
  qboEntity: 'Invoice' | 'Payment',
  current: QboEntity,
  bproId: string,
  message?: string,
): Promise<Step> {
  if (isVoided(current)) return synced('voided', current.Id, 'Already void in QuickBooks');
  const voided = await engine.client.void(
    qboEntity,
    { Id: current.Id, SyncToken: current.SyncToken ?? '0' },
    engine.updateRequestId(entity, bproId, { void: current.SyncToken }),
  );
  await engine.saveLink(entity, bproId, voided, 'voided');
  return synced('voided', current.Id, message);
}

/**
 * A record BPro no longer wants in QuickBooks (cancelled, voided, deleted) that has no link: an
 * interrupted earlier run may still have created it there (`earlierCopy`), and that copy is voided.
 */
async function voidUnlinked(
  engine: SyncEngine,
  entity: 'invoice' | 'payment',
  qboEntity: 'Invoice' | 'Payment',
  bproId: string,
  reason: string,
): Promise<Step> {
  const copy = await engine.earlierCopy(entity, bproId);
  if (!copy) return skipped(reason);
  return voidDocument(
    engine,
    entity,
    qboEntity,
    copy,
    bproId,
    `${reason}; voided the copy an interrupted earlier sync had created`,
  );
}

export const invoiceHandler: EntityHandler = {
  async sync(engine, bproId) {
    const order = await getOrder(engine.db, engine.tenantId, bproId);
    const link = await engine.link('invoice', bproId);
    // Deleted in BPro: its invoice is voided (kept for the audit trail, like a cancellation).
    if (!order)
      return link
        ? voidLinked(engine, 'invoice', 'Invoice', link.qboId, bproId)
        : voidUnlinked(engine, 'invoice', 'Invoice', bproId, 'No longer in BPro');
    if (order.status === 'cancelled') {
      if (!link)
        return voidUnlinked(engine, 'invoice', 'Invoice', bproId, 'Cancelled in BPro before it was synced');
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
    const neededBy = `order ${order.number}`;
    const customerQboId = await engine.ensure('customer', order.customerId, neededBy);
    const itemQboIds = new Map<string, string>();
    for (const productId of new Set(
      order.lines.map((l) => l.productId).filter((p): p is string => p !== null),
    )) {
      itemQboIds.set(productId, await engine.ensure('product', productId, neededBy));
    }
    const doc: DocumentWrite = {
      entity: 'invoice',
      qboEntity: 'Invoice',
      bproId,
      neededBy,
      refs: [
        { entity: 'customer', bproId: order.customerId, qboId: customerQboId },
        ...[...itemQboIds].map(([productId, qboId]) => ({
          entity: 'product' as const,
          bproId: productId,
          qboId,
        })),
      ],
    };
    const tax = order.taxId ? await getTax(engine.db, engine.tenantId, order.taxId) : null;
    const taxCodeQboId = order.taxId && !ast ? await engine.ensure('tax', order.taxId, neededBy) : null;
    const termQboId = order.termId ? await engine.ensure('term', order.termId, neededBy) : null;
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

    if (link?.sourceHash === sourceHash)
      return synced('linked', link.qboId, 'Already in QuickBooks, unchanged');
    // Not linked but maybe there: an earlier run created it and lost the answer (its number,
    // customer or date may have changed in BPro since, so the lookup below would miss it).
    const current = link
      ? await engine.client.read('Invoice', link.qboId)
      : await engine.earlierCopy('invoice', bproId);
    if (current) {
      const change = { ...body, Id: current.Id, SyncToken: current.SyncToken ?? '0' };
      const updated = await engine.updateDocument(doc, change);
      await engine.saveLink('invoice', bproId, updated, sourceHash);
      if (totals.warning) await engine.warn('invoice', bproId, totals.warning, updated.Id);
      return synced('updated', updated.Id, link ? undefined : EARLIER_COPY);
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
      created = await engine.createDocument(doc, body);
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

/** What a QBO payment's body depends on in BPro: a change means the linked payment is updated. */
const paymentSource = (row: NonNullable<Awaited<ReturnType<typeof getPayment>>>) =>
  hashOf({
    payment: 2,
    customerId: row.customerId,
    orderId: row.orderId,
    paymentMethodId: row.paymentMethodId,
    amount: row.amount,
    receivedOn: row.receivedOn,
    reference: row.reference,
  });

/** Cents a QBO payment applies to one invoice. */
function appliedTo(payment: QboEntity | null, invoiceQboId: string): number {
  if (!payment) return 0;
  const lines = Array.isArray(payment.Line)
    ? (payment.Line as { Amount?: unknown; LinkedTxn?: unknown }[])
    : [];
  let cents = 0;
  for (const line of lines) {
    const links = Array.isArray(line.LinkedTxn)
      ? (line.LinkedTxn as { TxnId?: unknown; TxnType?: unknown }[])
      : [];
    if (links.some((l) => l.TxnId === invoiceQboId && l.TxnType === 'Invoice'))
      cents += Math.round(Number(line.Amount ?? 0) * 100);
  }
  return cents;
}

export const paymentHandler: EntityHandler = {
  async sync(engine, bproId) {
    const row = await getPayment(engine.db, engine.tenantId, bproId);
    const link = await engine.link('payment', bproId);
    if (!row)
      return link
        ? voidLinked(engine, 'payment', 'Payment', link.qboId, bproId)
        : voidUnlinked(engine, 'payment', 'Payment', bproId, 'No longer in BPro');
    if (row.status === 'voided') {
      if (!link)
        return voidUnlinked(engine, 'payment', 'Payment', bproId, 'Voided in BPro before it was synced');
      return voidLinked(engine, 'payment', 'Payment', link.qboId, bproId);
    }
    const sourceHash = paymentSource(row);
    if (link?.sourceHash === sourceHash)
      return synced('linked', link.qboId, 'Already in QuickBooks, unchanged');
    if (link?.sourceHash === 'voided')
      return skipped('Voided in QuickBooks; a voided payment is not brought back', link.qboId);
    // The start date and the method checkbox decide whether a payment syncs; once in QuickBooks,
    // its edits follow it there.
    if (!link) {
      if (engine.snapshot.startDate && row.receivedOn < engine.snapshot.startDate) {
        return skipped(`Received ${row.receivedOn}, before the sync start date ${engine.snapshot.startDate}`);
      }
      if (!engine.snapshot.enabledPaymentMethodIds.includes(row.paymentMethodId)) {
        const method = await getPaymentMethod(engine.db, engine.tenantId, row.paymentMethodId);
        return skipped(
          `Payments by "${method?.name ?? row.paymentMethodId}" are not synced (unchecked in the QuickBooks settings)`,
        );
      }
    }
    const method = await getPaymentMethod(engine.db, engine.tenantId, row.paymentMethodId);
    const match = method
      ? await matchQboPaymentMethod(engine, method)
      : { ok: false as const, message: `Payment method ${row.paymentMethodId} no longer exists in BPro` };
    if (!match.ok) return failed(match.message);

    // Payments applied to one invoice read its balance, then change it: one at a time.
    const write = () => writePayment(engine, { bproId, row, link, sourceHash, methodQboId: match.method.Id });
    return row.orderId ? engine.serial(`invoice:${row.orderId}`, write) : write();
  },
};

/** Creates or updates the QBO payment of a BPro payment that syncs (its checks passed). */
async function writePayment(
  engine: SyncEngine,
  input: {
    bproId: string;
    row: NonNullable<Awaited<ReturnType<typeof getPayment>>>;
    link: Awaited<ReturnType<SyncEngine['link']>>;
    sourceHash: string;
    methodQboId: string;
  },
): Promise<Step> {
  const { bproId, row, link, sourceHash } = input;
  const neededBy = `payment ${bproId}`;
  const customerQboId = await engine.ensure('customer', row.customerId, neededBy);
  const doc: DocumentWrite = {
    entity: 'payment',
    qboEntity: 'Payment',
    bproId,
    neededBy,
    refs: [{ entity: 'customer', bproId: row.customerId, qboId: customerQboId }],
  };
  // Not linked but maybe there: an earlier run created it and lost the answer. Its request id
  // cannot catch that: the body depends on the invoice balance the first copy already reduced.
  const current = link
    ? await engine.client.read('Payment', link.qboId)
    : await engine.earlierCopy('payment', bproId);
  let invoice: { qboId: string; openBalance: number } | null = null;
  let note: string | undefined;
  if (row.orderId) {
    const order = await getOrder(engine.db, engine.tenantId, row.orderId);
    if (
      order &&
      order.status !== 'cancelled' &&
      (!engine.snapshot.startDate || order.orderDate >= engine.snapshot.startDate)
    ) {
      const invoiceQboId = await engine.ensure('invoice', row.orderId, `payment ${bproId}`);
      const qboInvoice = await engine.client.read('Invoice', invoiceQboId);
      // An edit may re-apply what this payment already applies to the invoice.
      const openCents = Math.round(Number(qboInvoice.Balance ?? 0) * 100) + appliedTo(current, invoiceQboId);
      invoice = { qboId: invoiceQboId, openBalance: openCents / 100 };
    } else {
      note =
        'Its order is not synced (cancelled, or dated before the start date): recorded as an unapplied payment';
    }
  }
  const context = { customerQboId, paymentMethodQboId: input.methodQboId, invoice };
  const body = paymentBody(row, context);
  const application = paymentApplication(row, context);
  if (current) {
    const change = { ...body, Id: current.Id, SyncToken: current.SyncToken ?? '0', sparse: true };
    const updated = await engine.updateDocument(doc, change);
    await engine.saveLink('payment', bproId, updated, sourceHash);
    if (application.note) await engine.warn('payment', bproId, application.note, updated.Id);
    return synced('updated', updated.Id, note ?? (link ? undefined : EARLIER_COPY));
  }
  const created = await engine.createDocument(doc, body);
  await engine.saveLink('payment', bproId, created, sourceHash);
  if (application.note) await engine.warn('payment', bproId, application.note, created.Id);
  return synced('created', created.Id, note);
}

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

/** What a RefundReceipt depends on in BPro: a change means the linked receipt is updated. */
const refundSource = (row: NonNullable<Awaited<ReturnType<typeof getRefund>>>) =>
  hashOf({
    refund: 2,
    customerId: row.customerId,
    paymentMethodId: row.paymentMethodId,
    amount: row.amount,
    refundedOn: row.refundedOn,
    reason: row.reason,
  });

/**
 * A refund deleted in BPro: its receipt is deleted in QuickBooks (refund receipts cannot be voided
 * through the API, qbo-api.md §6.9). The link stays, marked, so a re-run does not bring it back.
 */
async function deleteLinkedRefund(
  engine: SyncEngine,
  link: { qboId: string; sourceHash: string | null },
  bproId: string,
  /** The receipt as just read (an unlinked earlier copy), else it is read here. */
  read?: QboEntity,
): Promise<Step> {
  if (link.sourceHash === 'deleted')
    return synced('voided', link.qboId, 'Deleted in BPro; already deleted in QuickBooks');
  const current =
    read ??
    (await engine.client.read('RefundReceipt', link.qboId).catch((error: unknown) => {
      if (error instanceof QboError && error.type === 'not_found_or_inactive') return null;
      throw error;
    }));
  if (current) {
    const ref = { Id: current.Id, SyncToken: current.SyncToken ?? '0' };
    await engine.client.delete(
      'RefundReceipt',
      ref,
      engine.updateRequestId('refund', bproId, { delete: ref }),
    );
  }
  await engine.saveLink('refund', bproId, { Id: link.qboId }, 'deleted');
  return synced('voided', link.qboId, 'Deleted in BPro: its refund receipt was deleted in QuickBooks');
}

export const refundHandler: EntityHandler = {
  async sync(engine, bproId) {
    const row = await getRefund(engine.db, engine.tenantId, bproId);
    const link = await engine.link('refund', bproId);
    if (!row) {
      if (link) return deleteLinkedRefund(engine, link, bproId);
      const copy = await engine.earlierCopy('refund', bproId);
      return copy
        ? deleteLinkedRefund(engine, { qboId: copy.Id, sourceHash: null }, bproId, copy)
        : skipped('No longer in BPro');
    }
    if (link?.sourceHash === 'deleted')
      return skipped('Deleted in QuickBooks after it was deleted in BPro; not brought back', link.qboId);
    const sourceHash = refundSource(row);
    if (link?.sourceHash === sourceHash)
      return synced('linked', link.qboId, 'Already in QuickBooks, unchanged');
    if (!link) {
      if (!engine.snapshot.refundAccountId)
        return skipped('No refund account is set in the QuickBooks settings, so refunds are not synced');
      if (engine.snapshot.startDate && row.refundedOn < engine.snapshot.startDate) {
        return skipped(`Refunded ${row.refundedOn}, before the sync start date ${engine.snapshot.startDate}`);
      }
    }
    const current = link ? await engine.client.read('RefundReceipt', link.qboId) : null;
    // An edited receipt stays in the account it was paid from, even if the setting changed since.
    const refundAccountQboId = refValue(current?.DepositToAccountRef) ?? engine.snapshot.refundAccountId;
    if (!refundAccountQboId)
      return skipped('No refund account is set in the QuickBooks settings, so refunds are not synced');
    const neededBy = `refund ${bproId}`;
    const customerQboId = await engine.ensure('customer', row.customerId, neededBy);
    const doc: DocumentWrite = {
      entity: 'refund',
      qboEntity: 'RefundReceipt',
      bproId,
      neededBy,
      refs: [{ entity: 'customer', bproId: row.customerId, qboId: customerQboId }],
    };
    const method = await getPaymentMethod(engine.db, engine.tenantId, row.paymentMethodId);
    const match = method ? await matchQboPaymentMethod(engine, method) : null;
    const body = refundReceiptBody(row, {
      customerQboId,
      refundAccountQboId,
      refundItemQboId: await refundItemId(engine),
      paymentMethodQboId: match?.ok ? match.method.Id : null,
    });
    // Not linked but already there: an earlier attempt created it and lost the answer.
    const existing = current ?? (await engine.earlierCopy('refund', bproId));
    if (existing) {
      const change = { ...body, Id: existing.Id, SyncToken: existing.SyncToken ?? '0', sparse: true };
      const updated = await engine.updateDocument(doc, change);
      await engine.saveLink('refund', bproId, updated, sourceHash);
      return synced('updated', updated.Id, current ? undefined : EARLIER_COPY);
    }
    const created = await engine.createDocument(doc, body);
    await engine.saveLink('refund', bproId, created, sourceHash);
    return synced('created', created.Id);
  },
};
