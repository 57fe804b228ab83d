// Shared rules of sales forms (Invoice, CreditMemo, RefundReceipt): lines, Amount = Qty × UnitPrice,
// line tax codes, discounts, the subtotal line, TxnTaxDetail with per-rate rounding, DocNumber.
// A Canadian company's tax model (line tax codes, GlobalTaxCalculation) is in sales-global.ts.
import { faults } from '../errors';
import { usesGlobalTax } from '../locale';
import { entityMap, type EntityName } from '../store';
import { computeTax, amountMatches, prorateTax, type TaxResult } from '../tax';
import { asArray, asNumber, asRecord, asString, refValue, round2, type QboObject } from '../util';
import { findVisible, optionalRef, refTo, resolveRef, today, type OpContext } from './context';
import { applyTransactionCurrency } from './currency';
import { applyGlobalTax, assertLineTaxCodes, checkLineTaxCode } from './sales-global';
import { salesRatesOf } from './tax-codes';
import { checkLengths } from './validate';

export const SALES_FORMS: readonly EntityName[] = ['Invoice', 'CreditMemo', 'RefundReceipt'];

const TXN_TYPE_LABEL: Record<string, string> = {
  Invoice: 'Invoice',
  CreditMemo: 'Credit Memo',
  RefundReceipt: 'Refund Receipt',
};

interface LineTotals {
  lines: QboObject[];
  subtotal: number;
  taxableSubtotal: number;
  discount: number;
}

function usSalesTax(ctx: OpContext): boolean {
  return ctx.realm.country === 'US';
}

function buildSalesItemLine(ctx: OpContext, line: QboObject, idx: number): QboObject {
  const el = `Line[${idx}]`;
  const detail: QboObject = { ...(asRecord(line['SalesItemLineDetail']) ?? {}) };
  if (line['Amount'] === undefined || line['Amount'] === null) throw faults.required('Amount', 'Line.Amount');
  const amount = asNumber(line['Amount']);
  if (amount === undefined) throw faults.invalidNumber('Line.Amount', JSON.stringify(line['Amount']));
  const qty = detail['Qty'] === undefined ? undefined : asNumber(detail['Qty']);
  const price = detail['UnitPrice'] === undefined ? undefined : asNumber(detail['UnitPrice']);
  if (detail['Qty'] !== undefined && qty === undefined)
    throw faults.invalidNumber(`${el}.SalesItemLineDetail.Qty`, JSON.stringify(detail['Qty']));
  if (detail['UnitPrice'] !== undefined && price === undefined)
    throw faults.invalidNumber(`${el}.SalesItemLineDetail.UnitPrice`, JSON.stringify(detail['UnitPrice']));
  if (qty !== undefined && price !== undefined && !amountMatches(amount, qty, price))
    throw faults.amountCalculation(amount, round2(qty * price));
  if (qty !== undefined && price === undefined && qty !== 0) detail['UnitPrice'] = amount / qty;
  if (price !== undefined && qty === undefined && price !== 0) detail['Qty'] = amount / price;
  let taxable = false;
  if (detail['ItemRef'] !== undefined && detail['ItemRef'] !== null) {
    const item = resolveRef(ctx, 'Item', detail['ItemRef'], 'Line.SalesItemLineDetail.ItemRef');
    if (item['Type'] === 'Category')
      throw faults.business(
        'A category cannot be used on a transaction line.',
        'Line.SalesItemLineDetail.ItemRef',
      );
    detail['ItemRef'] = refTo(item);
    taxable = item['Taxable'] === true;
    if (detail['ItemAccountRef'] === undefined && item['IncomeAccountRef'] !== undefined)
      detail['ItemAccountRef'] = item['IncomeAccountRef'];
  }
  if (usesGlobalTax(ctx.realm)) checkLineTaxCode(ctx, detail);
  else {
    const taxCode = refValue(detail['TaxCodeRef']) ?? (taxable ? 'TAX' : 'NON');
    if (usSalesTax(ctx) && taxCode !== 'TAX' && taxCode !== 'NON') throw faults.invalidLineTaxCode(taxCode);
    detail['TaxCodeRef'] = { value: taxCode };
  }
  optionalRef(ctx, 'Account', detail['ItemAccountRef'], 'Line.SalesItemLineDetail.ItemAccountRef');
  return { ...line, Amount: round2(amount), DetailType: 'SalesItemLineDetail', SalesItemLineDetail: detail };
}

