// The earliest order selling each product (an inventory item's start date must not be later).
import { and, eq, gte, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import { orderLines, orders } from '../schema';

export type EarliestSalesFilter = {
  /** Only these products (one query for a page of them); null: every product of the tenant. */
  productIds: readonly string[] | null;
  /** Only orders dated on or after this day (the sync start date), YYYY-MM-DD; null: all. */
  onOrAfter: string | null;
};

/**
 * The date (YYYY-MM-DD) of the earliest order on a line of each product, per product id. Every
 * order the sync may write as an invoice counts, now or once a hook brings it (open or completed);
 * cancelled ones never become invoices. Products no order sells are absent.
 */
export async function earliestOrderDates(
  db: DatabaseOrTransaction,
  tenantId: string,
  filter: EarliestSalesFilter,
): Promise<Map<string, string>> {
  if (filter.productIds !== null && filter.productIds.length === 0) return new Map();
  const rows = await db
    .select({ productId: orderLines.productId, first: sql<string>`min(${orders.orderDate})::text` })
    .from(orderLines)
    .innerJoin(orders, and(eq(orders.tenantId, orderLines.tenantId), eq(orders.id, orderLines.orderId)))
    .where(
      and(
        eq(orderLines.tenantId, tenantId),
        isNotNull(orderLines.productId),
        ne(orders.status, 'cancelled'),
        filter.onOrAfter === null ? undefined : gte(orders.orderDate, filter.onOrAfter),
        filter.productIds === null ? undefined : inArray(orderLines.productId, [...filter.productIds]),
      ),
    )
    .groupBy(orderLines.productId);
  return new Map(
    rows.flatMap((r) => (r.productId === null ? [] : [[r.productId, r.first.slice(0, 10)] as const])),
  );
}
