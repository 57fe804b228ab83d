// Invoices (BPro orders): the invoice document spec. A cancelled or deleted order is voided. A
// Canadian company's invoices carry a real tax code on every line (tax-ca.ts).
import { getOrder, getTax } from '../../../db/queries/bpro';
import { docNumberFor, expectedInvoiceTotals, invoiceBody } from '../../mapping/invoice';
import { caTotalsWarning } from '../../mapping/tax-ca';
import { refValue } from '../../mapping/types';
import { QboError } from '../../qbo/errors';
import type { QboEntity } from '../../qbo/schemas';
import { syncDocument } from '../document-lifecycle';
import { emptyAtStart } from '../lookups';
import { isVoidedInQbo } from '../qbo-side';
import type { DocumentSpec, PreparedDocument } from '../document-spec';
import { isInScope } from '../scope';
import type { DocumentWrite, EntityHandler, SyncContext } from '../types';
import { ensureTogether } from './document-refs';
import { caOrderTaxCodes, taxCodeNameOf } from './tax-ca';
import { reportingStartDates } from './start-date-refusal';
import { balanceCents, invoiceBalances } from '../invoice-balances';

type Order = NonNullable<Awaited<ReturnType<typeof getOrder>>>;

async function automatedSalesTax(ctx: SyncContext): Promise<boolean> {
  const prefs = await ctx.cache.get('preferences', () => ctx.qbo.preferences());
  return Boolean((prefs.TaxPrefs as { PartnerTaxEnabled?: boolean } | undefined)?.PartnerTaxEnabled);
}

/**
 * Its customer, items, tax code and term, synced together when not linked yet (the first failure
 * in that order fails the invoice).
 */
async function invoiceRefs(ctx: SyncContext, order: Order, withTax: boolean, neededBy: string) {
  const productIds = [...new Set(order.lines.map((l) => l.productId).filter((p): p is string => p !== null))];
  const wanted = [
    { entity: 'customer' as const, bproId: order.customerId },
    ...productIds.map((bproId) => ({ entity: 'product' as const, bproId })),
    ...(order.taxId && withTax ? [{ entity: 'tax' as const, bproId: order.taxId }] : []),
    ...(order.termId ? [{ entity: 'term' as const, bproId: order.termId }] : []),
  ];
  const id = await ensureTogether(ctx, wanted, neededBy);
  return {
    customerQboId: id('customer', order.customerId),
    itemQboIds: new Map(productIds.map((productId) => [productId, id('product', productId)])),
    taxCodeQboId: order.taxId && withTax ? id('tax', order.taxId) : null,
    termQboId: order.termId ? id('term', order.termId) : null,
  };
}

/**
 * How the order's tax is sent. US: its tax record (unless automated sales tax) is a dependency and
 * TAX/NON go on the lines. Canada: each line's code, the group's tax record a dependency only while
 * the group has no code in the tax mapping yet.
 */
async function taxPlan(ctx: SyncContext, order: Order, rateCount: number) {
  if (ctx.snapshot.taxModel !== 'CA') {
    const ast = await automatedSalesTax(ctx);
    return { ast, withTax: !ast, ca: null };
  }
  const ca = await caOrderTaxCodes(ctx, order, rateCount);
  return { ast: false, withTax: ca.needsTax, ca };
}

