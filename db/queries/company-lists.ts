// Which copy of a tenant's company lists is current (activities/sync/company-lists.ts): the
// connection's `connected_at` (a reconnect may be another company, or a reset one) and its
// `lists_version`, moved on when a list changed in QuickBooks so every worker drops its copy.
// Read with the company gate's read (company-blocks.ts), once per run.
import { eq, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import { qboConnections } from '../schema';

export type ListsVersion = { connectedAt: number; version: number };

/** The columns to select (as `lists`) for `listsVersionOf`. */
export const listsVersionColumns = {
  connectedAt: qboConnections.connectedAt,
  version: qboConnections.listsVersion,
};

export const listsVersionOf = (
  row: { connectedAt: Date | null; version: number } | undefined,
): ListsVersion => ({ connectedAt: row?.connectedAt?.getTime() ?? 0, version: row?.version ?? 0 });

/** Moves the tenant's lists version on; the new one (null: no connection). */
export async function bumpListsVersion(
  db: DatabaseOrTransaction,
  tenantId: string,
): Promise<ListsVersion | null> {
  const [row] = await db
    .update(qboConnections)
    .set({ listsVersion: sql`${qboConnections.listsVersion} + 1` })
    .where(eq(qboConnections.tenantId, tenantId))
    .returning(listsVersionColumns);
  return row ? listsVersionOf(row) : null;
}
