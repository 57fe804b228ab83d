// Fixed-window hit counters of the API's rate limits (qbo_sync.api_rate_limits). Each hit is one
// UPSERT by the database's clock, committed asynchronously like the QuickBooks buckets
// (activities/qbo/rate-limits.ts): a PostgreSQL crash may forget the last fraction of a second
// of hits, which a rate limit can afford.
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { apiRateLimits } from '../schema';

export type WindowHits = { hits: number; resetAt: Date };

/** Counts a hit for `key`; a key whose window ended starts a new one of `windowSeconds`. */
export async function countHit(db: Database, key: string, windowSeconds: number): Promise<WindowHits> {
  const expired = sql`${apiRateLimits.resetAt} <= clock_timestamp()`;
  const [row] = await db
    .insert(apiRateLimits)
    .values({ key, hits: 1, resetAt: sql`clock_timestamp() + make_interval(secs => ${windowSeconds})` })
    .onConflictDoUpdate({
      target: apiRateLimits.key,
      set: {
        hits: sql`case when ${expired} then 1 else ${apiRateLimits.hits} + 1 end`,
        resetAt: sql`case when ${expired} then excluded.reset_at else ${apiRateLimits.resetAt} end`,
      },
    })
    .returning({
      hits: apiRateLimits.hits,
      resetAt: apiRateLimits.resetAt,
      asyncCommit: sql<string>`set_config('synchronous_commit', 'off', true)`,
    });
  if (!row) throw new Error(`rate limit upsert returned nothing for ${key}`);
  return { hits: row.hits, resetAt: row.resetAt };
}

/** The key's hits in its current window, if it has one. */
export async function readHits(db: Database, key: string): Promise<WindowHits | undefined> {
  const [row] = await db
    .select({ hits: apiRateLimits.hits, resetAt: apiRateLimits.resetAt })
    .from(apiRateLimits)
    .where(and(eq(apiRateLimits.key, key), gt(apiRateLimits.resetAt, sql`clock_timestamp()`)));
  return row;
}

/** Takes back one hit of the key's current window. */
export async function uncountHit(db: Database, key: string): Promise<void> {
  await db
    .update(apiRateLimits)
    .set({ hits: sql`greatest(0, ${apiRateLimits.hits} - 1)` })
    .where(and(eq(apiRateLimits.key, key), gt(apiRateLimits.resetAt, sql`clock_timestamp()`)));
}

export async function forgetHits(db: Database, key: string): Promise<void> {
  await db.delete(apiRateLimits).where(eq(apiRateLimits.key, key));
}

/** Deletes the counters of windows that ended (keys not seen since). */
export async function sweepEndedWindows(db: Database): Promise<void> {
  await db.delete(apiRateLimits).where(lt(apiRateLimits.resetAt, sql`clock_timestamp()`));
}
