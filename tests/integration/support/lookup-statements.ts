// Query statements a QBO client sends, noted for lookup tests (sync-lookups-merged, sync-items-at-start).
import type { QboClient } from '../../../activities/qbo/client';
import type { BatchItem } from '../../../activities/qbo/schemas';
import type { QboServices } from '../../../activities/qbo/services';
import { createSyncRun } from '../../../activities/sync/sync-run';
import type { Database } from '../../../db/client';
import type { RecordOutcome, SyncEntity, SyncSnapshot } from '../../../workflows/contracts';

/** The client, noting every query statement it sends (plain or as a batch item). */
export function noting(client: QboClient, statements: string[]): QboClient {
  const proxy: QboClient = new Proxy(client, {
    get(target, prop, receiver) {
      // Calls made under record leases (wanted-records.ts) are noted too (their tags dropped).
      if (prop === 'tagged') return () => proxy;
      if (prop === 'queryPage')
        return (statement: string, entity: string) => {
          statements.push(statement);
          return target.queryPage(statement, entity);
        };
      if (prop === 'batch')
        return (items: BatchItem[], requestId?: string) => {
          for (const item of items) if ('query' in item) statements.push(item.query);
          return target.batch(items, requestId);
        };
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return proxy;
}

/** Lookup statements by kind (`Customer.DisplayName`, `Invoice.Id`, …). */
export function lookupsByKind(statements: string[]): Record<string, string[]> {
  const kinds: Record<string, string[]> = {};
  for (const statement of statements) {
    const m = /^select \* from (\w+) where (\w+) (=|IN) /.exec(statement);
    if (m && m[2] !== 'Active') (kinds[`${m[1]}.${m[2]}`] ??= []).push(statement);
  }
  return kinds;
}

/** The services, with every client they give noting its query statements in `statements`. */
export const notingServices = (qbo: QboServices, statements: string[]): QboServices => ({
  ...qbo,
  clientFor: (...args) => noting(qbo.clientFor(...args), statements),
});

/** One page as the entity set runs it (its own batching run); its outcomes and lookups by kind. */
export async function runPageNoting(
  deps: { db: Database; qbo: QboServices },
  page: { tenantId: string; snapshot: SyncSnapshot; entity: SyncEntity; ids: string[] },
) {
  const statements: string[] = [];
  const run = createSyncRun(
    { db: deps.db, qbo: notingServices(deps.qbo, statements) },
    { tenantId: page.tenantId, snapshot: page.snapshot, workflowId: `test-${page.entity}`, batching: true },
  );
  const outcomes: RecordOutcome[] = [];
  await run.runAll(page.entity, page.ids, 'initial-sync', (i, outcome) => (outcomes[i] = outcome));
  return { outcomes, lookups: lookupsByKind(statements) };
}
