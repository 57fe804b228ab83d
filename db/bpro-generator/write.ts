// Writes a generated dataset into the bpro tables (one transaction, parents first, in chunks that
// stay under PostgreSQL's 65,535 bind parameters) and removes a tenant's bpro rows.
import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
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
} from '../schema/bpro';
import { datasetCounts, type BproDataset, type BproTableName } from './dataset';

const MAX_ROWS_PER_INSERT = 1000;
const MAX_PARAMETERS = 65_000;

async function insertInChunks<T extends PgTable>(
  db: DatabaseOrTransaction,
  table: T,
  rows: readonly T['$inferInsert'][],
): Promise<void> {
  const columns = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns)));
  for (let start = 0; start < rows.length; start += size) {
    await db.insert(table).values(rows.slice(start, start + size));
  }
}

/** Inserts every row of the dataset in one transaction. Returns the row count per table. */
export async function writeBproDataset(
  db: DatabaseOrTransaction,
  dataset: BproDataset,
): Promise<Record<BproTableName, number>> {
  await db.transaction(async (tx) => {
    await insertInChunks(tx, productCategories, dataset.productCategories);
    await insertInChunks(tx, products, dataset.products);
    await insertInChunks(tx, paymentMethods, dataset.paymentMethods);
    await insertInChunks(tx, terms, dataset.terms);
    await insertInChunks(tx, taxes, dataset.taxes);
    await insertInChunks(tx, taxRates, dataset.taxRates);
    await insertInChunks(tx, customers, dataset.customers);
    await insertInChunks(tx, orders, dataset.orders);
    await insertInChunks(tx, orderLines, dataset.orderLines);
    await insertInChunks(tx, payments, dataset.payments);
    await insertInChunks(tx, refunds, dataset.refunds);
  });
  return datasetCounts(dataset);
}

/** Children before parents. Self-references (categories, jobs) go in one statement per table. */
const deleteOrder = [
  refunds,
  payments,
  orderLines,
  orders,
  taxRates,
  taxes,
  terms,
  paymentMethods,
  products,
  productCategories,
  customers,
] as const;

/** Removes all of a tenant's bpro rows, in one transaction. */
export async function deleteBproTenant(db: DatabaseOrTransaction, tenantId: string): Promise<void> {
  await db.transaction(async (tx) => {
    for (const table of deleteOrder) {
      await tx.delete(table).where(eq(table.tenantId, tenantId));
    }
  });
}

/** Whether the tenant has any bpro row. */
export async function bproTenantHasData(db: DatabaseOrTransaction, tenantId: string): Promise<boolean> {
  const checks = deleteOrder.map(
    (table) => sql`exists (select 1 from ${table} where ${table.tenantId} = ${tenantId})`,
  );
  const [row] = await db.execute<{ found: boolean }>(sql`select (${sql.join(checks, sql` or `)}) as found`);
  return row?.found === true;
}