/** Validates and numbers the lines; drops client SubTotalLines and appends the computed one. */
export function buildLines(ctx: OpContext, o: QboObject, existing: QboObject | undefined): LineTotals {
  const raw = o['Line'];
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0))
    throw faults.required('Line');
  if (!Array.isArray(raw)) throw faults.invalidProperty('Line');
  const usedIds = new Set(
    asArray(existing?.['Line'])
      .map((l) => asString(asRecord(l)?.['Id']))
      .filter((x) => x !== undefined),
  );
  let nextId = 1;
  const lines: QboObject[] = [];
  let subtotal = 0;
  let taxableSubtotal = 0;
  const discounts: QboObject[] = [];
  raw.forEach((item, idx) => {
    const line = asRecord(item);
    if (!line) throw faults.invalidProperty(`Line[${idx}]`);
    checkLengths(line, { Description: 4000 });
    let type = asString(line['DetailType']);
    if (type === undefined && line['SalesItemLineDetail'] !== undefined) type = 'SalesItemLineDetail';
    if (type === undefined) throw faults.required('DetailType', 'Line.DetailType');
    let built: QboObject;
    switch (type) {
      case 'SalesItemLineDetail': {
        built = buildSalesItemLine(ctx, line, idx);
        const amt = Number(built['Amount']);
        subtotal += amt;
        if (refValue(asRecord(built['SalesItemLineDetail'])?.['TaxCodeRef']) === 'TAX')
          taxableSubtotal += amt;
        break;
      }
      case 'DescriptionOnly':
        built = { ...line, DetailType: type, Amount: asNumber(line['Amount']) ?? 0 };
        break;
      case 'DiscountLineDetail':
        built = { ...line, DetailType: type };
        discounts.push(built);
        break;
      case 'SubTotalLineDetail':
        return;
      case 'GroupLineDetail':
        throw faults.unsupportedOperation('GroupLineDetail lines are not supported by the emulator.');
      default:
        throw faults.invalidEnum('Line.DetailType', type);
    }
    const givenId = asString(line['Id']);
    let id: string;
    if (givenId !== undefined && Number(givenId) > 0 && usedIds.has(givenId)) id = givenId;
    else {
      while (usedIds.has(String(nextId)) || lines.some((l) => l['Id'] === String(nextId))) nextId++;
      id = String(nextId++);
    }
    built['Id'] = id;
    built['LineNum'] = lines.length + 1;
    lines.push(built);
  });
  subtotal = round2(subtotal);
  if (usesGlobalTax(ctx.realm)) {
    const sales = lines.filter((l) => l['DetailType'] === 'SalesItemLineDetail');
    const coded = sales.filter(
      (l) => refValue(asRecord(l['SalesItemLineDetail'])?.['TaxCodeRef']) !== undefined,
    );
    assertLineTaxCodes(o, coded.length, sales.length);
  }
  let discount = 0;
  for (const d of discounts) {
    const detail = asRecord(d['DiscountLineDetail']) ?? {};
    if (detail['PercentBased'] === true) {
      const pct = asNumber(detail['DiscountPercent']);
      if (pct === undefined)
        throw faults.required('DiscountPercent', 'Line.DiscountLineDetail.DiscountPercent');
      d['Amount'] = round2((subtotal * pct) / 100);
    } else {
      const amt = asNumber(d['Amount']);
      if (amt === undefined) throw faults.required('Amount', 'Line.Amount');
      d['Amount'] = round2(amt);
    }
    discount += Number(d['Amount']);
  }
  lines.push({ Amount: subtotal, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} });
  return { lines, subtotal, taxableSubtotal: round2(taxableSubtotal), discount: round2(discount) };
}

function taxDetail(codeId: string | undefined, result: TaxResult): QboObject {
  const d: QboObject = {
    TotalTax: result.totalTax,
    TaxLine: result.lines.map((l) => ({
      Amount: l.amount,
      DetailType: 'TaxLineDetail',
      TaxLineDetail: {
        TaxRateRef: { value: l.rateId },
        PercentBased: true,
        TaxPercent: l.percent,
        NetAmountTaxable: l.netAmountTaxable,
      },
    })),
  };
  if (codeId !== undefined) d['TxnTaxCodeRef'] = { value: codeId };
  return d;
}

