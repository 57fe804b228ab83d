// BPro order + lines → QBO Invoice. Every line carries BPro's own quantity and unit price and, as
// Amount, BPro's line amount (round half up of quantity × price to the cent): QBO's check
// (Amount = Qty × UnitPrice to the cent, 6070) then holds, and the subtotal is BPro's to the cent.
import { createHash } from 'node:crypto';
import {
  formatMoney,
  lineAmountCents,
  orderTotals,
  parseMoney,
  parseQuantity,
} from '../../db/bpro-generator/money';
import { cleanLine, cleanText, QBO_LIMITS } from './names';
import { MappingError, ref, type BproOrder, type BproOrderLine, type QboRef } from './types';

export type OrderInput = Pick<
  BproOrder,
  'id' | 'number' | 'orderDate' | 'dueDate' | 'memo' | 'taxId' | 'termId' | 'customerId'
>;
export type OrderLineInput = Pick<
  BproOrderLine,
  'id' | 'lineNo' | 'productId' | 'description' | 'quantity' | 'unitPrice' | 'taxable'
>;

export type InvoiceContext = {
  /** QBO id of the order's customer or job. */
  customerQboId: string;
  /** QBO item id per BPro product id. */
  itemQboIds: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Item for lines without a product (BPro allows them); without it such a line is an error. */
  fallbackItemQboId?: string | null;
  /** The order's tax group as a QBO TaxCode (non-automated companies). */
  taxCodeQboId?: string | null;
  /** The rates (percent strings) of the order's tax group; [] when the order is untaxed. */
  taxRates: readonly string[];
  termQboId?: string | null;
  /** The company uses automated sales tax (Preferences.TaxPrefs.PartnerTaxEnabled). */
  automatedSalesTax: boolean;
  /**
   * Use this DocNumber instead of the one derived from the order number; `null` sends none (QBO
   * numbers the invoice itself, for companies with custom transaction numbers turned off).
   */
  docNumber?: string | null;
  /**
   * The company's home currency when multicurrency is on (the document then carries it as
   * CurrencyRef, which QBO requires there); null or absent: no CurrencyRef.
   */
  homeCurrency?: string | null;
  /**
   * A Canadian company (tax-ca.ts): the TaxCode ids its lines carry, `taxed` for the order's taxable
   * lines (null when the order has no tax group), `untaxed` for the rest. The document then has
   * GlobalTaxCalculation TaxExcluded (BPro's prices exclude tax) and no TxnTaxDetail; `taxCodeQboId`
   * and `automatedSalesTax` are not used.
   */
  lineTaxCodes?: LineTaxCodes | null;
};

/** The codes a Canadian document's lines carry (see InvoiceContext.lineTaxCodes). */
export type LineTaxCodes = { taxed: string | null; untaxed: string };

export type InvoiceLineBody = {
  DetailType: 'SalesItemLineDetail';
  Amount: number;
  Description?: string;
  SalesItemLineDetail: {
    ItemRef: QboRef;
    Qty: number;
    /** Omitted only when QBO's float check could not be met exactly (never for realistic amounts). */
    UnitPrice?: number;
    TaxCodeRef: QboRef;
  };
};

export type InvoiceBody = {
  CustomerRef: QboRef;
  DocNumber?: string;
  TxnDate: string;
  DueDate?: string;
  SalesTermRef?: QboRef;
  PrivateNote: string;
  CustomerMemo?: { value: string };
  Line: InvoiceLineBody[];
  TxnTaxDetail?: { TxnTaxCodeRef?: QboRef; TotalTax?: number };
  /** Canadian companies only: BPro's amounts exclude tax. */
  GlobalTaxCalculation?: 'TaxExcluded';
  CurrencyRef?: QboRef;
};

/** QBO allows at most 750 lines on a taxable invoice (qbo-api.md §6.5). */
export const MAX_INVOICE_LINES = 750;

/**
 * A DocNumber (max 21) from BPro's order number: whitespace collapsed; a longer number keeps its
 * last 14 characters (where order numbers differ) after a 6-character hash of the whole number:
 * "h3k9zq~2026-000123456" — deterministic, and distinct numbers stay distinct.
 */
