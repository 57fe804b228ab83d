import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import { entityLinks } from '../schema';

export type EntityLink = typeof entityLinks.$inferSelect;
export type LinkEntity = EntityLink['entity'];

export async function findLink(
  db: DatabaseOrTransaction,
  tenantId: string,
  entity: LinkEntity,
  bproId: string,
): Promise<EntityLink | null> {
  const [row] = await db
    .select()
    .from(entityLinks)
    .where(
      and(eq(entityLinks.tenantId, tenantId), eq(entityLinks.entity, entity), eq(entityLinks.bproId, bproId)),
    );
  return row ?? null;
}

export async function findLinkByQboId(
  db: DatabaseOrTransaction,
  tenantId: string,
  entity: LinkEntity,
  qboId: string,
): Promise<EntityLink | null> {
  const [row] = await db
    .select()
    .from(entityLinks)
    .where(
      and(eq(entityLinks.tenantId, tenantId), eq(entityLinks.entity, entity), eq(entityLinks.qboId, qboId)),
    );
  return row ?? null;
}

export async function findLinks(
  db: DatabaseOrTransaction,
  tenantId: string,
  entity: LinkEntity,
  bproIds: string[],
): Promise<Map<string, EntityLink>> {
  if (bproIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(entityLinks)
    .where(
      and(
        eq(entityLinks.tenantId, tenantId),
        eq(entityLinks.entity, entity),
        inArray(entityLinks.bproId, bproIds),
      ),
    );
  return new Map(rows.map((r) => [r.bproId, r]));
}

/** Records (or refreshes) the link. The unique (tenant, entity, qbo_id) index refuses a second BPro record for one QBO record. */
export async function saveLink(
  db: DatabaseOrTransaction,
  link: {
    tenantId: string;
    entity: LinkEntity;
    bproId: string;
    qboId: string;
    qboSyncToken?: string | null;
    sourceHash?: string | null;
    state?: EntityLink['state'];
    qboFingerprint?: string | null;
  },
): Promise<void> {
  const values = {
    ...link,
    qboSyncToken: link.qboSyncToken ?? null,
    sourceHash: link.sourceHash ?? null,
    state: link.state ?? 'active',
    qboFingerprint: link.qboFingerprint ?? null,
    syncedAt: sql`now()`,
  };
  await db
    .insert(entityLinks)
    .values(values)
    .onConflictDoUpdate({
      target: [entityLinks.tenantId, entityLinks.entity, entityLinks.bproId],
      set: {
        qboId: values.qboId,
        qboSyncToken: values.qboSyncToken,
        sourceHash: values.sourceHash,
        state: values.state,
        qboFingerprint: values.qboFingerprint,
        syncedAt: sql`now()`,
      },
    });
}

export type LinkKey = { tenantId: string; entity: LinkEntity; bproId: string };
export type LinkState = EntityLink['state'];

const byRecord = (key: LinkKey) =>
  and(
    eq(entityLinks.tenantId, key.tenantId),
    eq(entityLinks.entity, key.entity),
    eq(entityLinks.bproId, key.bproId),
  );

/**
 * Moves the link to `to` (stamping `synced_at`, the date the log names) only when its state is one
 * of `from`, in one statement; the changed link, or null when there is none in such a state.
 */
export async function changeLinkState(
  db: DatabaseOrTransaction,
  key: LinkKey,
  to: LinkState,
  from: readonly LinkState[],
): Promise<EntityLink | null> {
  const [row] = await db
    .update(entityLinks)
    .set({ state: to, syncedAt: sql`now()` })
    .where(and(byRecord(key), inArray(entityLinks.state, [...from])))
    .returning();
  return row ?? null;
}

/** Deletes the link only when its state is one of `states`; the deleted link, or null. */
export async function deleteLinkInState(
  db: DatabaseOrTransaction,
  key: LinkKey,
  states: readonly LinkState[],
): Promise<EntityLink | null> {
  const [row] = await db
    .delete(entityLinks)
    .where(and(byRecord(key), inArray(entityLinks.state, [...states])))
    .returning();
  return row ?? null;
}
