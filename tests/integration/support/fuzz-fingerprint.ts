// "Nothing is written for a refused request": a content hash of every row of the given tenants in
// every table keyed by tenant (bpro.* and qbo_sync.*, read from the drizzle schema so a new table
// is covered without touching this file). Equal before and after an answer: nothing changed. The
// API's own rate-limit counters are left out: counting refused requests is their job.
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { isTable } from 'drizzle-orm';
import type postgres from 'postgres';
import * as schema from '../../../db/schema';

const UNCOUNTED = new Set(['api_rate_limits']);

const keyed = (Object.values(schema) as unknown[])
  .filter((value): value is PgTable => isTable(value))
  .map((table) => getTableConfig(table))
  .filter((config) => !UNCOUNTED.has(config.name))
  .flatMap((config) => {
    const column = config.columns.some((c) => c.name === 'tenant_id')
      ? 'tenant_id'
      : config.name === 'tenants'
        ? 'id'
        : null;
    return column ? [{ table: `"${config.schema ?? 'public'}"."${config.name}"`, column }] : [];
  });

const query = keyed
  .map(
    ({ table, column }) =>
      `select '${table}' as t, count(*)::int as n, ` +
      `md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h ` +
      `from ${table} x where x.${column} = any($1::text[])`,
  )
  .join(' union all ');

/** Tables keyed by tenant that the fingerprint covers (a test asserts it is not empty). */
export const fingerprintedTables = keyed.map((k) => k.table);

export async function tenantFingerprint(sql: postgres.Sql, tenantIds: string[]): Promise<string> {
  const rows = await sql.unsafe<{ t: string; n: number; h: string }[]>(query, [tenantIds]);
  return rows
    .map((r) => `${r.t}:${r.n}:${r.h}`)
    .sort()
    .join('\n');
}
