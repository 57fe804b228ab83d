// The generator's data in PostgreSQL: every reference resolves, order totals recomputed in SQL
// agree with money.ts, payments never over-apply an order, refunds stay within their payment.
// Everything is checked from what the database holds, not from the in-memory dataset.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  datasetCounts,
  deleteBproTenant,
  generateBproDataset,
  orderTotals,
  parseMoney,
  writeBproDataset,
  type BproDataset,
} from '../../db/bpro-generator';
import * as bpro from '../../db/schema/bpro';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../support/database';

const TABLES = {
  productCategories: 'bpro.product_categories',
  products: 'bpro.products',
  paymentMethods: 'bpro.payment_methods',
  terms: 'bpro.terms',
  taxes: 'bpro.taxes',
  taxRates: 'bpro.tax_rates',
  customers: 'bpro.customers',
  orders: 'bpro.orders',
  orderLines: 'bpro.order_lines',
  payments: 'bpro.payments',
  refunds: 'bpro.refunds',
} as const;

/** [child table, column, parent table]: every reference column of the bpro schema. */
const REFERENCES: readonly (readonly [string, string, string])[] = [
  ['bpro.product_categories', 'parent_id', 'bpro.product_categories'],
  ['bpro.products', 'category_id', 'bpro.product_categories'],
  ['bpro.tax_rates', 'tax_id', 'bpro.taxes'],
  ['bpro.customers', 'parent_id', 'bpro.customers'],
  ['bpro.orders', 'customer_id', 'bpro.customers'],
  ['bpro.orders', 'term_id', 'bpro.terms'],
  ['bpro.orders', 'tax_id', 'bpro.taxes'],
  ['bpro.order_lines', 'order_id', 'bpro.orders'],
  ['bpro.order_lines', 'product_id', 'bpro.products'],
  ['bpro.payments', 'customer_id', 'bpro.customers'],
  ['bpro.payments', 'order_id', 'bpro.orders'],
  ['bpro.payments', 'payment_method_id', 'bpro.payment_methods'],
  ['bpro.refunds', 'customer_id', 'bpro.customers'],
  ['bpro.refunds', 'order_id', 'bpro.orders'],
  ['bpro.refunds', 'payment_id', 'bpro.payments'],
  ['bpro.refunds', 'payment_method_id', 'bpro.payment_methods'],
];

let database: TestDatabase;
let dataset: BproDataset;
const tenant = uniqueTenantId('gen');
const twin = uniqueTenantId('gen-twin');

async function countRows(tenantId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [key, table] of Object.entries(TABLES)) {
    const [row] = await database.sql.unsafe<{ n: number }[]>(
      `select count(*)::int as n from ${table} where tenant_id = $1`,
      [tenantId],
    );
    counts[key] = row?.n ?? -1;
  }
  return counts;
}

beforeAll(async () => {
  database = await openTestDatabase();
  dataset = generateBproDataset({ tenantId: tenant, seed: 2026, size: 'small' });
  await writeBproDataset(database.db, dataset);
});

afterAll(async () => {
  await database?.close();
});

