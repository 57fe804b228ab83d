// QuickBooks' per-realm limits (qbo-api.md §4), shared by every worker through token buckets
// in PostgreSQL (qbo_sync.rate_limit_buckets). A bucket with capacity C refilling at r/s lets
// at most C + r·T calls through in any window of T seconds, so each bucket is sized to keep
// that under QBO's limit for its window: C = max(1, ⌊limit·headroom⌋) and
// r = (limit·(1 − headroom) − C)/T, so C + r·T = limit·(1 − headroom).
import { and, eq, inArray, sql } from 'drizzle-orm';
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
): BucketSpec {
  const budget = limit * (1 - headroom);
  const capacity = Math.max(1, Math.floor(limit * headroom));
  return { bucket, capacity, refillPerSecond: Math.max(0.01, (budget - capacity) / windowSeconds) };
}

/** The buckets a call of each kind draws from. */
export function bucketSpecs(limits: QboLimits = QBO_LIMITS, headroom = 0.02): Record<CallKind, BucketSpec[]> {
  const minute = bucketFor('requests_per_minute', limits.perMinute, 60, headroom);
  const second = bucketFor('requests_per_second', limits.perSecond, 1, headroom);
  const batch = bucketFor('batch_per_minute', limits.batchPerMinute, 60, headroom);
  return { request: [minute, second], batch: [minute, second, batch] };
}

export type Grant = { granted: true } | { granted: false; waitMs: number };

/**
 * Takes one token from every bucket of `specs` for `realmId`, atomically across processes
 * (row locks in one transaction, the database's clock). When any bucket is short, takes
 * nothing and says how long to wait.
 */
export async function tryAcquire(
  db: DatabaseOrTransaction,
  realmId: string,
  specs: BucketSpec[],
): Promise<Grant> {
  return db.transaction(async (tx) => {
    await tx
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
    const names = specs.map((s) => s.bucket);
    const rows = await tx
      .select({
        bucket: rateLimitBuckets.bucket,
        tokens: rateLimitBuckets.tokens,
        elapsed: sql<number>`extract(epoch from (clock_timestamp() - ${rateLimitBuckets.refilledAt}))::float8`,
      })
      .from(rateLimitBuckets)
      .where(and(eq(rateLimitBuckets.realmId, realmId), inArray(rateLimitBuckets.bucket, names)))
      .orderBy(rateLimitBuckets.bucket)
      .for('update');
    const levels = specs.map((spec) => {
      const row = rows.find((r) => r.bucket === spec.bucket);
      const current = Math.min(
        spec.capacity,
        (row?.tokens ?? spec.capacity) + Math.max(0, Number(row?.elapsed ?? 0)) * spec.refillPerSecond,
      );
      return { spec, current };
    });
    const short = levels.filter((l) => l.current < 1);
    const granted = short.length === 0;
    for (const { spec, current } of levels) {
      await tx
        .update(rateLimitBuckets)
        .set({
          tokens: granted ? current - 1 : current,
          capacity: spec.capacity,
          refillPerSecond: spec.refillPerSecond,
          refilledAt: sql`clock_timestamp()`,
        })
        .where(and(eq(rateLimitBuckets.realmId, realmId), eq(rateLimitBuckets.bucket, spec.bucket)));
    }
    if (granted) return { granted: true } as const;
    const waitMs = Math.max(...short.map((l) => ((1 - l.current) / l.spec.refillPerSecond) * 1000));
    return { granted: false, waitMs: Math.ceil(waitMs) } as const;
  });
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