export function docNumberFor(orderNumber: string): string {
  const clean = cleanLine(orderNumber, Number.MAX_SAFE_INTEGER);
  if (clean.length <= QBO_LIMITS.docNumber) return clean;
  const digest = BigInt(`0x${createHash('sha256').update(clean).digest('hex').slice(0, 12)}`);
  const hash = digest.toString(36).padStart(6, '0').slice(-6);
  return `${hash}~${clean.slice(-(QBO_LIMITS.docNumber - 7))}`;
}

/** QBO's amount check as the emulator does it (floats, half away from zero, a 1e-7 nudge). */
function qboRound2(x: number): number {
  const sign = x < 0 ? -1 : 1;
  return (sign * Math.round(Math.abs(x) * 100 + 1e-7)) / 100;
}

/** Whether QBO accepts Amount with this Qty and UnitPrice (its 6070 check). */
export function qboAmountMatches(amount: number, qty: number, unitPrice: number): boolean {
  return Math.abs(qboRound2(qty * unitPrice) - qboRound2(amount)) < 0.005;
}

function itemFor(context: InvoiceContext, productId: string | null): string | undefined {
  if (productId === null) return context.fallbackItemQboId ?? undefined;
  const ids = context.itemQboIds;
  if (ids instanceof Map) return (ids as ReadonlyMap<string, string>).get(productId);
  return (ids as Readonly<Record<string, string | undefined>>)[productId];
}

/** One invoice line: BPro's quantity and unit price, Amount = BPro's rounded line amount. */
export function invoiceLineBody(
  line: OrderLineInput,
  itemQboId: string,
  /** US: `TAX` / `NON`; Canada: the id of the line's TaxCode. */
  taxCode: string,
): InvoiceLineBody {
  const amountCents = lineAmountCents(line.quantity, line.unitPrice);
  const amount = amountCents / 100;
  const qty = Number(parseQuantity(line.quantity)) / 10_000;
  const unitPrice = parseMoney(line.unitPrice) / 100;
  const body: InvoiceLineBody = {
    DetailType: 'SalesItemLineDetail',
    Amount: amount,
    SalesItemLineDetail: { ItemRef: ref(itemQboId), Qty: qty, TaxCodeRef: ref(taxCode) },
  };
  if (qboAmountMatches(amount, qty, unitPrice)) body.SalesItemLineDetail.UnitPrice = unitPrice;
  const description = cleanText(line.description, QBO_LIMITS.description);
  if (description !== '') body.Description = description;
  return body;
}

/** The invoice's private note: a marker QBO can be searched by, then the memo. */
export function invoicePrivateNote(order: Pick<BproOrder, 'id' | 'number' | 'memo'>): string {
  const head = `BPro order ${cleanLine(order.number, 100)} (${order.id})`;
  const memo = cleanText(order.memo, QBO_LIMITS.privateNote);
  return cleanText(memo === '' ? head : `${head}\n${memo}`, QBO_LIMITS.privateNote);
}

/**
 * The Invoice create body. Lines in BPro's order; TAX/NON per line (`taxable`, and only when the
 * order has a tax group). Non-automated companies: TxnTaxCodeRef = the group's tax code, QBO
 * computes the tax per rate (see `expectedInvoiceTotals`). Automated sales tax: no tax code, and
 * TotalTax = BPro's tax, which QBO then uses as given. Canadian companies (`lineTaxCodes`): each
 * line carries its real code, QBO computes the tax per rate over the lines of each code.
 */
