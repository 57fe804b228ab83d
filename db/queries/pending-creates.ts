import { and, eq } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import { pendingCreates } from '../schema';

export type PendingCreate = Omit<typeof pendingCreates.$inferSelect, 'createdAt'>;
export type PendingCreateKey = Pick<PendingCreate, 'tenantId' | 'entity' | 'bproId'>;

const byKey = (key: PendingCreateKey) =>
  and(
    eq(pendingCreates.tenantId, key.tenantId),
    eq(pendingCreates.entity, key.entity),
    eq(pendingCreates.bproId, key.bproId),
  );

/** Notes a create about to be sent (replacing an earlier note for the record). */
export async function notePendingCreate(db: DatabaseOrTransaction, row: PendingCreate): Promise<void> {
  await db
    .insert(pendingCreates)
    .values(row)
    .onConflictDoUpdate({
      target: [pendingCreates.tenantId, pendingCreates.entity, pendingCreates.bproId],
      set: {
        qboEntity: row.qboEntity,
        customerQboId: row.customerQboId,
        txnDate: row.txnDate,
        docNumber: row.docNumber,
        marker: row.marker,
      },
    });
}

export async function findPendingCreate(
  db: DatabaseOrTransaction,
  key: PendingCreateKey,
): Promise<typeof pendingCreates.$inferSelect | null> {
  const [row] = await db.select().from(pendingCreates).where(byKey(key));
  return row ?? null;
}

export async function clearPendingCreate(db: DatabaseOrTransaction, key: PendingCreateKey): Promise<void> {
  await db.delete(pendingCreates).where(byKey(key));
}
