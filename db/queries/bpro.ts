// Reading BPro's records (schema bpro) for the sync.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
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
} from '../schema';

const byKey =
  <T extends { tenantId: unknown; id: unknown }>(table: T) =>
  (tenantId: string, id: string) =>
    and(eq(table.tenantId as never, tenantId), eq(table.id as never, id));

export async function getCustomer(db: DatabaseOrTransaction, tenantId: string, id: string) {
  const [row] = await db.select().from(customers).where(byKey(customers)(tenantId, id));
  return row ?? null;
}
export async function getCategory(db: DatabaseOrTransaction, tenantId: string, id: string) {
  const [row] = await db.select().from(productCategories).where(byKey(productCategories)(tenantId, id));
  return row ?? null;
}
export async function getProduct(db: DatabaseOrTransaction, tenantId: string, id: string) {
  const [row] = await db.select().from(products).where(byKey(products)(tenantId, id));
  return row ?? null;
}
export async function getPaymentMethod(db: DatabaseOrTransaction, tenantId: string, id: string) {
  const [row] = await db.select().from(paymentMethods).where(byKey(paymentMethods)(tenantId, id));
  return row ?? null;
}
export async function getTerm(db: DatabaseOrTransaction, tenantId: string, id: string) {
  const [row] = await db.select().from(terms).where(byKey(terms)(tenantId, id));
  return row ?? null;
}
export async function getTax(db: DatabaseOrTransaction, tenantId: string, id: string) {
  const [row] = await db.select().from(taxes).where(byKey(taxes)(tenantId, id));
  if (!row) return null;
  const rates = await db
    .select()
    .from(taxRates)
    .where(and(eq(taxRates.tenantId, tenantId), eq(taxRates.taxId, id)))
    .orderBy(asc(taxRates.id));
  return { ...row, rates };
}
export async function getOrder(db: DatabaseOrTransaction, tenantId: string, id: string) {
  const [row] = await db.select().from(orders).where(byKey(orders)(tenantId, id));
  if (!row) return null;
  const lines = await db
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.tenantId, tenantId), eq(orderLines.orderId, id)))
    .orderBy(asc(orderLines.lineNo));
  return { ...row, lines };
}
export async function getPayment(db: DatabaseOrTransaction, tenantId: string, id: string) {
  const [row] = await db.select().from(payments).where(byKey(payments)(tenantId, id));
  return row ?? null;
}
export async function getRefund(db: DatabaseOrTransaction, tenantId: string, id: string) {
  const [row] = await db.select().from(refunds).where(byKey(refunds)(tenantId, id));
  return row ?? null;
}
/** Whether a posted payment has been taken on the order (an open order then becomes an invoice). */
export async function orderHasPostedPayment(
  db: DatabaseOrTransaction,
  tenantId: string,
  orderId: string,
): Promise<boolean> {
  const rows = await db.execute(
    sql`select 1 from bpro.payments where tenant_id = ${tenantId} and order_id = ${orderId} and status = 'posted' limit 1`,
  );
  return rows.length > 0;
}
