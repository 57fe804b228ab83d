// Query statements a QBO client sends, noted for lookup tests (sync-lookups-merged, sync-items-at-start).
import type { QboClient } from '../../../activities/qbo/client';
import type { BatchItem } from '../../../activities/qbo/schemas';

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
