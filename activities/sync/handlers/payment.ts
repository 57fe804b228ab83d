// Payments: the payment document spec. A voided or deleted BPro payment is voided in QuickBooks;
// a payment applies to its order's invoice, one payment of an invoice at a time.
import { getOrder, getPayment, getPaymentMethod } from '../../../db/queries/bpro';
import { paymentApplication, paymentBody, toCents } from '../../mapping/payment';
import { QboError } from '../../qbo/errors';
import type { QboEntity } from '../../qbo/schemas';
import { syncDocument } from '../document-lifecycle';
import type { BuiltDocument, DocumentSpec, PreparedDocument } from '../document-spec';
import { invoiceBalances } from '../invoice-balances';
import { awaitingKey, failed } from '../outcome';
import type { EntityHandler, Step, SyncContext } from '../types';
import { customerOnlyDocument } from './document-refs';
import { matchQboPaymentMethod } from './reference';

type Payment = NonNullable<Awaited<ReturnType<typeof getPayment>>>;

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

/**
 * A new payment's invoice balance may come from what this worker last heard from QuickBooks
 * (invoice-balances.ts) instead of a read; `usedKnown` names the invoice when it did.
 */
type BalanceSource = { known: boolean; usedKnown?: string };

/** The invoice the payment applies to and its open balance, or why it is recorded unapplied. */
async function invoiceToApply(
  ctx: SyncContext,
  row: Payment,
  current: QboEntity | null,
  source: BalanceSource,
): Promise<{ invoice: { qboId: string; openBalance: number } | null; note?: string }> {
  if (!row.orderId) return { invoice: null };
  const order = await getOrder(ctx.db, ctx.tenantId, row.orderId);
  const startDate = ctx.snapshot.startDate;
  if (!order || order.status === 'cancelled' || (startDate && order.orderDate < startDate))
    return {
      invoice: null,
      note: 'Its order is not synced (cancelled, or dated before the start date): recorded as an unapplied payment',
    };
  const invoiceQboId = await ctx.scheduler.ensure('invoice', row.orderId, `payment ${row.id}`);
  const known =
    source.known && !current
      ? invoiceBalances.covering(ctx.tenantId, invoiceQboId, toCents(row.amount))
      : undefined;
  if (known !== undefined) {
    source.usedKnown = invoiceQboId;
    return { invoice: { qboId: invoiceQboId, openBalance: known / 100 } };
  }
  const qboInvoice = await ctx.qbo.read('Invoice', invoiceQboId);
  // An edit may re-apply what this payment already applies to the invoice.
  const openCents = Math.round(Number(qboInvoice.Balance ?? 0) * 100) + appliedTo(current, invoiceQboId);
  return { invoice: { qboId: invoiceQboId, openBalance: openCents / 100 } };
}

async function preparePayment(
  ctx: SyncContext,
  row: Payment,
  bproId: string,
  source: BalanceSource,
): Promise<PreparedDocument | Step> {
  const method = await getPaymentMethod(ctx.db, ctx.tenantId, row.paymentMethodId);
  const match = method
    ? await matchQboPaymentMethod(ctx, method)
    : { ok: false as const, message: `Payment method ${row.paymentMethodId} no longer exists in BPro` };
  if (!match.ok) return failed(match.message, method ? awaitingKey('PaymentMethod', method.name) : undefined);
  const doc = await customerOnlyDocument(ctx, { entity: 'payment', bproId, customerId: row.customerId });
  const customerQboId = doc.refs[0]?.qboId as string;
  return {
    doc,
    // Payments applied to one invoice read its balance, then change it: one at a time.
    exclusive: row.orderId ? `invoice:${row.orderId}` : undefined,
    async build(current): Promise<BuiltDocument> {
      const { invoice, note } = await invoiceToApply(ctx, row, current, source);
      const context = {
        customerQboId,
        paymentMethodQboId: match.method.Id,
        invoice,
        homeCurrency: ctx.snapshot.homeCurrency,
      };
      const application = paymentApplication(row, context);
      return {
        body: paymentBody(row, context),
        note,
        warning: () => application.note,
        // What QuickBooks now has open on the invoice: what was open less what this payment applies.
        written: (payment) => {
          if (invoice)
            invoiceBalances.set(
              ctx.tenantId,
              invoice.qboId,
              toCents(invoice.openBalance) - appliedTo(payment, invoice.qboId),
            );
        },
      };
    },
  };
}

const paymentSpec = (source: BalanceSource): DocumentSpec<Payment> => ({
  entity: 'payment',
  qboEntity: 'Payment',
  retireBy: 'void',
  load: (ctx, bproId) => getPayment(ctx.db, ctx.tenantId, bproId),
  unwanted: (row) => (row.status === 'voided' ? 'Voided in BPro before it was synced' : null),
  retired: { voided: 'Voided in QuickBooks; a voided payment is not brought back' },
  /** What a QBO payment's body depends on in BPro: a change means the linked payment is updated. */
  sourceOf: (row) => ({
    payment: 2,
    customerId: row.customerId,
    orderId: row.orderId,
    paymentMethodId: row.paymentMethodId,
    amount: row.amount,
    receivedOn: row.receivedOn,
    reference: row.reference,
  }),
  // The start date and the method checkbox decide whether a payment syncs; once in QuickBooks,
  // its edits follow it there.
  async outOfScope(ctx, row) {
    const startDate = ctx.snapshot.startDate;
    if (startDate && row.receivedOn < startDate)
      return `Received ${row.receivedOn}, before the sync start date ${startDate}`;
    if (ctx.snapshot.enabledPaymentMethodIds.includes(row.paymentMethodId)) return null;
    const method = await getPaymentMethod(ctx.db, ctx.tenantId, row.paymentMethodId);
    return `Payments by "${method?.name ?? row.paymentMethodId}" are not synced (unchecked in the QuickBooks settings)`;
  },
  prepare: (ctx, row, bproId) => preparePayment(ctx, row, bproId, source),
});

export const paymentHandler: EntityHandler = {
  async sync(ctx, bproId) {
    const source: BalanceSource = { known: true };
    try {
      return await syncDocument(ctx, paymentSpec(source), bproId);
    } catch (error) {
      // Refused on a known balance: someone changed the invoice in QuickBooks; read it and retry.
      if (!source.usedKnown || !(error instanceof QboError && error.type === 'validation')) throw error;
      invoiceBalances.forget(ctx.tenantId, source.usedKnown);
      return syncDocument(ctx, paymentSpec({ known: false }), bproId);
    }
  },
};
