// What a finished sync of a tenant must have put in QuickBooks, derived from the BPro tables and
// the tenant's settings alone (design.md §1), independently of the sync engine's own scope code:
// the verifier should not trust the code it checks.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import type { SyncEntity } from '../../../workflows/contracts';
import { orderTotals, parseMoney } from '../../../db/bpro-generator/money';
import { listPaymentMethodSettings, findSyncSettings } from '../../../db/queries/settings';
import {
  customers,
  orderLines,
  orders,
  paymentMethods,
  payments,
  productCategories,
  products,
  refunds,
  taxes,
  taxRates,
  terms,
} from '../../../db/schema';

/** Every entity the sync handles, in the order the report lists them (dependencies first). */
export const VERIFIED_ENTITIES: readonly SyncEntity[] = [
  'paymentMethod',
  'term',
  'tax',
  'productCategory',
  'product',
  'customer',
  'invoice',
  'payment',
  'refund',
];
export type VerifiedEntity = SyncEntity;

/** The QBO entity type each BPro entity becomes. */
export const QBO_TYPE: Record<VerifiedEntity, string> = {
  paymentMethod: 'PaymentMethod',
  term: 'Term',
  tax: 'TaxCode',
  productCategory: 'Item',
  product: 'Item',
  customer: 'Customer',
  invoice: 'Invoice',
  payment: 'Payment',
  refund: 'RefundReceipt',
};

export type ExpectedInvoice = {
  customerId: string;
  lineCount: number;
  subtotalCents: number;
  /** BPro's total, and QBO's (tax rounded per rate): QBO may differ by those cents, with a warning. */
  totalCents: number;
  qboTotalCents: number;
  /** Its tax group (with rates), and whether each line (in BPro's order) is taxable: a Canadian line's code. */
  taxId?: string | null;
  taxable?: boolean[];
};

/** The BPro side of a tenant, as far as the verification needs it. */
export type BproState = {
  /** Records the sync must have linked, per entity. */
  inScope: Record<VerifiedEntity, Set<string>>;
  /** Payment methods BPro has (name per id), for matching by exact name. */
  paymentMethodNames: Map<string, string>;
  customers: Map<string, { parentId: string | null }>;
  invoices: Map<string, ExpectedInvoice & { cancelled: boolean }>;
  payments: Map<
    string,
    { customerId: string; orderId: string | null; methodId: string; cents: number; voided: boolean }
  >;
  refunds: Map<string, { customerId: string; cents: number }>;
};

const ids = (rows: Array<{ id: string }>) => new Set(rows.map((r) => r.id));

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * Loads the tenant's BPro records and works out which must be in QuickBooks: reference data
 * always (payment methods only when QuickBooks has one of exactly that name, since they are
 * matched, never created); invoices, payments and refunds on or after the start date (invoices:
 * completed orders, or open ones with a posted payment; payments: posted, by an enabled method;
 * refunds: only with a refund account set); customers created on or after the start date, plus
 * every customer an in-scope document or job needs.
 */
