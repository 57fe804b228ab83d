// Invoice, CreditMemo and RefundReceipt: sales forms with their own balances, deletes and voids.
import { faults } from '../errors';
import { asArray, asNumber, asRecord, asString, addDays, refValue, round2, type QboObject } from '../util';
import { isCashAccount } from './account';
import { optionalRef, refTo, resolveRef, type OpContext } from './context';
import { linkedPaymentIds, mutateStored } from './effects';
import { buildSalesForm } from './sales';
import type { EntityDef } from './types';
import { checkLengths } from './validate';

const TXN_QUERYABLE = [
  'Id',
  'DocNumber',
  'TxnDate',
  'CustomerRef',
  'TotalAmt',
  'MetaData.CreateTime',
  'MetaData.LastUpdatedTime',
];
const TXN_READONLY = ['TotalAmt', 'Balance', 'HomeTotalAmt', 'HomeBalance', 'RemainingCredit', 'InvoiceLink'];

function customer(ctx: OpContext, o: QboObject, required: boolean): QboObject | undefined {
  if (o['CustomerRef'] === undefined || o['CustomerRef'] === null) {
    if (required) throw faults.required('CustomerRef');
    return undefined;
  }
  const c = resolveRef(ctx, 'Customer', o['CustomerRef'], 'CustomerRef');
  o['CustomerRef'] = refTo(c, 'DisplayName');
  return c;
}

function prefixVoided(note: unknown): string {
  const s = asString(note);
  return s ? `Voided - ${s}` : 'Voided';
}

/** Zeroes amounts and quantities of a sales form, keeps the record (QBO's void). */
export function zeroSalesForm(obj: QboObject): QboObject {
  const o = structuredClone(obj);
  o['Line'] = asArray(o['Line']).map((l) => {
    const line = { ...(asRecord(l) ?? {}) };
    line['Amount'] = 0;
    const d = asRecord(line['SalesItemLineDetail']);
    if (d) {
      const inclusive = 'TaxInclusiveAmt' in d ? { TaxInclusiveAmt: 0 } : {};
      line['SalesItemLineDetail'] = { ...d, Qty: 0, UnitPrice: 0, ...inclusive };
    }
    return line;
  });
  const tax = asRecord(o['TxnTaxDetail']);
  if (tax)
    o['TxnTaxDetail'] = {
      ...tax,
      TotalTax: 0,
      TaxLine: asArray(tax['TaxLine']).map((t) => ({ ...(asRecord(t) ?? {}), Amount: 0 })),
    };
  o['TotalAmt'] = 0;
  o['Balance'] = 0;
  if ('RemainingCredit' in o) o['RemainingCredit'] = 0;
  o['PrivateNote'] = prefixVoided(o['PrivateNote']);
  return o;
}

/** Amount already applied by payments: TotalAmt − Balance. */
function appliedAmount(obj: QboObject): number {
  return round2((asNumber(obj['TotalAmt']) ?? 0) - (asNumber(obj['Balance']) ?? 0));
}

export const invoiceDef: EntityDef = {
  name: 'Invoice',
  path: 'invoice',
  nameList: false,
  ops: { create: true, read: true, update: true, delete: true, void: true },
  queryable: [...TXN_QUERYABLE, 'DueDate', 'Balance'],
  readOnly: TXN_READONLY,
  build(ctx, input, existing) {
    const c = customer(ctx, { ...input }, true);
    const o = buildSalesForm(ctx, 'Invoice', input, existing);
    o['CustomerRef'] = refTo(c as QboObject, 'DisplayName');
    const termRef =
      o['SalesTermRef'] ??
      c?.['SalesTermRef'] ??
      asRecord(ctx.realm.preferences['SalesFormsPrefs'])?.['DefaultTerms'];
    const term = optionalRef(ctx, 'Term', termRef, 'SalesTermRef');
    if (term) o['SalesTermRef'] = refTo(term);
    if (asString(o['DueDate']) === undefined)
      o['DueDate'] = addDays(String(o['TxnDate']), term ? (asNumber(term['DueDays']) ?? 0) : 0);
    if (!o['BillAddr'] && c?.['BillAddr']) o['BillAddr'] = c['BillAddr'];
    if (!o['ShipAddr'] && c?.['ShipAddr']) o['ShipAddr'] = c['ShipAddr'];
    if (!o['BillEmail'] && c?.['PrimaryEmailAddr']) o['BillEmail'] = c['PrimaryEmailAddr'];
    const applied = existing ? appliedAmount(existing) : 0;
    const total = asNumber(o['TotalAmt']) ?? 0;
    if (
      existing &&
      refValue(existing['CustomerRef']) !== refValue(o['CustomerRef']) &&
      linkedPaymentIds(existing).length > 0
    )
      throw faults.business(
        'You cannot change the customer of an invoice that has payments applied.',
        'CustomerRef',
      );
    if (total + 0.0001 < applied)
      throw faults.business(`The invoice total ${total} is less than the ${applied} already paid.`);
    o['Balance'] = round2(total - applied);
    o['LinkedTxn'] =
      existing?.['LinkedTxn'] ??
      asArray(o['LinkedTxn']).filter((l) => asRecord(l)?.['TxnType'] !== 'Payment');
    o['Deposit'] = 0;
    return o;
  },
  checkDelete(_ctx, obj) {
    if (linkedPaymentIds(obj).length > 0)
      throw faults.business(
        'This transaction is linked to other transactions. Unlink them before deleting it.',
      );
  },
  voidObject(ctx, obj) {
    const invoiceId = String(obj['Id']);
    for (const paymentId of linkedPaymentIds(obj)) {
      mutateStored(ctx, 'Payment', paymentId, (p) => {
        let released = 0;
        p['Line'] = asArray(p['Line']).filter((l) => {
          const links = asArray(asRecord(l)?.['LinkedTxn']);
          const hit = links.some(
            (lk) => asRecord(lk)?.['TxnId'] === invoiceId && asRecord(lk)?.['TxnType'] === 'Invoice',
          );
          if (hit) released += asNumber(asRecord(l)?.['Amount']) ?? 0;
          return !hit;
        });
        p['UnappliedAmt'] = round2((asNumber(p['UnappliedAmt']) ?? 0) + released);
      });
    }
    const voided = zeroSalesForm(obj);
    voided['LinkedTxn'] = [];
    return voided;
  },
};

