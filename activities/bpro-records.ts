import { sql } from 'drizzle-orm';
import type { ActivityDeps } from './deps';

const BPRO_TABLES = [
  'customers',
  'product_categories',
  'products',
  'payment_methods',
  'terms',
  'taxes',
  'tax_rates',
  'orders',
  'order_lines',
  'payments',
  'refunds',
] as const;

/** Number of rows per bpro table for one tenant. */
export function createBproRecordActivities({ db }: ActivityDeps) {
  return {
    async countBproRecords(tenantId: string): Promise<Record<string, number>> {
      const parts = BPRO_TABLES.map(
        (table) =>
          sql`select ${table} as t, count(*)::int as n from ${sql.identifier('bpro')}.${sql.identifier(table)} where tenant_id = ${tenantId}`,
      );
      const rows = await db.execute<{ t: string; n: number }>(sql.join(parts, sql` union all `));
      return Object.fromEntries(rows.map((r) => [r.t, r.n]));
    },
  };
}
