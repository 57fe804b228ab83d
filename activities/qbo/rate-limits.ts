// QuickBooks' per-realm limits (qbo-api.md §4), shared by every worker through token buckets in
// PostgreSQL (qbo_sync.rate_limit_buckets). A bucket with capacity C refilling at r/s lets at
// most C + r·T calls through in any window of T seconds, so each bucket is sized to keep that
// under QBO's limit for its window: r = (limit·(1 − headroom) − C)/T, so C + r·T = limit·(1 − headroom).
//
// Two classes share the buckets: record syncs ('hook') take a token when every bucket holds ≥ 1;
// bulk work ('bulk') only while it leaves a reserve R = 5 in the per-minute bucket (≥ 1 + R).
// At QBO's limits (2 % headroom): per minute C = 1.5 + R = 6.5 and r = (490 − 6.5)/60 = 8.06
// calls/s; per second C = 1.5 and r = 9.8 − 1.5 = 8.3/s. Bulk alone drains the per-minute bucket
// to R and then takes every token as it refills, so it still gets the whole 8.06/s (the level
// stays in [R, R + 1), below C: no refill is lost to the cap). A hook arriving then finds ≥ 5
// per-minute tokens; the per-second bucket refills faster than that (8.3 > 8.06/s), so it holds
// ≥ 0.5 even just after a bulk take: the hook's call goes within 60 ms. A burst of hooks gets 5
// calls within a second, then every new token before bulk (one per 124 ms), in this process
// (a priority queue) and across workers (bulk needs R more). An order hook's calls go one after
// another, a QBO round trip apart, so they rarely wait: its latency is its own calls' round
// trips. A reserve in the per-second bucket would not shorten that wait (bulk leaves it at
// 0.5 either way) and would cost bulk throughput (it could take only from a full bucket). The
// 40 batch calls/min have their own bucket (no reserve); hooks send plain calls. The first
// seconds after bulk starts are the exception: the per-minute bucket is still above 1 + R, so
// the per-second one binds and a hook may wait a per-second token (≤ 120 ms) for ~2 s.
//
// Every take also reads the realm's AIMD factor (rate-aimd.ts): buckets refill at factor × r.
// Each take is one statement with `synchronous_commit = off` (half the cost here: 0.4 ms vs
// 0.8 ms); a PostgreSQL crash may lose the last fraction of a second of takes (README).
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { rateLimitBuckets, rateLimitRealms } from '../../db/schema';
import { afterThrottle, factorAt, type AimdPolicy, type AimdState } from './rate-aimd';
import type { Priority } from './rate-queue';

export type QboLimits = { perMinute: number; perSecond: number; batchPerMinute: number };
export const QBO_LIMITS: QboLimits = { perMinute: 500, perSecond: 10, batchPerMinute: 40 };

/** Tokens of the per-minute bucket that bulk work leaves to record syncs (see above). */
export const HOOK_RESERVE = 5;
/**
 * While record syncs of a company are active in this worker (a hook call within the last
 * second), bulk takes a per-second token only from a full bucket (1.5), leaving at least half a
 * token: a hook's call then waits ≤ 60 ms for the next one instead of ≤ 120 ms. Traced during an
 * initial sync at 2 hooks/s, hooks asked ~6 of the 8.3 calls/s and each waited 100–700 ms for
 * its token. Same capacity and refill (the bucket is shared); costs bulk only while hooks run.
 */
export const HOOK_SECOND_RESERVE = 0.5;
/**
 * Likewise for the batch bucket: while hooks are active bulk takes a batch token only from a full
 * bucket, so about half the time a record sync finds one and sends its order's new customer and
 * items as one batch call (write-lanes.ts) instead of three plain calls a per-second token apart
 * (traced: 100, 220 and 340 ms waits for one order's three writes). Bulk's batch rate is the
 * bucket's refill either way; a token a hook takes delays bulk's next batch by its refill.
 */
export const HOOK_BATCH_RESERVE = 0.5;

/** `reserve`: tokens bulk callers leave in this bucket. */
export type BucketSpec = { bucket: string; capacity: number; refillPerSecond: number; reserve?: number };
export type CallKind = 'request' | 'batch';

/** Statements the limiter sent to PostgreSQL (the bench reports them per record). */
export type LimiterStats = { statements: number };

