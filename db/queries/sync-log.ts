import { and, desc, eq, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import { syncLog } from '../schema';

export type SyncLogRow = typeof syncLog.$inferSelect;
export type SyncLogAction = SyncLogRow['action'];
export type SyncLogEntry = Pick<SyncLogRow, 'tenantId' | 'entity' | 'bproId' | 'action'> &
  Partial<Pick<SyncLogRow, 'message' | 'qboId' | 'workflowId' | 'awaiting'>>;

/**
 * `awaiting` of a record that failed for want of a QuickBooks connection (authorisation revoked or
 * expired): a successful reconnect re-runs the records whose newest entry is failed with it.
 */
export const AWAITING_AUTH = 'auth';

export async function appendLog(
  db: DatabaseOrTransaction,
  entries: SyncLogEntry | SyncLogEntry[],
): Promise<void> {
  const rows = Array.isArray(entries) ? entries : [entries];
  if (rows.length > 0) await db.insert(syncLog).values(rows);
}

export type LogFilter = {
  tenantId: string;
  action?: SyncLogAction | undefined;
  entity?: SyncLogRow['entity'] | undefined;
  bproId?: string | undefined;
  limit: number;
};

/** The newest log entry for one record (what support sees as its status). */
export async function latestLogFor(
  db: DatabaseOrTransaction,
  tenantId: string,
  entity: SyncLogRow['entity'],
  bproId: string,
): Promise<SyncLogRow | null> {
  const [row] = await db
    .select()
    .from(syncLog)
    .where(and(eq(syncLog.tenantId, tenantId), eq(syncLog.entity, entity), eq(syncLog.bproId, bproId)))
    .orderBy(desc(syncLog.at), desc(syncLog.id))
    .limit(1);
  return row ?? null;
}

export async function countLogByAction(db: DatabaseOrTransaction, tenantId: string) {
  return db
    .select({ entity: syncLog.entity, action: syncLog.action, n: sql<number>`count(*)::int` })
    .from(syncLog)
    .where(eq(syncLog.tenantId, tenantId))
    .groupBy(syncLog.entity, syncLog.action);
}

/** A keyset position in the log: a row's `at` with full microsecond precision (ISO, UTC) and its id. */
export type LogPosition = { at: string; id: string };
export type LogPageRow = SyncLogRow & { position: LogPosition };

/**
 * One page of the log, newest first, after `after` (exclusive). Positions carry `at` as text with
 * microseconds, so rows sharing a millisecond are neither skipped nor repeated across pages.
 */
export async function listLogPage(
  db: DatabaseOrTransaction,
  filter: LogFilter & { after?: LogPosition | undefined },
): Promise<LogPageRow[]> {
  const conditions = [eq(syncLog.tenantId, filter.tenantId)];
  if (filter.action) conditions.push(eq(syncLog.action, filter.action));
  if (filter.entity) conditions.push(eq(syncLog.entity, filter.entity));
  if (filter.bproId) conditions.push(eq(syncLog.bproId, filter.bproId));
  if (filter.after)
    conditions.push(
      sql`(${syncLog.at}, ${syncLog.id}) < (${filter.after.at}::timestamptz, ${filter.after.id}::bigint)`,
    );
  const rows = await db
    .select({
      row: syncLog,
      at: sql<string>`to_char(${syncLog.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(syncLog)
    .where(and(...conditions))
    .orderBy(desc(syncLog.at), desc(syncLog.id))
    .limit(filter.limit);
  return rows.map(({ row, at }) => ({ ...row, position: { at, id: row.id.toString() } }));
}
