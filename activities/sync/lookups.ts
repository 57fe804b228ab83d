// Lookups of existing QBO records, and the company's accounts (read once per run).
import type { Condition } from '../qbo/query';
import type { SyncClient } from '../qbo/sync-client';
import type { Lookups, RunCache } from './types';

export function runLookups(qbo: SyncClient, cache: RunCache): Lookups {
  return {
    async one(qboEntity, where, includeInactive = true) {
      // Name lists hide inactive records unless asked.
      const conditions: Condition[] = includeInactive
        ? [...where, { field: 'Active', op: 'IN', value: [true, false] }]
        : where;
      const rows = await qbo.queryAll(qboEntity, conditions);
      return rows[0] ?? null;
    },
    accounts: () => cache.get('accounts', () => qbo.accounts('all')),
  };
}
