// Payment (ReceivePayment): applies to invoices and credit memos through LinkedTxn, never beyond
// their open amounts; the rest is UnappliedAmt; Undeposited Funds is the default deposit account.
import { assertNotFromBeforeReset } from '../company/reset-floor';
import { faults } from '../errors';
import { asArray, asNumber, asRecord, asString, round2, type QboObject } from '../util';
import { isCashAccount } from './account';
import { findVisible, optionalRef, refTo, resolveRef, today, type OpContext } from './context';
import { applyTransactionCurrency } from './currency';
import { applicationsOf, reapplyPayment } from './effects';
import { findUndepositedFunds } from './transactions';
import type { EntityDef } from './types';
import { checkLengths } from './validate';

function nameValue(name: string, value: string): QboObject {
  return {
    name: '{http://schema.intuit.com/finance/v3}NameValue',
    declaredType: 'com.intuit.schema.finance.v3.NameValue',
    scope: 'javax.xml.bind.JAXBElement$GlobalScope',
    value: { Name: name, Value: value },
    nil: false,
    globalScope: true,
    typeSubstituted: false,
  };
}

function buildLines(
  ctx: OpContext,
  o: QboObject,
  customerId: string,
  existing: QboObject | undefined,
): QboObject[] {
  const raw = o['Line'];
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) throw faults.invalidProperty('Line');
  const previous = applicationsOf(existing);
  const lines = asArray(raw).map((item, idx) => {
    const line = asRecord(item);
    if (!line) throw faults.invalidProperty(`Line[${idx}]`);
    if (line['Amount'] === undefined || line['Amount'] === null)
      throw faults.required('Amount', 'Line.Amount');
    const amount = asNumber(line['Amount']);
    if (amount === undefined) throw faults.invalidNumber('Line.Amount', JSON.stringify(line['Amount']));
    if (amount < 0) throw faults.business('Payment line amounts cannot be negative.', 'Line.Amount');
    const links = asArray(line['LinkedTxn']);
    if (links.length === 0) throw faults.required('LinkedTxn', 'Line.LinkedTxn');
    const any: QboObject[] = [];
    const outLinks = links.map((l) => {
      const lk = asRecord(l) ?? {};
      const txnId = asString(lk['TxnId']);
      const txnType = asString(lk['TxnType']);
      if (txnId === undefined) throw faults.required('TxnId', 'Line.LinkedTxn.TxnId');
      if (txnType !== 'Invoice' && txnType !== 'CreditMemo')
        throw faults.invalidEnum('Line.LinkedTxn.TxnType', String(txnType));
      const target = findVisible(ctx, txnType, txnId);
      if (!target) assertNotFromBeforeReset(ctx.realm, txnType, txnId);
      if (!target)
        throw faults.txnCannotBeLinked(`Txn ID Cannot Be Linked : ${txnType} ${txnId} does not exist.`);
      if (asString(asRecord(target['CustomerRef'])?.['value']) !== customerId)
        throw faults.business(
          `${txnType} ${txnId} belongs to another customer and cannot be linked to this payment.`,
          'Line.LinkedTxn',
        );
      any.push(nameValue('txnId', txnId));
      const open = asNumber(target[txnType === 'Invoice' ? 'Balance' : 'RemainingCredit']) ?? 0;
      any.push(nameValue('txnOpenBalance', String(open)));
      const doc = asString(target['DocNumber']);
      if (doc !== undefined) any.push(nameValue('txnReferenceNumber', doc));
      return { TxnId: txnId, TxnType: txnType };
    });
    return { Amount: round2(amount), LinkedTxn: outLinks, LineEx: { any } };
  });
  // Check each linked transaction's open amount against the total applied to it.
  for (const app of applicationsOf({ Line: lines })) {
    const target = findVisible(ctx, app.txnType, app.txnId) as QboObject;
    const field = app.txnType === 'Invoice' ? 'Balance' : 'RemainingCredit';
    const before = previous.find((p) => p.txnId === app.txnId && p.txnType === app.txnType)?.amount ?? 0;
    const available = round2((asNumber(target[field]) ?? 0) + before);
    if (app.amount > available + 0.0001)
      throw faults.business(
        `The amount applied to ${app.txnType} ${app.txnId} (${app.amount}) is more than its open balance (${available}).`,
        'Line.Amount',
      );
  }
  return lines;
}

export const paymentDef: EntityDef = {
  name: 'Payment',
  path: 'payment',
  nameList: false,
  ops: { create: true, read: true, update: true, delete: true, void: true },
  queryable: [
    'Id',
    'TxnDate',
    'CustomerRef',
    'TotalAmt',
    'PaymentRefNum',
    'MetaData.CreateTime',
    'MetaData.LastUpdatedTime',
  ],
  readOnly: ['UnappliedAmt', 'HomeTotalAmt'],
  build(ctx, input, existing) {
    const o: QboObject = { ...input };
    if (o['TotalAmt'] === undefined || o['TotalAmt'] === null) throw faults.required('TotalAmt');
    const total = asNumber(o['TotalAmt']);
    if (total === undefined) throw faults.invalidNumber('TotalAmt', JSON.stringify(o['TotalAmt']));
    if (total < 0) throw faults.business('The payment amount cannot be negative.', 'TotalAmt');
    if (o['CustomerRef'] === undefined || o['CustomerRef'] === null) throw faults.required('CustomerRef');
    const customer = resolveRef(ctx, 'Customer', o['CustomerRef'], 'CustomerRef');
    o['CustomerRef'] = refTo(customer, 'DisplayName');
    checkLengths(o, { PrivateNote: 4000, PaymentRefNum: 21 });
    const pm = optionalRef(ctx, 'PaymentMethod', o['PaymentMethodRef'], 'PaymentMethodRef');
    if (pm) o['PaymentMethodRef'] = refTo(pm);
    const deposit =
      o['DepositToAccountRef'] === undefined || o['DepositToAccountRef'] === null
        ? findUndepositedFunds(ctx)
        : resolveRef(ctx, 'Account', o['DepositToAccountRef'], 'DepositToAccountRef');
    if (deposit && !isCashAccount(deposit))
      throw faults.invalidAccountForTxn(
        'Invalid account type: Payments can only be deposited to a Bank or Other Current Asset account.',
      );
    if (deposit) o['DepositToAccountRef'] = refTo(deposit);
    const lines = buildLines(ctx, o, String(customer['Id']), existing);
    let net = 0;
    for (const app of applicationsOf({ Line: lines }))
      net += app.txnType === 'Invoice' ? app.amount : -app.amount;
    const unapplied = round2(total - net);
    if (unapplied < -0.0001)
      throw faults.business(
        `The amount applied (${round2(net)}) is more than the payment amount (${total}).`,
        'TotalAmt',
      );
    o['TotalAmt'] = round2(total);
    o['Line'] = lines;
    o['UnappliedAmt'] = unapplied;
    o['TxnDate'] = asString(o['TxnDate']) ?? asString(existing?.['TxnDate']) ?? today(ctx);
    applyTransactionCurrency(ctx, o);
    o['ProcessPayment'] = false;
    return o;
  },
  apply(ctx, before, after) {
    reapplyPayment(ctx, String((after ?? before)?.['Id']), before, after);
  },
  voidObject(_ctx, obj) {
    const note = asString(obj['PrivateNote']);
    return {
      ...structuredClone(obj),
      TotalAmt: 0,
      UnappliedAmt: 0,
      Line: [],
      PrivateNote: note ? `Voided - ${note}` : 'Voided',
    };
  },
};
