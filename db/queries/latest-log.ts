// Records by their newest log entry (what support sees as a record's status): the records whose
// latest entry is `failed` (for the bulk Re-run and the reruns after a reconnect), the skipped
// payments a newly ticked payment method brings back, and which entries of a log page are still
// their record's latest.
import { and, desc, eq, inArray, notExists, sql, type SQL } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import { entityLinks, payments, syncLog } from '../schema';
import type { EntityLink } from './entity-links';
import type { SyncLogAction, SyncLogRow } from './sync-log';

export type RecordKey = { entity: SyncLogRow['entity']; bproId: string };

export type LatestFilter = {
  tenantId: string;
  action: SyncLogAction;
  entity?: SyncLogRow['entity'] | undefined;
  /** Only entries waiting for this (`sync_log.awaiting`, e.g. `auth` or `PaymentMethod:Venmo`), or one of these. */
  awaiting?: string | readonly string[] | undefined;
};

/** Each record's newest entry (DISTINCT ON the record, newest first), as a subquery. */
function latestEntries(db: DatabaseOrTransaction, filter: LatestFilter) {
  const where: SQL[] = [eq(syncLog.tenantId, filter.tenantId)];
  if (filter.entity) where.push(eq(syncLog.entity, filter.entity));
  return db
    .selectDistinctOn([syncLog.entity, syncLog.bproId], {
      entity: syncLog.entity,
      bproId: syncLog.bproId,
      action: syncLog.action,
      awaiting: syncLog.awaiting,
    })
    .from(syncLog)
    .where(and(...where))
    .orderBy(syncLog.entity, syncLog.bproId, desc(syncLog.at), desc(syncLog.id))
    .as('latest');
}

function matching(latest: ReturnType<typeof latestEntries>, filter: LatestFilter) {
  const where: SQL[] = [eq(latest.action, filter.action)];
  if (typeof filter.awaiting === 'string') where.push(eq(latest.awaiting, filter.awaiting));
  else if (filter.awaiting) where.push(inArray(latest.awaiting, [...filter.awaiting]));
  return and(...where);
}

/** The records whose newest log entry has this action (and entity, awaiting), in one query. */
export async function listRecordsWhoseLatest(
  db: DatabaseOrTransaction,
  filter: LatestFilter,
): Promise<RecordKey[]> {
  const latest = latestEntries(db, filter);
  return db
    .select({ entity: latest.entity, bproId: latest.bproId })
    .from(latest)
    .where(matching(latest, filter))
    .orderBy(latest.entity, latest.bproId);
}

/** How many records' newest log entry has this action (and entity, awaiting). */
export async function countRecordsWhoseLatest(
  db: DatabaseOrTransaction,
  filter: LatestFilter,
): Promise<number> {
  const latest = latestEntries(db, filter);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(latest)
    .where(matching(latest, filter));
  return row?.n ?? 0;
}

/** The newest log entry's action of the payment in the outer query (a correlated subquery). */
const latestPaymentAction = (tenantId: string) =>
  sql`(select ${syncLog.action} from ${syncLog}
        where ${syncLog.tenantId} = ${tenantId} and ${syncLog.entity} = 'payment' and ${syncLog.bproId} = ${payments.id}
        order by ${syncLog.at} desc, ${syncLog.id} desc limit 1)`;

/**
 * Posted payments made with one of these methods, on or after the start date, with no link, whose
 * newest log entry is `skipped`: the ones an unchecked method kept out of QuickBooks.
 */
export async function listSkippedPaymentsOfMethods(
  db: DatabaseOrTransaction,
  tenantId: string,
  methodIds: string[],
  startDate: string | null,
): Promise<string[]> {
  if (methodIds.length === 0) return [];
  const linked = db
    .select({ one: sql`1` })
    .from(entityLinks)
    .where(
      and(
        eq(entityLinks.tenantId, tenantId),
        eq(entityLinks.entity, 'payment'),
        eq(entityLinks.bproId, payments.id),
      ),
    );
  const where: SQL[] = [
    eq(payments.tenantId, tenantId),
    inArray(payments.paymentMethodId, methodIds),
    eq(payments.status, 'posted'),
    notExists(linked),
    sql`${latestPaymentAction(tenantId)} = 'skipped'`,
  ];
  if (startDate) where.push(sql`${payments.receivedOn} >= ${startDate}`);
  const rows = await db
    .select({ id: payments.id })
    .from(payments)
    .where(and(...where))
    .orderBy(payments.id);
  return rows.map((r) => r.id);
}

/**
 * Of these log entries, the ones still their record's newest, with the record's link state (null:
 * no link). The page offers Re-create and Unlink on those only.
 */
export async function latestEntryLinkStates(
  db: DatabaseOrTransaction,
  tenantId: string,
  entryIds: bigint[],
): Promise<Map<string, EntityLink['state'] | null>> {
  if (entryIds.length === 0) return new Map();
  const newer = db
    .select({ one: sql`1` })
    .from(sql`${syncLog} as newer`)
    .where(
      sql`newer.tenant_id = ${syncLog.tenantId} and newer.entity = ${syncLog.entity}
          and newer.bpro_id = ${syncLog.bproId} and (newer.at, newer.id) > (${syncLog.at}, ${syncLog.id})`,
    );
  const rows = await db
    .select({ id: syncLog.id, state: entityLinks.state })
    .from(syncLog)
    .leftJoin(
      entityLinks,
      and(
        eq(entityLinks.tenantId, syncLog.tenantId),
        eq(entityLinks.entity, syncLog.entity),
        eq(entityLinks.bproId, syncLog.bproId),
      ),
    )
    .where(and(eq(syncLog.tenantId, tenantId), inArray(syncLog.id, entryIds), notExists(newer)));
  return new Map(rows.map((r) => [r.id.toString(), r.state]));
}