/** TxnTaxDetail: per-rate tax on the taxable lines (after discount when ApplyTaxAfterDiscount). */
export function computeTxnTax(ctx: OpContext, o: QboObject, totals: LineTotals): QboObject {
  const usingSalesTax = asRecord(asRecord(ctx.realm.preferences['TaxPrefs']))?.['UsingSalesTax'] !== false;
  const given = asRecord(o['TxnTaxDetail']) ?? {};
  if (!usingSalesTax) return { TotalTax: 0 };
  let base = totals.taxableSubtotal;
  if (o['ApplyTaxAfterDiscount'] === true && totals.subtotal > 0)
    base = round2(base - (totals.discount * base) / totals.subtotal);
  const explicitTotal = asNumber(given['TotalTax']);
  let codeId = refValue(given['TxnTaxCodeRef']);
  if (ctx.realm.automatedSalesTax) {
    codeId = ctx.realm.astTaxCodeId;
    const code = codeId === undefined ? undefined : findVisible(ctx, 'TaxCode', codeId);
    const rates = code ? salesRatesOf(ctx, code) : [];
    return taxDetail(
      codeId,
      explicitTotal !== undefined && given['TxnTaxCodeRef'] === undefined
        ? prorateTax(explicitTotal, base, rates)
        : computeTax(base, rates),
    );
  }
  if (codeId === undefined || codeId === 'NON' || codeId === 'TAX') {
    return { TotalTax: explicitTotal ?? 0, TaxLine: [] };
  }
  const code = resolveRef(ctx, 'TaxCode', given['TxnTaxCodeRef'], 'TxnTaxDetail.TxnTaxCodeRef');
  return taxDetail(codeId, computeTax(base, salesRatesOf(ctx, code)));
}

/** Common header fields of a sales form; returns the completed object with TotalAmt. */
export function buildSalesForm(
  ctx: OpContext,
  entity: EntityName,
  input: QboObject,
  existing: QboObject | undefined,
): QboObject {
  const o: QboObject = { ...input };
  checkLengths(o, { DocNumber: 21, PrivateNote: 4000, 'CustomerMemo.value': 1000, 'BillEmail.Address': 100 });
  const totals = buildLines(ctx, o, existing);
  o['Line'] = totals.lines;
  if (usesGlobalTax(ctx.realm)) applyGlobalTax(ctx, o, totals, existing);
  else {
    o['TxnTaxDetail'] = computeTxnTax(ctx, o, totals);
    const tax = asNumber(asRecord(o['TxnTaxDetail'])?.['TotalTax']) ?? 0;
    o['TotalAmt'] = round2(totals.subtotal - totals.discount + tax);
    o['ApplyTaxAfterDiscount'] = o['ApplyTaxAfterDiscount'] === true;
  }
  o['TxnDate'] = asString(o['TxnDate']) ?? asString(existing?.['TxnDate']) ?? today(ctx);
  applyTransactionCurrency(ctx, o);
  o['PrintStatus'] = o['PrintStatus'] ?? 'NotSet';
  o['EmailStatus'] = o['EmailStatus'] ?? 'NotSet';
  if (o['EmailStatus'] === 'NeedToSend' && !asString(asRecord(o['BillEmail'])?.['Address']))
    throw faults.required('BillEmail');
  checkInventoryStartDates(ctx, o);
  assignDocNumber(ctx, entity, o, existing);
  return o;
}

/** Auto-numbers when custom numbers are off; 6140 on duplicates unless include=allowduplicatedocnum. */
export function assignDocNumber(
  ctx: OpContext,
  entity: EntityName,
  o: QboObject,
  existing: QboObject | undefined,
): void {
  let doc = asString(o['DocNumber']);
  const custom = asRecord(ctx.realm.preferences['SalesFormsPrefs'])?.['CustomTxnNumbers'] === true;
  if ((doc === undefined || doc === '') && !existing && !custom) {
    const next = (ctx.realm.docSeq.get(entity) ?? 1000) + 1;
    ctx.realm.docSeq.set(entity, next);
    doc = String(next);
  }
  if (doc === undefined || doc === '') {
    delete o['DocNumber'];
    return;
  }
  o['DocNumber'] = doc;
  if (existing && existing['DocNumber'] === doc) return;
  if (ctx.include.has('allowduplicatedocnum')) return;
  const types = ctx.options.docNumberUniqueAcrossTypes ? SALES_FORMS : [entity];
  for (const t of types) {
    // Against every record, also one created earlier in the same batch (as for names).
    const dup = [...entityMap(ctx.realm, t).values()].find(
      (x) => x['DocNumber'] === doc && x['Id'] !== existing?.['Id'],
    );
    if (dup) throw faults.duplicateDocNumber(doc, TXN_TYPE_LABEL[t] ?? t, String(dup['Id']));
  }
}

/** 6270 when a line sells an inventory item before the item's InvStartDate. */
function checkInventoryStartDates(ctx: OpContext, o: QboObject): void {
  const txnDate = String(o['TxnDate']);
  for (const line of asArray(o['Line'])) {
    const itemId = refValue(asRecord(asRecord(line)?.['SalesItemLineDetail'])?.['ItemRef']);
    const item = itemId === undefined ? undefined : findVisible(ctx, 'Item', itemId);
    const start = asString(item?.['InvStartDate']);
    if (item?.['Type'] === 'Inventory' && start !== undefined && txnDate < start.slice(0, 10))
      throw faults.inventoryBeforeStart(String(item['Name']), start);
  }
}