export const creditMemoDef: EntityDef = {
  name: 'CreditMemo',
  path: 'creditmemo',
  nameList: false,
  ops: { create: true, read: true, update: true, delete: true, void: true },
  queryable: [...TXN_QUERYABLE, 'Balance'],
  readOnly: TXN_READONLY,
  build(ctx, input, existing) {
    const c = customer(ctx, { ...input }, true);
    const o = buildSalesForm(ctx, 'CreditMemo', input, existing);
    o['CustomerRef'] = refTo(c as QboObject, 'DisplayName');
    const used = existing
      ? round2((asNumber(existing['TotalAmt']) ?? 0) - (asNumber(existing['RemainingCredit']) ?? 0))
      : 0;
    const total = asNumber(o['TotalAmt']) ?? 0;
    if (total + 0.0001 < used)
      throw faults.business(`The credit memo total ${total} is less than the ${used} already applied.`);
    o['RemainingCredit'] = round2(total - used);
    o['Balance'] = o['RemainingCredit'];
    o['LinkedTxn'] = existing?.['LinkedTxn'] ?? [];
    return o;
  },
  checkDelete(_ctx, obj) {
    if (linkedPaymentIds(obj).length > 0)
      throw faults.business(
        'This transaction is linked to other transactions. Unlink them before deleting it.',
      );
  },
  voidObject(_ctx, obj) {
    if (linkedPaymentIds(obj).length > 0)
      throw faults.business('This credit memo has been applied. Unapply it before voiding it.');
    return zeroSalesForm(obj);
  },
};

export const refundReceiptDef: EntityDef = {
  name: 'RefundReceipt',
  path: 'refundreceipt',
  nameList: false,
  ops: { create: true, read: true, update: true, delete: true, void: true },
  queryable: TXN_QUERYABLE,
  readOnly: TXN_READONLY,
  build(ctx, input, existing) {
    const c = customer(ctx, { ...input }, ctx.options.refundReceiptRequiresCustomer);
    if (input['DepositToAccountRef'] === undefined || input['DepositToAccountRef'] === null)
      throw faults.required('DepositToAccountRef');
    const account = resolveRef(ctx, 'Account', input['DepositToAccountRef'], 'DepositToAccountRef');
    const creditCardOk = ctx.options.refundFromCreditCardAccount && account['AccountType'] === 'Credit Card';
    if (!isCashAccount(account) && !creditCardOk)
      throw faults.invalidAccountForTxn(
        'Invalid account type: The account for a refund must be a Bank or Other Current Asset account.',
      );
    const o = buildSalesForm(ctx, 'RefundReceipt', input, existing);
    if (c) o['CustomerRef'] = refTo(c, 'DisplayName');
    o['DepositToAccountRef'] = refTo(account);
    optionalRef(ctx, 'PaymentMethod', o['PaymentMethodRef'], 'PaymentMethodRef');
    checkLengths(o, { PaymentRefNum: 100 });
    o['Balance'] = 0;
    return o;
  },
  voidObject(_ctx, obj) {
    return zeroSalesForm(obj);
  },
};

export function findUndepositedFunds(ctx: OpContext): QboObject | undefined {
  for (const a of ctx.realm.entities.get('Account')?.values() ?? [])
    if (a['AccountSubType'] === 'UndepositedFunds') return a;
  return undefined;
}
