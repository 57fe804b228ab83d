// Which BPro records an initial sync covers (design.md §1): reference data always; customers,
// invoices, payments and refunds on or after the start date. Invoices: completed orders, or
// orders a payment has been taken on. Pages are keyset-ordered by id.
import { sql, type SQL } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../../db/client';
import type { SyncEntity, SyncSnapshot } from '../../workflows/contracts';
import type { ListIdsInput, PageOfIds } from './types';

function scope(entity: SyncEntity, tenantId: string, s: SyncSnapshot): { table: SQL; where: SQL } {
  const after = (column: string) =>
    s.startDate ? sql` and ${sql.identifier(column)} >= ${s.startDate}` : sql``;
  switch (entity) {
    case 'paymentMethod':
      return { table: sql`bpro.payment_methods`, where: sql`tenant_id = ${tenantId}` };
    case 'term':
      return { table: sql`bpro.terms`, where: sql`tenant_id = ${tenantId}` };
    case 'tax':
      return { table: sql`bpro.taxes`, where: sql`tenant_id = ${tenantId}` };
    case 'productCategory':
      return { table: sql`bpro.product_categories`, where: sql`tenant_id = ${tenantId}` };
    case 'product':
      return { table: sql`bpro.products`, where: sql`tenant_id = ${tenantId}` };
    case 'customer':
      return {
        table: sql`bpro.customers`,
        where: sql`tenant_id = ${tenantId}${s.startDate ? sql` and created_at >= (${s.startDate}::timestamp at time zone 'UTC')` : sql``}`,
      };
    case 'invoice':
      return {
        table: sql`bpro.orders o`,
        where: sql`o.tenant_id = ${tenantId}${after('order_date')} and (o.status = 'completed' or (o.status = 'open' and exists (
          select 1 from bpro.payments p where p.tenant_id = o.tenant_id and p.order_id = o.id and p.status = 'posted')))`,
      };
    case 'payment':
      return {
        table: sql`bpro.payments`,
        where: sql`tenant_id = ${tenantId} and status = 'posted'${after('received_on')}`,
      };
    case 'refund':
      return { table: sql`bpro.refunds`, where: sql`tenant_id = ${tenantId}${after('refunded_on')}` };
  }
}

export async function listIdsInScope(db: DatabaseOrTransaction, input: ListIdsInput): Promise<PageOfIds> {
  const { table, where } = scope(input.entity, input.tenantId, input.snapshot);
  const idColumn = input.entity === 'invoice' ? sql`o.id` : sql`id`;
  const cursor = input.cursor === null ? sql`` : sql` and ${idColumn} > ${input.cursor}`;
  const rows = await db.execute<{ id: string }>(
    sql`select ${idColumn} as id from ${table} where ${where}${cursor} order by ${idColumn} limit ${input.limit}`,
  );
  const ids = rows.map((r) => r.id);
  let total: number | null = null;
  if (input.cursor === null) {
    const [count] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${table} where ${where}`,
    );
    total = count?.n ?? 0;
  }
  return { ids, nextCursor: ids.length === input.limit ? (ids[ids.length - 1] ?? null) : null, total };
}

/** Whether one record is in the start-date scope (record syncs apply the same rule). */
export async function isInScope(
  db: DatabaseOrTransaction,
  entity: SyncEntity,
  tenantId: string,
  bproId: string,
  snapshot: SyncSnapshot,
): Promise<boolean> {
  const { table, where } = scope(entity, tenantId, snapshot);
  const idColumn = entity === 'invoice' ? sql`o.id` : sql`id`;
  const rows = await db.execute(sql`select 1 from ${table} where ${where} and ${idColumn} = ${bproId}`);
  return rows.length > 0;
}

/**
 * Whether a document in scope names this customer (or one of its jobs) or this product: an
 * invoice, payment or refund of the customer; an invoice with a line of the product.
 */
export async function namedByDocumentsInScope(
  db: DatabaseOrTransaction,
  entity: 'customer' | 'product',
  tenantId: string,
  bproId: string,
  snapshot: SyncSnapshot,
): Promise<boolean> {
  const invoices = scope('invoice', tenantId, snapshot);
  if (entity === 'product') {
    const rows = await db.execute(sql`select 1 from ${invoices.table} where ${invoices.where} and exists (
      select 1 from bpro.order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id and l.product_id = ${bproId}) limit 1`);
    return rows.length > 0;
  }
  const family = sql`(select c.id from bpro.customers c where c.tenant_id = ${tenantId} and (c.id = ${bproId} or c.parent_id = ${bproId}))`;
  const named = (['invoice', 'payment', 'refund'] as const).map((kind) => {
    const { table, where } = scope(kind, tenantId, snapshot);
    const customer = kind === 'invoice' ? sql`o.customer_id` : sql`customer_id`;
    return sql`exists (select 1 from ${table} where ${where} and ${customer} in ${family})`;
  });
  const [row] = await db.execute<{ named: boolean }>(sql`select (${sql.join(named, sql` or `)}) as named`);
  return row?.named === true;
}
