// Sales forms of a company on the non-US ("global") tax model, i.e. a Canadian one: every sales
// line names a real TaxCode, GlobalTaxCalculation says whether line amounts include tax, and QBO
// computes TxnTaxDetail from the lines (one TaxLine per rate). Intuit: "Manage sales tax for non-US
// locales" and the Invoice reference; the faults and what is UNCONFIRMED: README "Canadian companies".
import { isDeepStrictEqual } from 'node:util';
import { faults } from '../errors';
import { taxFaults } from '../errors-tax';
import { computeGlobalTax, type GlobalLineInput } from '../tax-global';
import { asArray, asNumber, asRecord, asString, refValue, round2, type QboObject } from '../util';
import { findVisible, resolveRef, type OpContext } from './context';
import { salesRatesOf } from './tax-codes';

export type GlobalCalculation = 'TaxExcluded' | 'TaxInclusive' | 'NotApplicable';
const CALCULATIONS: readonly GlobalCalculation[] = ['TaxExcluded', 'TaxInclusive', 'NotApplicable'];
const LINE_CODE = 'Line.SalesItemLineDetail.TaxCodeRef';

/** GlobalTaxCalculation of a body: TaxExcluded when absent (the reference's default), else 2170. */
export function globalCalculation(o: QboObject): GlobalCalculation {
  const v = o['GlobalTaxCalculation'];
  if (v === undefined || v === null) return 'TaxExcluded';
  const found = CALCULATIONS.find((c) => c === v);
  if (!found) throw faults.invalidEnum('GlobalTaxCalculation', String(asString(v) ?? JSON.stringify(v)));
  return found;
}

/**
 * Checks a line's TaxCodeRef: it must name an existing, active TaxCode (US "TAX"/"NON" are no
 * codes here: 2500; inactive: 610). Returns false when the line has none (see assertLineTaxCodes).
 */
export function checkLineTaxCode(ctx: OpContext, detail: QboObject): boolean {
  const ref = detail['TaxCodeRef'];
  if (ref === undefined || ref === null) return false;
  const code = resolveRef(ctx, 'TaxCode', ref, LINE_CODE);
  detail['TaxCodeRef'] = { value: String(code['Id']) };
  return true;
}

/**
 * 6000 when sales lines lack a tax code: none coded → the GST/HST wording, some → the "one or
 * more lines" wording. NotApplicable ("out of scope of tax") needs none [UNCONFIRMED].
 */
export function assertLineTaxCodes(o: QboObject, coded: number, lines: number): void {
  if (coded === lines || globalCalculation(o) === 'NotApplicable') return;
  throw coded === 0 ? taxFaults.noLineTaxCodes() : taxFaults.someLinesWithoutTaxCode();
}

/** The TxnTaxDetail the client sent, or undefined when it only carries the stored one along. */
function sentTaxDetail(o: QboObject, existing: QboObject | undefined): QboObject | undefined {
  const sent = asRecord(o['TxnTaxDetail']);
  if (!sent || (existing && isDeepStrictEqual(sent, existing['TxnTaxDetail']))) return undefined;
  return sent;
}

/** 6170 for tax detail on a NotApplicable form; a TxnTaxCodeRef must name a code (then it is unused). */
function checkSentTaxDetail(ctx: OpContext, calc: GlobalCalculation, sent: QboObject): void {
  const lines = asArray(sent['TaxLine']);
  const tax = asNumber(sent['TotalTax']) ?? 0;
  const codeRef = sent['TxnTaxCodeRef'];
  if (calc === 'NotApplicable' && (lines.length > 0 || tax !== 0 || codeRef !== undefined))
    throw taxFaults.txnTaxDetailNotApplicable();
  if (codeRef !== undefined && codeRef !== null)
    resolveRef(ctx, 'TaxCode', codeRef, 'TxnTaxDetail.TxnTaxCodeRef');
}

function salesLines(o: QboObject): QboObject[] {
  return asArray(o['Line'])
    .map((l) => asRecord(l))
    .filter((l): l is QboObject => l?.['DetailType'] === 'SalesItemLineDetail');
}

