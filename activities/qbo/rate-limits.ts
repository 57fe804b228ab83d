// QuickBooks' per-realm limits (qbo-api.md §4), shared by every worker through token buckets
// in PostgreSQL (qbo_sync.rate_limit_buckets). A bucket with capacity C refilling at r/s lets
// at most C + r·T calls through in any window of T seconds, so each bucket is sized to keep
// that under QBO's limit for its window: C = max(1.5, ⌊limit·headroom⌋) and
// r = (limit·(1 − headroom) − C)/T, so C + r·T = limit·(1 − headroom).
import { sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../../db/client';
import { rateLimitBuckets } from '../../db/schema';

export type QboLimits = { perMinute: number; perSecond: number; batchPerMinute: number };
export const QBO_LIMITS: QboLimits = { perMinute: 500, perSecond: 10, batchPerMinute: 40 };

export type BucketSpec = { bucket: string; capacity: number; refillPerSecond: number };
export type CallKind = 'request' | 'batch';

/** A bucket that keeps calls within `limit` per `windowSeconds`, minus `headroom`. */
export function bucketFor(
  bucket: string,
  limit: number,
  windowSeconds: number,
  headroom: number,
  timeScale = 1,
): BucketSpec {
  const budget = limit * (1 - headroom);
  // At least 1.5 tokens, so a caller arriving a little late can bank the excess instead of
  // losing it to the cap (with a capacity of exactly 1, every late arrival costs throughput).
  const capacity = Math.max(1.5, Math.floor(limit * headroom));
  return {
    bucket,
    capacity,
    refillPerSecond: Math.max(0.01, (budget - capacity) / windowSeconds) * timeScale,
  };
}

/**
 * The buckets a call of each kind draws from. `timeScale` > 1 matches an emulator whose windows
 * are that many times shorter (benchmarks); production uses 1.
 */
export function bucketSpecs(
  limits: QboLimits = QBO_LIMITS,
  headroom = 0.02,
  timeScale = 1,
): Record<CallKind, BucketSpec[]> {
  const minute = bucketFor('requests_per_minute', limits.perMinute, 60, headroom, timeScale);
  const second = bucketFor('requests_per_second', limits.perSecond, 1, headroom, timeScale);
  const batch = bucketFor('batch_per_minute', limits.batchPerMinute, 60, headroom, timeScale);
  return { request: [minute, second], batch: [minute, second, batch] };
}

export type Grant = { granted: true } | { granted: false; waitMs: number };

/**
 * Takes one token from every bucket of `specs` for `realmId`, atomically across processes, in
 * one statement (row locks held only for its duration; the database's clock). When any bucket
 * is short, takes nothing and says how long to wait.
 */
export async function tryAcquire(
  db: DatabaseOrTransaction,
  realmId: string,
  specs: BucketSpec[],
): Promise<Grant> {
  const spec = sql.join(
    specs.map((s) => sql`(${s.bucket}::text, ${s.capacity}::float8, ${s.refillPerSecond}::float8)`),
    sql`, `,
  );
  const rows = await db.execute<{ granted: boolean | null; wait_s: number | null; found: number }>(sql`
    with spec(bucket, capacity, rate) as (values ${spec}),
    cur as (
      select b.bucket, s.capacity, s.rate,
             least(s.capacity, b.tokens + greatest(0, extract(epoch from clock_timestamp() - b.refilled_at)) * s.rate) as level
      from ${rateLimitBuckets} b join spec s on s.bucket = b.bucket
      where b.realm_id = ${realmId}
      for update of b
    ),
    verdict as (select count(*)::int as found, coalesce(bool_and(level >= 1), false) as granted from cur),
    taken as (
      update ${rateLimitBuckets} b
      set tokens = c.level - 1, refilled_at = clock_timestamp(), capacity = c.capacity, refill_per_second = c.rate
      from cur c
      where b.realm_id = ${realmId} and b.bucket = c.bucket and (select granted from verdict) and (select found from verdict) = ${specs.length}
      returning 1
    )
    select (select found from verdict) as found,
           (select granted from verdict) and (select count(*) from taken) = ${specs.length} as granted,
           (select max(case when level < 1 then (1 - level) / rate else 0 end) from cur)::float8 as wait_s`);
  const row = rows[0];
  if (!row || row.found < specs.length) {
    // First call for this realm (or new buckets): create them full, then take.
    await db
      .insert(rateLimitBuckets)
      .values(
        specs.map((s) => ({
          realmId,
          bucket: s.bucket,
          tokens: s.capacity,
          capacity: s.capacity,
          refillPerSecond: s.refillPerSecond,
        })),
      )
      .onConflictDoNothing();
    return tryAcquire(db, realmId, specs);
  }
  if (row.granted) return { granted: true };
  return { granted: false, waitMs: Math.max(1, Math.ceil((row.wait_s ?? 0.01) * 1000)) };
}

/**
 * After a 429, empties the realm's buckets so that no worker calls QuickBooks again for
 * `delayMs` (the buckets go negative by exactly that much refill).
 */
export async function penalize(
  db: DatabaseOrTransaction,
  realmId: string,
  specs: BucketSpec[],
  delayMs: number,
): Promise<void> {
  for (const spec of specs) {
    await db
      .insert(rateLimitBuckets)
      .values({
        realmId,
        bucket: spec.bucket,
        tokens: -(delayMs / 1000) * spec.refillPerSecond,
        capacity: spec.capacity,
        refillPerSecond: spec.refillPerSecond,
      })
      .onConflictDoUpdate({
        target: [rateLimitBuckets.realmId, rateLimitBuckets.bucket],
        set: {
          tokens: sql`least(${rateLimitBuckets.tokens}, ${-(delayMs / 1000) * spec.refillPerSecond})`,
          refilledAt: sql`clock_timestamp()`,
        },
      });
  }
}
