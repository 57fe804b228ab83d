// Which Skus and names are new since the running initial sync's start (snapshot.ts
// `itemsWhileInitialSyncRuns`): products and categories skip the lookups that could only find
// nothing. Read from the run's cached sync settings; undefined when not known.
import { findSyncSettings } from '../../db/queries/settings';
import { nameKey, skuKey } from './lookups';
import { itemsWhileInitialSyncRuns } from './snapshot';
import type { SyncContext } from './types';

export type NewSinceStart = { newSku(sku: string): boolean; newName(name: string): boolean };

/** Built once per run (its sets from the saved lists), not once per record. */
export function itemsNewSinceStart(ctx: SyncContext): Promise<NewSinceStart | undefined> {
  return ctx.cache.get('itemsNewSinceStart', async () =>
    newSince(
      itemsWhileInitialSyncRuns(
        await ctx.cache.get('settings', () => findSyncSettings(ctx.db, ctx.tenantId)),
      ),
    ),
  );
}

function newSince(atStart: ReturnType<typeof itemsWhileInitialSyncRuns>): NewSinceStart | undefined {
  if (!atStart) return undefined;
  const absent = (set: ReadonlySet<string>, key: string | null) => key !== null && !set.has(key);
  return {
    newSku: (sku) => absent(atStart.skus, skuKey(sku)),
    newName: (name) => absent(atStart.names, nameKey(name)),
  };
}