/** A line's amount as entered: with TaxInclusive, TaxInclusiveAmt when given, else Amount. */
function enteredAmount(line: QboObject, detail: QboObject, calc: GlobalCalculation): number {
  const inclusive = calc === 'TaxInclusive' ? asNumber(detail['TaxInclusiveAmt']) : undefined;
  return round2(inclusive ?? asNumber(line['Amount']) ?? 0);
}

function taxLine(l: ReturnType<typeof computeGlobalTax>['lines'][number]): QboObject {
  const detail: QboObject = {
    TaxRateRef: { value: l.rateId },
    PercentBased: true,
    TaxPercent: l.percent,
    NetAmountTaxable: l.netAmountTaxable,
  };
  if (l.taxInclusiveAmount !== undefined) detail['TaxInclusiveAmount'] = l.taxInclusiveAmount;
  return { Amount: l.amount, DetailType: 'TaxLineDetail', TaxLineDetail: detail };
}

/**
 * Completes a global-tax sales form whose lines are built (their codes checked): sets
 * GlobalTaxCalculation, TxnTaxDetail and TotalAmt; with TaxInclusive, each line's Amount becomes
 * its net and TaxInclusiveAmt its amount with tax, and the SubTotalLine sums the nets.
 */
export function applyGlobalTax(
  ctx: OpContext,
  o: QboObject,
  totals: { subtotal: number; discount: number },
  existing: QboObject | undefined,
): void {
  const calc = globalCalculation(o);
  o['GlobalTaxCalculation'] = calc;
  delete o['ApplyTaxAfterDiscount'];
  const sent = sentTaxDetail(o, existing);
  if (sent) checkSentTaxDetail(ctx, calc, sent);
  const lines = salesLines(o);
  const details = lines.map((l) => asRecord(l['SalesItemLineDetail']) ?? {});
  if (calc !== 'TaxInclusive') for (const d of details) delete d['TaxInclusiveAmt'];
  if (calc === 'NotApplicable') {
    o['TxnTaxDetail'] = { TotalTax: 0 };
    o['TotalAmt'] = round2(totals.subtotal - totals.discount);
    return;
  }
  const entered = lines.map((l, i) => enteredAmount(l, details[i] ?? {}, calc));
  const inputs: GlobalLineInput[] = details.map((d, i) => {
    const codeId = refValue(d['TaxCodeRef']);
    const code = codeId === undefined ? undefined : findVisible(ctx, 'TaxCode', codeId);
    const rates = code ? salesRatesOf(ctx, code) : [];
    if (code && rates.length === 0) throw taxFaults.taxCalculation();
    return { amount: entered[i] ?? 0, rates };
  });
  const gross = round2(entered.reduce((s, a) => s + a, 0));
  const factor = gross === 0 ? 1 : (gross - totals.discount) / gross;
  const result = computeGlobalTax(inputs, calc, factor);
  if (calc === 'TaxInclusive') inclusiveLines(o, lines, details, entered, result.netAmounts);
  o['TxnTaxDetail'] = { TotalTax: result.totalTax, TaxLine: result.lines.map(taxLine) };
  o['TotalAmt'] =
    calc === 'TaxInclusive'
      ? round2(gross - totals.discount)
      : round2(totals.subtotal - totals.discount + result.totalTax);
}

/** TaxInclusive lines: Amount net, TaxInclusiveAmt with tax, UnitPrice per net unit; subtotal of nets. */
function inclusiveLines(
  o: QboObject,
  lines: QboObject[],
  details: QboObject[],
  entered: number[],
  nets: number[],
): void {
  lines.forEach((line, i) => {
    const detail = details[i] ?? {};
    const net = nets[i] ?? 0;
    line['Amount'] = net;
    detail['TaxInclusiveAmt'] = entered[i] ?? 0;
    const qty = asNumber(detail['Qty']);
    if (qty !== undefined && qty !== 0) detail['UnitPrice'] = net / qty;
  });
  const subtotal = asArray(o['Line'])
    .map((l) => asRecord(l))
    .find((l) => l?.['DetailType'] === 'SubTotalLineDetail');
  if (subtotal) subtotal['Amount'] = round2(nets.reduce((s, n) => s + n, 0));
}