export function invoiceBody(
  order: OrderInput,
  lines: readonly OrderLineInput[],
  context: InvoiceContext,
): InvoiceBody {
  if (lines.length === 0)
    throw new MappingError(
      'invalid_data',
      `Order ${order.number} has no lines; QuickBooks needs at least one.`,
    );
  if (lines.length > MAX_INVOICE_LINES)
    throw new MappingError(
      'invalid_data',
      `Order ${order.number} has ${lines.length} lines; QuickBooks allows at most ${MAX_INVOICE_LINES}.`,
    );
  const taxed = order.taxId !== null && order.taxId !== undefined && context.taxRates.length > 0;
  const codes = context.lineTaxCodes ?? null;
  const missingCode = codes
    ? codes.taxed === null && lines.some((l) => l.taxable)
    : !context.automatedSalesTax && !context.taxCodeQboId;
  if (taxed && missingCode)
    throw new MappingError(
      'missing_dependency',
      `Order ${order.number} needs its tax ${order.taxId} in QuickBooks first.`,
    );
  const sorted = [...lines].sort((a, b) => a.lineNo - b.lineNo || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const Line = sorted.map((line) => {
    const item = itemFor(context, line.productId);
    if (!item)
      throw new MappingError(
        'missing_dependency',
        line.productId === null
          ? `Order ${order.number} line ${line.lineNo} has no product and no fallback item is set.`
          : `Order ${order.number} needs product ${line.productId} in QuickBooks first.`,
      );
    return invoiceLineBody(line, item, lineTaxCode(codes, taxed && line.taxable));
  });
  const body: InvoiceBody = {
    CustomerRef: ref(context.customerQboId),
    TxnDate: order.orderDate,
    PrivateNote: invoicePrivateNote(order),
    Line,
  };
  if (context.docNumber !== null) body.DocNumber = context.docNumber ?? docNumberFor(order.number);
  if (order.dueDate) body.DueDate = order.dueDate;
  if (context.termQboId) body.SalesTermRef = ref(context.termQboId);
  const memo = cleanText(order.memo, QBO_LIMITS.customerMemo);
  if (memo !== '') body.CustomerMemo = { value: memo };
  if (context.homeCurrency) body.CurrencyRef = ref(context.homeCurrency);
  if (codes) {
    // QBO computes each code's tax per rate; a TxnTaxDetail sent could be taken as overrides.
    body.GlobalTaxCalculation = 'TaxExcluded';
  } else if (context.automatedSalesTax) {
    const rates = taxed ? context.taxRates : [];
    body.TxnTaxDetail = {
      TotalTax: expectedInvoiceTotals(lines, { taxRates: rates, automatedSalesTax: true }).bproTaxCents / 100,
    };
  } else if (taxed && context.taxCodeQboId) {
    body.TxnTaxDetail = { TxnTaxCodeRef: ref(context.taxCodeQboId) };
  }
  return body;
}

/** A line's code: US `TAX`/`NON`; Canada the mapped code of a taxable line, else the untaxed one. */
function lineTaxCode(codes: LineTaxCodes | null, taxable: boolean): string {
  if (!codes) return taxable ? 'TAX' : 'NON';
  return taxable && codes.taxed !== null ? codes.taxed : codes.untaxed;
}

export type InvoiceTotals = {
  subtotalCents: number;
  bproTaxCents: number;
  bproTotalCents: number;
  /** What QBO will compute: per-rate rounding, or BPro's tax as given on automated sales tax. */
  qboTaxCents: number;
  qboTotalCents: number;
  /** qboTotalCents − bproTotalCents (a cent or two with several rates, else 0). */
  differenceCents: number;
  /** A sync-log warning when the totals differ; undefined when they match. */
  warning: string | undefined;
};

/**
 * BPro's and QBO's totals for an order. BPro applies the group's combined rate once; QBO rounds
 * each rate on its own (bpro.md §2.6), so with several rates its total can differ by a cent.
 */
export function expectedInvoiceTotals(
  lines: readonly Pick<OrderLineInput, 'quantity' | 'unitPrice' | 'taxable'>[],
  context: Pick<InvoiceContext, 'taxRates' | 'automatedSalesTax'>,
  order?: Pick<BproOrder, 'number'>,
): InvoiceTotals {
  const totals = orderTotals(lines, context.taxRates);
  const qboTaxCents = context.automatedSalesTax ? totals.taxCents : totals.qboTaxCents;
  const qboTotalCents = totals.subtotalCents + qboTaxCents;
  const differenceCents = qboTotalCents - totals.totalCents;
  const label = order ? `Order ${order.number}` : 'This order';
  return {
    subtotalCents: totals.subtotalCents,
    bproTaxCents: totals.taxCents,
    bproTotalCents: totals.totalCents,
    qboTaxCents,
    qboTotalCents,
    differenceCents,
    warning:
      differenceCents === 0
        ? undefined
        : `${label}: QuickBooks total ${formatMoney(qboTotalCents)} differs from BPro's ` +
          `${formatMoney(totals.totalCents)} by ${formatMoney(differenceCents)} because QuickBooks ` +
          `rounds the tax of each rate separately (tax ${formatMoney(qboTaxCents)} vs ` +
          `${formatMoney(totals.taxCents)}).`,
  };
}
