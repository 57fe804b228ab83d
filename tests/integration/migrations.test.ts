import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { isTable } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER, runMigrations } from '../../db/migrate';
import * as schema from '../../db/schema';
import { openEmptyDatabase } from '../support/database';

const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => isTable(value));

describe('committed migrations', () => {
  let empty: Awaited<ReturnType<typeof openEmptyDatabase>>;
  let sql: postgres.Sql;

  beforeAll(async () => {
    empty = await openEmptyDatabase();
    sql = postgres(empty.url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    await empty?.close();
  });

  it('apply to an empty database and create every table and column of the drizzle schema', async () => {
    const before =
      await sql`select count(*)::int as n from information_schema.tables where table_schema in ('bpro', 'qbo_sync')`;
    expect(before[0]?.n).toBe(0);

    await runMigrations(sql);

    const columns = await sql<{ table_schema: string; table_name: string; column_name: string }[]>`
      select table_schema, table_name, column_name from information_schema.columns
      where table_schema in ('bpro', 'qbo_sync')`;
    const actual = new Set(columns.map((c) => `${c.table_schema}.${c.table_name}.${c.column_name}`));
    const expected = tables.flatMap((table) => {
      const config = getTableConfig(table);
      return config.columns.map((column) => `${config.schema}.${config.name}.${column.name}`);
    });
    expect(tables.length).toBe(24);
    expect([...actual].sort()).toEqual([...expected].sort());
  });

  it('is idempotent: running again applies nothing and keeps the data', async () => {
    await sql`insert into qbo_sync.tenants (id, name) values ('keep-me', 'Kept')`;
    await runMigrations(sql);
    const rows = await sql`select name from qbo_sync.tenants where id = 'keep-me'`;
    expect(rows).toEqual([{ name: 'Kept' }]);
  });

  it('enforces the data model: a link cannot point two BPro records at one QBO record', async () => {
    await sql`insert into qbo_sync.entity_links (tenant_id, entity, bpro_id, qbo_id) values ('keep-me', 'customer', 'c1', '58')`;
    await expect(
      sql`insert into qbo_sync.entity_links (tenant_id, entity, bpro_id, qbo_id) values ('keep-me', 'customer', 'c2', '58')`,
    ).rejects.toThrow(/entity_links_qbo_id_unique/);
    await expect(
      sql`insert into bpro.orders (tenant_id, id, customer_id, number, status, order_date) values ('keep-me', 'o1', 'missing', '1', 'open', '2026-01-01')`,
    ).rejects.toThrow(/foreign key/);
  });

  it('moves the link states stored in source_hash into their own column (0005)', async () => {
    // Rows as the code before the state column wrote them: the state word in source_hash.
    await sql`insert into qbo_sync.entity_links (tenant_id, entity, bpro_id, qbo_id, source_hash) values
      ('keep-me', 'invoice', 'o1', '101', 'voided'), ('keep-me', 'refund', 'r1', '102', 'deleted'),
      ('keep-me', 'invoice', 'o2', '103', '0123456789abcdef0123456789abcdef')`;
    await sql.unsafe(readFileSync(join(MIGRATIONS_FOLDER, '0005_link_state_from_source_hash.sql'), 'utf8'));
    const rows = await sql`select bpro_id, state, source_hash from qbo_sync.entity_links
      where tenant_id = 'keep-me' and entity in ('invoice', 'refund') order by bpro_id`;
    expect(rows).toEqual([
      { bpro_id: 'o1', state: 'voided', source_hash: null },
      { bpro_id: 'o2', state: 'active', source_hash: '0123456789abcdef0123456789abcdef' },
      { bpro_id: 'r1', state: 'deleted', source_hash: null },
    ]);
    await expect(sql`update qbo_sync.entity_links set state = 'gone' where bpro_id = 'o1'`).rejects.toThrow(
      /entity_links_state_check/,
    );
  });
});