export async function loadBproState(
  db: Database,
  tenantId: string,
  qboPaymentMethodNames: ReadonlySet<string>,
): Promise<BproState> {
  const settings = await findSyncSettings(db, tenantId);
  const start = settings?.startDate ?? null;
  const methodSettings = await listPaymentMethodSettings(db, tenantId);
  const enabled = new Set(methodSettings.filter((m) => m.enabled).map((m) => m.bproId));

  const [methodRows, termRows, taxRows, categoryRows, productRows] = await Promise.all([
    db.select().from(paymentMethods).where(eq(paymentMethods.tenantId, tenantId)),
    db.select({ id: terms.id }).from(terms).where(eq(terms.tenantId, tenantId)),
    db.select({ id: taxes.id }).from(taxes).where(eq(taxes.tenantId, tenantId)),
    db
      .select({ id: productCategories.id })
      .from(productCategories)
      .where(eq(productCategories.tenantId, tenantId)),
    db.select({ id: products.id }).from(products).where(eq(products.tenantId, tenantId)),
  ]);
  const customerRows = await db
    .select({
      id: customers.id,
      parentId: customers.parentId,
      recent: start
        ? sql<boolean>`${customers.createdAt} >= (${start}::timestamp at time zone 'UTC')`
        : sql<boolean>`true`,
    })
    .from(customers)
    .where(eq(customers.tenantId, tenantId));
  const orderRows = await db
    .select({
      id: orders.id,
      customerId: orders.customerId,
      status: orders.status,
      orderDate: orders.orderDate,
      taxId: orders.taxId,
      paid: sql<boolean>`exists (select 1 from bpro.payments p where p.tenant_id = ${orders.tenantId} and p.order_id = ${orders.id} and p.status = 'posted')`,
    })
    .from(orders)
    .where(eq(orders.tenantId, tenantId));
  const [lineRows, rateRows, paymentRows, refundRows] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.tenantId, tenantId)),
    db.select().from(taxRates).where(eq(taxRates.tenantId, tenantId)),
    db.select().from(payments).where(eq(payments.tenantId, tenantId)),
    db.select().from(refunds).where(eq(refunds.tenantId, tenantId)),
  ]);

  const onOrAfter = (date: string) => !start || date >= start;
  const paymentMethodNames = new Map(methodRows.map((m) => [m.id, m.name.trim()]));
  const inScope: BproState['inScope'] = {
    paymentMethod: new Set(
      methodRows.filter((m) => qboPaymentMethodNames.has(m.name.trim())).map((m) => m.id),
    ),
    term: ids(termRows),
    tax: ids(taxRows),
    productCategory: ids(categoryRows),
    product: ids(productRows),
    customer: new Set(customerRows.filter((c) => c.recent).map((c) => c.id)),
    invoice: new Set(),
    payment: new Set(),
    refund: new Set(),
  };

  const linesByOrder = groupBy(lineRows, (l) => l.orderId);
  const ratesByTax = groupBy(rateRows, (r) => r.taxId);
  const invoices: BproState['invoices'] = new Map();
  for (const o of orderRows) {
    const lines = [...(linesByOrder.get(o.id) ?? [])].sort(
      (a, b) => a.lineNo - b.lineNo || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    const rates = o.taxId ? (ratesByTax.get(o.taxId) ?? []).map((r) => r.rate) : [];
    const totals = orderTotals(lines, rates);
    invoices.set(o.id, {
      customerId: o.customerId,
      lineCount: lines.length,
      subtotalCents: totals.subtotalCents,
      totalCents: totals.totalCents,
      qboTotalCents: totals.qboTotalCents,
      taxId: o.taxId && rates.length > 0 ? o.taxId : null,
      taxable: lines.map((l) => l.taxable),
      cancelled: o.status === 'cancelled',
    });
    if (onOrAfter(o.orderDate) && (o.status === 'completed' || (o.status === 'open' && o.paid)))
      inScope.invoice.add(o.id);
  }

  const paymentState: BproState['payments'] = new Map();
  for (const p of paymentRows) {
    paymentState.set(p.id, {
      customerId: p.customerId,
      orderId: p.orderId,
      methodId: p.paymentMethodId,
      cents: parseMoney(p.amount),
      voided: p.status === 'voided',
    });
    const method = paymentMethodNames.get(p.paymentMethodId);
    if (
      p.status === 'posted' &&
      onOrAfter(p.receivedOn) &&
      enabled.has(p.paymentMethodId) &&
      method !== undefined &&
      qboPaymentMethodNames.has(method)
    )
      inScope.payment.add(p.id);
  }

  const refundState: BproState['refunds'] = new Map();
  for (const r of refundRows) {
    refundState.set(r.id, { customerId: r.customerId, cents: parseMoney(r.amount) });
    if (settings?.refundAccountId && onOrAfter(r.refundedOn)) inScope.refund.add(r.id);
  }

  // Customers the in-scope documents need, and the parents of in-scope jobs.
  for (const id of inScope.invoice) inScope.customer.add(invoices.get(id)?.customerId ?? id);
  for (const id of inScope.payment) inScope.customer.add(paymentState.get(id)?.customerId ?? id);
  for (const id of inScope.refund) inScope.customer.add(refundState.get(id)?.customerId ?? id);
  const customerState = new Map(customerRows.map((c) => [c.id, { parentId: c.parentId }]));
  for (const id of [...inScope.customer]) {
    const parent = customerState.get(id)?.parentId;
    if (parent) inScope.customer.add(parent);
  }

  return {
    inScope,
    paymentMethodNames,
    customers: customerState,
    invoices,
    payments: paymentState,
    refunds: refundState,
  };
}