/** A bucket that keeps calls within `limit` per `windowSeconds`, minus `headroom`. */
export function bucketFor(
  bucket: string,
  limit: number,
  windowSeconds: number,
  headroom: number,
  timeScale = 1,
  reserve = 0,
): BucketSpec {
  const budget = limit * (1 - headroom);
  // Room for 1.5 tokens above a reserve of whole tokens, so a caller arriving a little late can
  // bank the excess instead of losing it to the cap (with room for exactly 1, every late arrival
  // costs throughput); a reserve under one token fits within those 1.5.
  const capacity = reserve >= 1 ? 1.5 + reserve : Math.max(1.5, Math.floor(limit * headroom));
  return {
    bucket,
    capacity,
    refillPerSecond: Math.max(0.01, (budget - capacity) / windowSeconds) * timeScale,
    ...(reserve > 0 ? { reserve } : {}),
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
  hookReserve = HOOK_RESERVE,
  secondReserve = 0,
  batchReserve = 0,
): Record<CallKind, BucketSpec[]> {
  const minute = bucketFor('requests_per_minute', limits.perMinute, 60, headroom, timeScale, hookReserve);
  const second = bucketFor('requests_per_second', limits.perSecond, 1, headroom, timeScale, secondReserve);
  const batch = bucketFor('batch_per_minute', limits.batchPerMinute, 60, headroom, timeScale, batchReserve);
  return { request: [minute, second], batch: [minute, second, batch] };
}

/**
 * Whether the token was taken, and how long until a take of each class could succeed: after this
 * one when granted (so a waiting caller sleeps instead of polling in vain), else from now.
 */
export type Grant = { granted: boolean; waitMs: Record<Priority, number>; factor: number };

export type TakeOptions = {
  priority?: Priority;
  /** AimdPolicy.increasePerMs, per second. */
  increasePerSecond?: number;
  stats?: LimiterStats;
};

/** The factor in force now, by the database's clock (rate-aimd.ts factorAt, in SQL). */
const factorNow = (realmId: string, increasePerSecond: number) => sql`coalesce((
  select least(1, r.factor + greatest(0, extract(epoch from clock_timestamp() - r.factor_at)) * ${increasePerSecond}::float8)
  from ${rateLimitRealms} r where r.realm_id = ${realmId}), 1)::float8`;

/**
 * Takes one token from every bucket of `specs` for `realmId`, atomically across processes, in
 * one statement (row locks held only for its duration; the database's clock). When any bucket
 * is short (for a bulk caller: short of its reserve), takes nothing and says how long to wait.
 * Not within a transaction: it makes its own commit asynchronous.
 */
export async function tryAcquire(
  db: Database,
  realmId: string,
  specs: BucketSpec[],
  options: TakeOptions = {},
): Promise<Grant> {
  const bulk = (options.priority ?? 'bulk') === 'bulk';
  const spec = sql.join(
    specs.map(
      (s) =>
        sql`(${s.bucket}::text, ${s.capacity}::float8, ${s.refillPerSecond}::float8, ${s.reserve ?? 0}::float8)`,
    ),
    sql`, `,
  );
  if (options.stats) options.stats.statements += 1;
  const rows = await db.execute<TakeRow>(sql`
    with spec(bucket, capacity, rate, reserve) as (values ${spec}),
    realm as (select ${factorNow(realmId, options.increasePerSecond ?? 0)} as f),
    cur as (
      select b.bucket, s.capacity, s.rate * realm.f as rate, s.reserve, 1 + case when ${bulk} then s.reserve else 0 end as need,
             least(s.capacity, b.tokens + greatest(0, extract(epoch from clock_timestamp() - b.refilled_at)) * s.rate * realm.f) as level
      from ${rateLimitBuckets} b join spec s on s.bucket = b.bucket cross join realm
      where b.realm_id = ${realmId}
      for update of b
    ),
    verdict as (
      select count(*)::int as found, count(*) = ${specs.length} and coalesce(bool_and(level >= need), false) as granted
      from cur),
    taken as (
      update ${rateLimitBuckets} b
      set tokens = c.level - 1, refilled_at = clock_timestamp(), capacity = c.capacity, refill_per_second = c.rate
      from cur c
      where b.realm_id = ${realmId} and b.bucket = c.bucket and (select granted from verdict)
      returning 1
    ),
    after as (select c.*, c.level - case when v.granted then 1 else 0 end as left_over from cur c cross join verdict v)
    select (select found from verdict) as found,
           (select granted from verdict) and (select count(*) from taken) = ${specs.length} as granted,
           (select max(greatest(0, (1 - left_over) / rate)) from after)::float8 as hook_s,
           (select max(greatest(0, (1 + reserve - left_over) / rate)) from after)::float8 as bulk_s,
           (select f from realm) as factor,
           set_config('synchronous_commit', 'off', true) as async_commit`);
  const row = rows[0];
  if (!row || row.found < specs.length) {
    // First call for this realm (or new buckets): create them full, then take.
    if (options.stats) options.stats.statements += 1;
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
    return tryAcquire(db, realmId, specs, options);
  }
  const granted = row.granted === true;
  // A refused take always waits a little, so a caller never polls in a tight loop.
  const ms = (seconds: number | null) => Math.max(granted ? 0 : 1, Math.ceil((seconds ?? 0) * 1000));
  return { granted, waitMs: { hook: ms(row.hook_s), bulk: ms(row.bulk_s) }, factor: Number(row.factor) };
}

type TakeRow = {
  found: number;
  granted: boolean | null;
  hook_s: number | null;
  bulk_s: number | null;
  factor: number;
};

type RealmRow = {
  factor: number;
  factor_at_ms: number;
  pause_ms: number;
  throttled_at_ms: number | null;
  now_ms: number;
};

/**
 * After a 429 from QuickBooks: the realm's AIMD state moves on (rate-aimd.ts afterThrottle) and
 * its buckets are drained so that no worker calls it for the pause. Returns the pause (real ms).
 * `retryAfterMs`: QBO's Retry-After, if it sent one. Several statements in one transaction; 429s
 * are rare.
 */
export async function recordThrottle(
  db: Database,
  realmId: string,
  specs: BucketSpec[],
  policy: AimdPolicy,
  retryAfterMs?: number,
  stats?: LimiterStats,
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.insert(rateLimitRealms).values({ realmId }).onConflictDoNothing();
    const [row] = await tx.execute<RealmRow>(sql`
      select factor, extract(epoch from factor_at) * 1000 as factor_at_ms, pause_ms,
             extract(epoch from throttled_at) * 1000 as throttled_at_ms,
             extract(epoch from clock_timestamp()) * 1000 as now_ms,
             set_config('synchronous_commit', 'off', true) as async_commit
      from ${rateLimitRealms} where realm_id = ${realmId} for update`);
    if (stats) stats.statements += 4; // begin, insert, select, commit
    if (!row) throw new Error(`rate_limit_realms has no row for ${realmId}`);
    const state: AimdState = {
      factor: Number(row.factor),
      factorAtMs: Number(row.factor_at_ms),
      pauseMs: Number(row.pause_ms),
      throttledAtMs: row.throttled_at_ms === null ? null : Number(row.throttled_at_ms),
    };
    const now = Number(row.now_ms);
    const verdict = afterThrottle(state, now, policy, retryAfterMs);
    if (verdict.state === state) return verdict.pauseMs;
    const next = verdict.state;
    await tx.execute(sql`
      update ${rateLimitRealms} set factor = ${next.factor}, factor_at = to_timestamp(${next.factorAtMs / 1000}),
             pause_ms = ${next.pauseMs}, throttled_at = to_timestamp(${(next.throttledAtMs ?? now) / 1000})
      where realm_id = ${realmId}`);
    await emptyBuckets(tx, realmId, specs, {
      oldFactor: factorAt(state, now, policy),
      newFactor: next.factor,
      pauseSeconds: verdict.pauseMs / 1000,
    });
    if (stats) stats.statements += 2;
    return verdict.pauseMs;
  });
}

/**
 * Sets each bucket so that it holds its next token only when the pause ends (at the new factor),
 * unless it was further behind already. Bulk then still leaves the reserve: hooks go first.
 */
async function emptyBuckets(
  tx: Parameters<Parameters<Database['transaction']>[0]>[0],
  realmId: string,
  specs: BucketSpec[],
  f: { oldFactor: number; newFactor: number; pauseSeconds: number },
): Promise<void> {
  const spec = sql.join(
    specs.map((s) => sql`(${s.bucket}::text, ${s.capacity}::float8, ${s.refillPerSecond}::float8)`),
    sql`, `,
  );
  await tx.execute(sql`
    with spec(bucket, capacity, rate) as (values ${spec})
    update ${rateLimitBuckets} b
    set tokens = least(
          least(s.capacity, b.tokens + greatest(0, extract(epoch from clock_timestamp() - b.refilled_at)) * s.rate * ${f.oldFactor}::float8),
          1 - ${f.pauseSeconds}::float8 * s.rate * ${f.newFactor}::float8),
        refilled_at = clock_timestamp()
    from spec s
    where b.realm_id = ${realmId} and b.bucket = s.bucket`);
}