/** Its customer, items, tax code and term synced; the body built (its hash decides a change). */
async function prepareInvoice(ctx: SyncContext, order: Order, bproId: string): Promise<PreparedDocument> {
  const tax = order.taxId ? await getTax(ctx.db, ctx.tenantId, order.taxId) : null;
  const { ast, withTax, ca } = await taxPlan(ctx, order, tax?.rates.length ?? 0);
  const neededBy = `order ${order.number}`;
  const refs = await invoiceRefs(ctx, order, withTax, neededBy);
  const { customerQboId, itemQboIds, taxCodeQboId, termQboId } = refs;
  const lineTaxCodes = ca ? { taxed: ca.taxed ?? taxCodeQboId, untaxed: ca.untaxed } : null;
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
  const context = {
    customerQboId,
    itemQboIds,
    taxCodeQboId,
    termQboId,
    taxRates: tax?.rates.map((r) => r.rate) ?? [],
    automatedSalesTax: ast,
    homeCurrency: ctx.snapshot.homeCurrency,
    lineTaxCodes,
  };
  const body = invoiceBody(order, order.lines, context);
  const totals = expectedInvoiceTotals(order.lines, context, order);
  const differs = (qboCents: number) =>
    `QuickBooks total ${(qboCents / 100).toFixed(2)} differs from BPro's ${(totals.bproTotalCents / 100).toFixed(2)}`;
  // Canada: the drift is judged on the total QuickBooks computed, on creates and updates alike.
  const codeName = lineTaxCodes ? await taxCodeNameOf(ctx, lineTaxCodes.taxed) : undefined;
  const caWarning = (written: QboEntity) =>
    caTotalsWarning(
      totals,
      Math.round(Number(written.TotalAmt ?? 0) * 100),
      `Order ${order.number}`,
      codeName,
    );
  return {
    doc,
    source: body,
    build: () =>
      Promise.resolve({
        body,
        createdMessage: `Invoice ${docNumberFor(order.number)}`,
        warning: (written, created) => {
          if (lineTaxCodes) return caWarning(written);
          if (!created) return totals.warning;
          const qboCents = Math.round(Number(written.TotalAmt ?? 0) * 100);
          return qboCents === totals.bproTotalCents ? undefined : (totals.warning ?? differs(qboCents));
        },
        written: (invoice) => {
          const open = balanceCents(invoice);
          if (open !== undefined) invoiceBalances.set(ctx.tenantId, invoice.Id, open);
        },
      }),
  };
}

const invoiceSpec: DocumentSpec<Order> = {
  entity: 'invoice',
  qboEntity: 'Invoice',
  retireBy: 'void',
  load: (ctx, bproId) => getOrder(ctx.db, ctx.tenantId, bproId),
  unwanted: (order) => (order.status === 'cancelled' ? 'Cancelled in BPro before it was synced' : null),
  async outOfScope(ctx, order) {
    if (await isInScope(ctx.db, 'invoice', ctx.tenantId, order.id, ctx.snapshot)) return null;
    return ctx.snapshot.startDate && order.orderDate < ctx.snapshot.startDate
      ? `Dated ${order.orderDate}, before the sync start date ${ctx.snapshot.startDate}`
      : 'Not completed and no payment taken yet: it becomes an invoice when it is';
  },
  prepare: prepareInvoice,
  /** An invoice of the same number: linked when it is the same customer's, else the user renumbers. */
  async match(ctx, body) {
    const docNumber = body.DocNumber as string | undefined;
    // None at the initial sync's start: not looked up (one made since answers 6140, createRefused).
    if (docNumber === undefined || emptyAtStart(ctx.snapshot, 'Invoice')) return null;
    const same = await ctx.lookup.one('Invoice', [{ field: 'DocNumber', op: '=', value: docNumber }], false);
    // A voided copy (voided in QuickBooks, then Re-create pressed) is not linked again.
    if (!same || isVoidedInQbo(same)) return null;
    if (refValue(same.CustomerRef) !== refValue(body.CustomerRef))
      return {
        fail: `QuickBooks already has invoice number ${docNumber} for another customer. Renumber one of them (in BPro or QuickBooks), then press Re-run.`,
      };
    return {
      linkTo: same,
      message: `Linked to the existing QuickBooks invoice ${docNumber} of the same customer`,
    };
  },
  createRefused(error, body) {
    if (!(error instanceof QboError && error.type === 'duplicate_doc_number')) return undefined;
    return `QuickBooks refused invoice number ${String(body.DocNumber)} as a duplicate (${error.detail ?? error.message}). Renumber it, then press Re-run.`;
  },
};

export const invoiceHandler: EntityHandler = {
  // A 6270 that still happens fails the invoice with the items and the date to set, in plain words.
  sync: (ctx, bproId) => reportingStartDates(ctx, bproId, () => syncDocument(ctx, invoiceSpec, bproId)),
};
