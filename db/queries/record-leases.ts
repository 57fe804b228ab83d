import { and, eq, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import { recordLeases } from '../schema';

export type LeaseKey = {
  tenantId: string;
  entity: (typeof recordLeases.$inferInsert)['entity'];
  bproId: string;
};

/**
 * Takes the lease on one record for `ttlMs`, unless another holder has it and it has not expired.
 * One statement: of two callers at once, exactly one gets it. The same holder may take it again.
 */
export async function tryTakeLease(
  db: DatabaseOrTransaction,
  key: LeaseKey,
  holder: string,
  ttlMs: number,
): Promise<boolean> {
  const expiresAt = sql`now() + make_interval(secs => ${ttlMs / 1000})`;
  const rows = await db
    .insert(recordLeases)
    .values({ ...key, holder, expiresAt })
    .onConflictDoUpdate({
      target: [recordLeases.tenantId, recordLeases.entity, recordLeases.bproId],
      set: { holder, expiresAt },
      setWhere: sql`${recordLeases.expiresAt} < now() or ${recordLeases.holder} = ${holder}`,
    })
    .returning({ holder: recordLeases.holder });
  return rows.length > 0;
}

export async function releaseLease(db: DatabaseOrTransaction, key: LeaseKey, holder: string): Promise<void> {
  await db
    .delete(recordLeases)
    .where(
      and(
        eq(recordLeases.tenantId, key.tenantId),
        eq(recordLeases.entity, key.entity),
        eq(recordLeases.bproId, key.bproId),
        eq(recordLeases.holder, holder),
      ),
    );
}

/** Extends every lease `holder` still has (its records are still syncing). */
export async function renewLeases(db: DatabaseOrTransaction, holder: string, ttlMs: number): Promise<void> {
  await db
    .update(recordLeases)
    .set({ expiresAt: sql`now() + make_interval(secs => ${ttlMs / 1000})` })
    .where(eq(recordLeases.holder, holder));
}