describe('generated BPro data in PostgreSQL', () => {
  it('writes every row', async () => {
    expect(await countRows(tenant)).toEqual(datasetCounts(dataset));
  });

  it.each(REFERENCES)('%s.%s resolves in %s', async (child, column, parent) => {
    const orphans = await database.sql.unsafe<{ id: string; ref: string }[]>(
      `select c.id, c.${column} as ref
         from ${child} c
         left join ${parent} p on p.tenant_id = c.tenant_id and p.id = c.${column}
        where c.tenant_id = $1 and c.${column} is not null and p.id is null`,
      [tenant],
    );
    expect(orphans).toEqual([]);
    const [used] = await database.sql.unsafe<{ n: number }[]>(
      `select count(*)::int as n from ${child} where tenant_id = $1 and ${column} is not null`,
      [tenant],
    );
    // Every reference column is exercised (the nullable ones too).
    expect(used?.n).toBeGreaterThan(0);
  });

  it('links jobs to top-level customers and payments/refunds to their order and payment', async () => {
    const problems = await database.sql<{ problem: string; id: string }[]>`
      select 'job under a job' as problem, j.id from bpro.customers j
        join bpro.customers p on p.tenant_id = j.tenant_id and p.id = j.parent_id
       where j.tenant_id = ${tenant} and p.parent_id is not null
      union all
      select 'payment customer differs from order', pay.id from bpro.payments pay
        join bpro.orders o on o.tenant_id = pay.tenant_id and o.id = pay.order_id
       where pay.tenant_id = ${tenant} and pay.customer_id <> o.customer_id
      union all
      select 'payment before order', pay.id from bpro.payments pay
        join bpro.orders o on o.tenant_id = pay.tenant_id and o.id = pay.order_id
       where pay.tenant_id = ${tenant} and pay.received_on < o.order_date
      union all
      select 'completed_at vs status', o.id from bpro.orders o
       where o.tenant_id = ${tenant} and ((o.status = 'completed') <> (o.completed_at is not null))
      union all
      select 'order without lines', o.id from bpro.orders o
       where o.tenant_id = ${tenant}
         and not exists (select 1 from bpro.order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id)
      union all
      select 'refund does not match its payment', r.id from bpro.refunds r
        join bpro.payments pay on pay.tenant_id = r.tenant_id and pay.id = r.payment_id
       where r.tenant_id = ${tenant}
         and (r.order_id is distinct from pay.order_id or r.customer_id <> pay.customer_id
              or pay.status <> 'posted' or r.amount > pay.amount or r.refunded_on <= pay.received_on)
      union all
      select 'updated before created', id from bpro.orders where tenant_id = ${tenant} and updated_at < created_at
    `;
    expect(problems).toEqual([]);
  });

  it('order totals recomputed in SQL match money.ts, and payments never exceed them', async () => {
    const sqlTotals = await database.sql<
      { id: string; subtotal: string; tax: string; total: string; paid: string }[]
    >`
      with line_sums as (
        select order_id,
               sum(round(quantity * unit_price, 2)) as subtotal,
               sum(round(quantity * unit_price, 2)) filter (where taxable) as taxable
          from bpro.order_lines where tenant_id = ${tenant} group by order_id
      ), group_rates as (
        select tax_id, sum(rate) as rate from bpro.tax_rates where tenant_id = ${tenant} group by tax_id
      ), paid as (
        select order_id, sum(amount) as paid
          from bpro.payments where tenant_id = ${tenant} and status = 'posted' and order_id is not null
         group by order_id
      ), totals as (
        select o.id, ls.subtotal,
               round(coalesce(ls.taxable, 0) * coalesce(gr.rate, 0) / 100, 2) as tax,
               coalesce(p.paid, 0) as paid
          from bpro.orders o
          join line_sums ls on ls.order_id = o.id
          left join group_rates gr on gr.tax_id = o.tax_id
          left join paid p on p.order_id = o.id
         where o.tenant_id = ${tenant}
      )
      select id, subtotal::text, tax::text, (subtotal + tax)::text as total, paid::text from totals order by id
    `;
    expect(sqlTotals).toHaveLength(dataset.orders.length);

    // money.ts on the rows as the database holds them.
    const lines = await database.db
      .select()
      .from(bpro.orderLines)
      .where(eq(bpro.orderLines.tenantId, tenant));
    const rates = await database.db.select().from(bpro.taxRates).where(eq(bpro.taxRates.tenantId, tenant));
    const orders = await database.db.select().from(bpro.orders).where(eq(bpro.orders.tenantId, tenant));
    const taxOf = new Map(orders.map((o) => [o.id, o.taxId]));
    let roundingDifferences = 0;
    for (const row of sqlTotals) {
      const taxId = taxOf.get(row.id);
      const totals = orderTotals(
        lines.filter((l) => l.orderId === row.id),
        taxId ? rates.filter((r) => r.taxId === taxId).map((r) => r.rate) : [],
      );
      expect({ id: row.id, subtotal: parseMoney(row.subtotal), tax: parseMoney(row.tax) }).toEqual({
        id: row.id,
        subtotal: totals.subtotalCents,
        tax: totals.taxCents,
      });
      expect(parseMoney(row.total)).toBe(totals.totalCents);
      expect(parseMoney(row.paid)).toBeLessThanOrEqual(parseMoney(row.total));
      if (totals.qboTaxCents !== totals.taxCents) roundingDifferences++;
    }
    expect(roundingDifferences).toBeGreaterThan(0);
  });

  it('reads back exactly what was generated', async () => {
    const { db } = database;
    expect(
      await db
        .select()
        .from(bpro.customers)
        .where(eq(bpro.customers.tenantId, tenant))
        .orderBy(asc(bpro.customers.id)),
    ).toEqual([...dataset.customers].sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect(
      await db
        .select()
        .from(bpro.products)
        .where(eq(bpro.products.tenantId, tenant))
        .orderBy(asc(bpro.products.id)),
    ).toEqual(dataset.products);
    expect(
      await db
        .select()
        .from(bpro.orders)
        .where(eq(bpro.orders.tenantId, tenant))
        .orderBy(asc(bpro.orders.id)),
    ).toEqual(dataset.orders);
    expect(
      await db
        .select()
        .from(bpro.orderLines)
        .where(eq(bpro.orderLines.tenantId, tenant))
        .orderBy(asc(bpro.orderLines.id)),
    ).toEqual(dataset.orderLines);
    expect(
      await db
        .select()
        .from(bpro.payments)
        .where(eq(bpro.payments.tenantId, tenant))
        .orderBy(asc(bpro.payments.id)),
    ).toEqual(dataset.payments);
    expect(
      await db
        .select()
        .from(bpro.refunds)
        .where(eq(bpro.refunds.tenantId, tenant))
        .orderBy(asc(bpro.refunds.id)),
    ).toEqual(dataset.refunds);
  });

  it('writes the same data for another tenant from the same seed, and deletes one tenant only', async () => {
    await writeBproDataset(database.db, generateBproDataset({ tenantId: twin, seed: 2026, size: 'small' }));
    expect(await countRows(twin)).toEqual(await countRows(tenant));
    for (const table of Object.values(TABLES)) {
      const [row] = await database.sql.unsafe<{ n: number }[]>(
        `select count(*)::int as n from (
           (select to_jsonb(x) - 'tenant_id' from ${table} x where tenant_id = $1
            except all
            select to_jsonb(x) - 'tenant_id' from ${table} x where tenant_id = $2)
           union all
           (select to_jsonb(x) - 'tenant_id' from ${table} x where tenant_id = $2
            except all
            select to_jsonb(x) - 'tenant_id' from ${table} x where tenant_id = $1)
         ) differing`,
        [tenant, twin],
      );
      expect({ table, differing: row?.n }).toEqual({ table, differing: 0 });
    }

    await deleteBproTenant(database.db, twin);
    expect(Object.values(await countRows(twin)).every((n) => n === 0)).toBe(true);
    expect(await countRows(tenant)).toEqual(datasetCounts(dataset));
  });
});
