// What the secret scan reads once the run is over: every answer the API gave the test (recorded
// off fetch: status, headers and body), every workflow history of the run as text with its
// payloads decoded, and the service's database rows of the tenant.
import type { Client } from '@temporalio/client';
import type postgres from 'postgres';
import { vi } from 'vitest';

export type Text = { label: string; text: string };

const urlOf = (input: Parameters<typeof fetch>[0]) =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/** Keeps every answer from `origin` (this process's fetch) until `stop()`. */
export function recordResponses(origin: string): { texts: Text[]; stop: () => void } {
  const texts: Text[] = [];
  const original = globalThis.fetch;
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const res = await original(input, init);
    const url = urlOf(input);
    if (url.startsWith(origin)) {
      const headers = [...res.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
      const body = await res.clone().text();
      const { pathname, search } = new URL(url);
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      texts.push({ label: `${method} ${pathname}${search} → ${res.status}`, text: `${headers}\n\n${body}` });
    }
    return res;
  });
  return { texts, stop: () => spy.mockRestore() };
}

/**
 * A history (or any Temporal proto message) as text: bytes are read as UTF-8, so each payload's
 * data (JSON, the default converter's encoding) and metadata appear decoded where they sit.
 */
export function readableProto(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(readableProto);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readableProto(v)]));
  return value;
}

/** Every execution `query` matches (each run of each workflow), with its whole history. */
export async function workflowHistories(client: Client, query: string): Promise<Text[]> {
  const texts: Text[] = [];
  for await (const execution of client.workflow.list({ query })) {
    const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
    const history = await handle.fetchHistory();
    texts.push({
      label: `${execution.type} ${execution.workflowId} (run ${execution.runId})`,
      text: JSON.stringify(readableProto(history)),
    });
  }
  return texts;
}

/**
 * Every row of every table of the service's schema (`qbo_sync`) as JSON: the tenant's rows where a
 * table has a tenant_id, all rows otherwise.
 */
export async function databaseRows(sql: postgres.Sql, tenantId: string): Promise<Text[]> {
  const tables = await sql<{ table: string; byTenant: boolean }[]>`
    select c.table_name as "table", bool_or(c.column_name = 'tenant_id') as "byTenant"
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'qbo_sync' and t.table_type = 'BASE TABLE'
    group by c.table_name
    order by c.table_name`;
  const texts: Text[] = [];
  for (const { table, byTenant } of tables) {
    const from = sql`${sql('qbo_sync')}.${sql(table)}`;
    const rows = byTenant
      ? await sql<
          { row: string }[]
        >`select row_to_json(t)::text as row from ${from} t where tenant_id = ${tenantId}`
      : await sql<{ row: string }[]>`select row_to_json(t)::text as row from ${from} t`;
    texts.push({ label: `qbo_sync.${table} (${rows.length} rows)`, text: rows.map((r) => r.row).join('\n') });
  }
  return texts;
}
