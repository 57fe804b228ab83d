import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import { oauthStates } from '../schema';

export async function createOAuthState(
  db: DatabaseOrTransaction,
  input: { state: string; tenantId: string; ttlSeconds: number },
) {
  // Opportunistic clean-up of long-expired states keeps the table small.
  await db.delete(oauthStates).where(lt(oauthStates.expiresAt, sql`now() - interval '1 day'`));
  await db.insert(oauthStates).values({
    state: input.state,
    tenantId: input.tenantId,
    expiresAt: sql`now() + make_interval(secs => ${input.ttlSeconds})`,
  });
}

export type ConsumedState =
  { ok: true; tenantId: string } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Marks a state used, exactly once. A replayed, unknown or expired state is refused. */
export async function consumeOAuthState(db: DatabaseOrTransaction, state: string): Promise<ConsumedState> {
  const [used] = await db
    .update(oauthStates)
    .set({ usedAt: sql`now()` })
    .where(
      and(eq(oauthStates.state, state), isNull(oauthStates.usedAt), sql`${oauthStates.expiresAt} > now()`),
    )
    .returning({ tenantId: oauthStates.tenantId });
  if (used) return { ok: true, tenantId: used.tenantId };
  const [row] = await db.select().from(oauthStates).where(eq(oauthStates.state, state));
  if (!row) return { ok: false, reason: 'unknown' };
  return { ok: false, reason: row.usedAt ? 'used' : 'expired' };
}
