// Side effects of transactions on other records: customer balances, invoice balances and links.
// Every change to a stored record goes through `mutateStored`, which bumps SyncToken/MetaData
// and keeps the customer's Balance in step.
import { entityMap, type EntityName } from '../store';
import { asNumber, asRecord, qboTime, refValue, round2, type QboObject } from '../util';
import type { OpContext } from './context';

/** What a transaction adds to its customer's open balance. */
export function customerContribution(
  entity: EntityName,
  obj: QboObject | undefined,
): { customerId: string; amount: number } | undefined {
  if (!obj) return undefined;
  const customerId = refValue(obj['CustomerRef']);
  if (customerId === undefined) return undefined;
  switch (entity) {
    case 'Invoice':
      return { customerId, amount: asNumber(obj['Balance']) ?? 0 };
    case 'CreditMemo':
      return { customerId, amount: -(asNumber(obj['RemainingCredit']) ?? 0) };
    case 'Payment':
      return { customerId, amount: -(asNumber(obj['UnappliedAmt']) ?? 0) };
    default:
      return undefined;
  }
}

export function adjustCustomerBalance(ctx: OpContext, customerId: string, delta: number): void {
  if (delta === 0) return;
  const customer = entityMap(ctx.realm, 'Customer').get(customerId);
  if (!customer) return;
  customer['Balance'] = round2((asNumber(customer['Balance']) ?? 0) + delta);
  customer['BalanceWithJobs'] = customer['Balance'];
}

export function trackBalance(
  ctx: OpContext,
  entity: EntityName,
  before: QboObject | undefined,
  after: QboObject | undefined,
): void {
  const b = customerContribution(entity, before);
  const a = customerContribution(entity, after);
  if (b) adjustCustomerBalance(ctx, b.customerId, -b.amount);
  if (a) adjustCustomerBalance(ctx, a.customerId, a.amount);
}

export function touch(ctx: OpContext, obj: QboObject): void {
  obj['SyncToken'] = String(Number(obj['SyncToken'] ?? 0) + 1);
  const meta = asRecord(obj['MetaData']) ?? {};
  obj['MetaData'] = { ...meta, LastUpdatedTime: qboTime(ctx.now, ctx.options.utcOffsetMinutes) };
}

/** Changes a stored record in place as a system update. */
export function mutateStored(
  ctx: OpContext,
  entity: EntityName,
  id: string,
  mutate: (obj: QboObject) => void,
): void {
  const obj = entityMap(ctx.realm, entity).get(id);
  if (!obj) return;
  const before = structuredClone(obj);
  mutate(obj);
  touch(ctx, obj);
  trackBalance(ctx, entity, before, obj);
}

export interface Application {
  txnId: string;
  txnType: 'Invoice' | 'CreditMemo';
  amount: number;
}

/** The invoice/credit-memo amounts a Payment applies, summed per linked transaction. */
export function applicationsOf(payment: QboObject | undefined): Application[] {
  if (!payment) return [];
  const sums = new Map<string, Application>();
  for (const line of Array.isArray(payment['Line']) ? payment['Line'] : []) {
    const l = asRecord(line);
    if (!l) continue;
    const amount = asNumber(l['Amount']) ?? 0;
    for (const link of Array.isArray(l['LinkedTxn']) ? l['LinkedTxn'] : []) {
      const lk = asRecord(link);
      const txnId = lk ? String(lk['TxnId']) : '';
      const txnType = lk?.['TxnType'];
      if (txnType !== 'Invoice' && txnType !== 'CreditMemo') continue;
      const key = `${txnType}:${txnId}`;
      const prev = sums.get(key);
      sums.set(key, { txnId, txnType, amount: round2((prev?.amount ?? 0) + amount) });
    }
  }
  return [...sums.values()];
}

function setLink(obj: QboObject, paymentId: string, present: boolean): void {
  const links = (Array.isArray(obj['LinkedTxn']) ? obj['LinkedTxn'] : []).filter(
    (l) => !(asRecord(l)?.['TxnId'] === paymentId && asRecord(l)?.['TxnType'] === 'Payment'),
  );
  if (present) links.push({ TxnId: paymentId, TxnType: 'Payment' });
  obj['LinkedTxn'] = links;
}

/** Moves invoice balances and credit-memo remaining credit from `before` to `after` applications. */
export function reapplyPayment(
  ctx: OpContext,
  paymentId: string,
  before: QboObject | undefined,
  after: QboObject | undefined,
): void {
  const old = applicationsOf(before);
  const next = applicationsOf(after);
  const keys = new Set([...old, ...next].map((a) => `${a.txnType}:${a.txnId}`));
  for (const key of keys) {
    const o = old.find((a) => `${a.txnType}:${a.txnId}` === key);
    const n = next.find((a) => `${a.txnType}:${a.txnId}` === key);
    const delta = round2((o?.amount ?? 0) - (n?.amount ?? 0));
    const app = (n ?? o) as Application;
    const field = app.txnType === 'Invoice' ? 'Balance' : 'RemainingCredit';
    if (delta === 0 && o !== undefined && n !== undefined) continue;
    mutateStored(ctx, app.txnType, app.txnId, (obj) => {
      obj[field] = round2((asNumber(obj[field]) ?? 0) + delta);
      if (app.txnType === 'CreditMemo') obj['Balance'] = obj['RemainingCredit'];
      setLink(obj, paymentId, n !== undefined);
    });
  }
}

/** Payments linked to an invoice or credit memo. */
export function linkedPaymentIds(obj: QboObject): string[] {
  return (Array.isArray(obj['LinkedTxn']) ? obj['LinkedTxn'] : [])
    .map((l) => asRecord(l))
    .filter((l): l is QboObject => l?.['TxnType'] === 'Payment')
    .map((l) => String(l['TxnId']));
}

const STOCK_SIGN: Partial<Record<EntityName, number>> = { Invoice: -1, CreditMemo: 1, RefundReceipt: 1 };

/** Quantity each inventory item moves by because of a sales form (sold: negative). */
export function stockMoves(
  ctx: OpContext,
  entity: EntityName,
  obj: QboObject | undefined,
): Map<string, number> {
  const moves = new Map<string, number>();
  const sign = STOCK_SIGN[entity];
  if (!obj || sign === undefined) return moves;
  for (const line of Array.isArray(obj['Line']) ? obj['Line'] : []) {
    const detail = asRecord(asRecord(line)?.['SalesItemLineDetail']);
    const itemId = refValue(detail?.['ItemRef']);
    if (itemId === undefined) continue;
    if (entityMap(ctx.realm, 'Item').get(itemId)?.['Type'] !== 'Inventory') continue;
    const qty = asNumber(detail?.['Qty']) ?? 0;
    moves.set(itemId, (moves.get(itemId) ?? 0) + sign * qty);
  }
  return moves;
}

/** Keeps Item.QtyOnHand in step with invoices, credit memos and refund receipts. */
export function trackInventory(
  ctx: OpContext,
  entity: EntityName,
  before: QboObject | undefined,
  after: QboObject | undefined,
): void {
  const delta = stockMoves(ctx, entity, after);
  for (const [id, q] of stockMoves(ctx, entity, before)) delta.set(id, (delta.get(id) ?? 0) - q);
  for (const [id, q] of delta) {
    if (q === 0) continue;
    mutateStored(ctx, 'Item', id, (item) => {
      item['QtyOnHand'] = (asNumber(item['QtyOnHand']) ?? 0) + q;
    });
  }
}
