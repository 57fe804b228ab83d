// The per-realm rate limiter on a real database: bucket sizing, several callers (and pools, as
// workers) within the limit, hooks served first while bulk work saturates the realm, no wait
// longer than maxWaitMs, the non-blocking probe, the pause after a 429, and statements per call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../db/client';
import { QboError } from '../../activities/qbo/errors';
import { aimdPolicy } from '../../activities/qbo/rate-aimd';
import { RealmRateLimiter, type RateLimiterOptions } from '../../activities/qbo/rate-limiter';
import {
  bucketFor,
  bucketSpecs,
  recordThrottle,
  tryAcquire,
  type BucketSpec,
} from '../../activities/qbo/rate-limits';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../support/database';

/** Keeps acquiring until `untilMs`, sleeping as told; returns the grant times (ms). */
async function hammer(
  db: DbHandle['db'],
  realm: string,
  specs: BucketSpec[],
  untilMs: number,
): Promise<number[]> {
  const grants: number[] = [];
  while (Date.now() < untilMs) {
    const grant = await tryAcquire(db, realm, specs);
    if (grant.granted) grants.push(Date.now());
    else await new Promise((r) => setTimeout(r, Math.min(grant.waitMs.bulk, untilMs - Date.now() + 1)));
  }
  return grants;
}

function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How a promise ended, and when (ms after `from`). */
async function outcome(promise: Promise<void>, from: number) {
  try {
    await promise;
    return { ok: true as const, ms: Date.now() - from };
  } catch (error) {
    return { ok: false as const, ms: Date.now() - from, error };
  }
}

describe('per-realm token buckets shared through PostgreSQL', () => {
  let database: TestDatabase;
  let second: DbHandle | null = null;
  /** A limiter as a second worker process would have it (its own pool when the server allows). */
  const limiter = (options: RateLimiterOptions, pool: 'first' | 'second' = 'first') =>
    new RealmRateLimiter(pool === 'second' && second ? second.db : database.db, options);

  beforeAll(async () => {
    database = await openTestDatabase();
    // A second pool stands in for a second worker process (a real server only: PGlite is one session).
    if (!database.embedded) second = createDb(database.url, { max: 4 });
  });
  afterAll(async () => {
    await second?.close();
    await database?.close();
  });

  it('sizes buckets so no window can exceed QBO’s limits, at ≥ 95% of them', () => {
    const { request, batch } = bucketSpecs();
    for (const [spec, limit, window] of [
      [request[0], 500, 60],
      [request[1], 10, 1],
      [batch[2], 40, 60],
    ] as const) {
      expect(spec).toBeDefined();
      if (!spec) continue;
      expect(spec.capacity + spec.refillPerSecond * window).toBeLessThanOrEqual(limit);
      expect((spec.refillPerSecond * window) / limit).toBeGreaterThanOrEqual(0.95 - spec.capacity / limit);
    }
  });

  it('keeps several concurrent callers within the limit in every sliding window', async () => {
    const realm = uniqueTenantId('realm');
    // A scaled-down limit so the test is short: 20 calls per 2 s window.
    const specs = [bucketFor('test_window', 20, 2, 0.02)];
    const until = Date.now() + 5_000;
    const pools = [database.db, database.db, ...(second ? [second.db, second.db] : [])];
    const results = await Promise.all(pools.map((db) => hammer(db, realm, specs, until)));
    const all = results.flat();
    expect(maxInWindow(all, 2_000)).toBeLessThanOrEqual(20);
    // And it is not starving callers: ≥ 85% of the theoretical 50 grants in 5 s.
    expect(all.length).toBeGreaterThanOrEqual(Math.floor(0.85 * (20 * 2.5)));
  });

  it('serves hooks at once while bulk callers in two workers saturate the realm, at the full rate', async () => {
    const realm = uniqueTenantId('realm');
    // QBO's limits at time ×2: the per-minute bucket refills 16 tokens/s, 5 kept for hooks.
    const options: RateLimiterOptions = { timeScale: 2, maxWaitMs: 20_000 };
    const workers = [limiter(options), limiter(options, 'second')];
    const hooksOnly = limiter(options);
    const seconds = 4;
    const start = Date.now();
    const until = start + seconds * 1000;
    const bulkWaits: number[] = [];
    const bulk = workers.flatMap((w) =>
      Array.from({ length: 12 }, async () => {
        while (Date.now() < until) {
          const asked = Date.now();
          await w.acquire(realm, 'request', 'bulk');
          if (Date.now() <= until) bulkWaits.push(Date.now() - asked);
        }
      }),
    );
    const hookWaits: number[] = [];
    const hooks = (async () => {
      await sleep(500); // bulk has drained the buckets to the reserve by now
      // Alternately in a worker whose bulk callers are queued (the priority queue) and in one
      // without (the reserve in the shared bucket).
      for (let i = 0; Date.now() < until - 300; i += 1) {
        const asked = Date.now();
        await (i % 2 === 0 ? (workers[0] ?? hooksOnly) : hooksOnly).acquire(realm, 'request', 'hook');
        hookWaits.push(Date.now() - asked);
        await sleep(200);
      }
    })();
    await Promise.all([...bulk, hooks]);
    const sorted = [...hookWaits].sort((a, b) => a - b);
    const bulkMean = bulkWaits.reduce((s, w) => s + w, 0) / bulkWaits.length;
    expect(hookWaits.length).toBeGreaterThanOrEqual(10);
    // 24 bulk callers share 16 tokens/s: each waits ~1.5 s; a hook waits one statement or one refill.
    expect(bulkMean).toBeGreaterThan(800);
    expect(sorted[Math.floor(sorted.length * 0.9)]).toBeLessThan(250);
    // Bulk keeps the steady rate: everything granted ≈ capacity + 16/s.
    const [minute] = bucketSpecs(undefined, 0.02, 2).request;
    const allowed = (minute?.capacity ?? 0) + (minute?.refillPerSecond ?? 0) * seconds;
    expect(bulkWaits.length + hookWaits.length).toBeGreaterThanOrEqual(0.85 * allowed);
    expect(bulkWaits.length + hookWaits.length).toBeLessThanOrEqual(allowed + 2);
  });

  it('never keeps a caller waiting past maxWaitMs, counted from when it asked: it gets `throttled` with a delay', async () => {
    const realm = uniqueTenantId('realm');
    // About one token per second (and 1.5 banked); nothing reserved.
    const slow = limiter({
      limits: { perMinute: 60, perSecond: 10, batchPerMinute: 40 },
      hookReserve: 0,
      maxWaitMs: 1_200,
    });
    const start = Date.now();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => outcome(slow.acquire(realm, 'request', 'bulk'), start)),
    );
    const granted = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(granted.length).toBe(2); // at once, then ~0.5 s later
    expect(refused.length).toBe(4);
    for (const r of refused) {
      expect(r.error).toBeInstanceOf(QboError);
      expect(r.error).toMatchObject({ type: 'throttled', retryable: true, status: undefined });
      expect((r.error as QboError).retryAfterMs).toBeGreaterThan(0);
      // Every one of them had joined at `start`: none waited past 1.2 s (+ a statement's slack).
      expect(r.ms).toBeLessThanOrEqual(1_400);
    }
  });

  it('tryNow takes a token only when one is free now, leaving bulk’s reserve to hooks, and never waits', async () => {
    const realm = uniqueTenantId('realm');
    // QBO's per-minute limit; the per-second one out of the way (its 1.5 tokens would bind first).
    const probe = limiter({ limits: { perMinute: 500, perSecond: 1_000, batchPerMinute: 40 } });
    const start = Date.now();
    const take = async (priority: 'hook' | 'bulk', n: number) => {
      const taken: boolean[] = [];
      for (let i = 0; i < n; i += 1) taken.push(await probe.tryNow(realm, 'request', priority));
      return taken;
    };
    // Capacity 6.5, reserve 5: bulk gets 1 (6.5 → 5.5), then hooks 5 more.
    expect(await take('bulk', 2)).toEqual([true, false]);
    expect(await take('hook', 6)).toEqual([true, true, true, true, true, false]);
    expect(Date.now() - start).toBeLessThan(1_000);
    // With a hook queued in this process, a probe of either class leaves the token to it (no statement).
    const queued = probe.acquire(realm, 'request', 'hook');
    const statements = probe.stats.statements;
    expect(await probe.tryNow(realm, 'request', 'hook')).toBe(false);
    expect(await probe.tryNow(realm, 'request', 'bulk')).toBe(false);
    // A batch call takes the same per-minute and per-second tokens: its probe leaves them too.
    expect(await probe.tryNow(realm, 'batch', 'bulk')).toBe(false);
    expect(probe.stats.statements).toBe(statements);
    await queued;
  });

  it('while hooks are active, bulk takes a per-second token only from a full bucket (half a token left for the next hook)', async () => {
    // The per-minute bucket out of the way: the per-second one (capacity 1.5, 9.8 − 1.5 = 8.3/s) binds.
    const options = { limits: { perMinute: 100_000, perSecond: 10, batchPerMinute: 40 } };
    const refilledToOne = async (realm: string, probe: RealmRateLimiter) => {
      expect(await probe.tryNow(realm, 'request', 'bulk')).toBe(true); // 1.5 → 0.5
      await new Promise((r) => setTimeout(r, 75)); // + 0.62: between 1 and 1.5
    };
    const quiet = limiter(options);
    const alone = uniqueTenantId('realm');
    await refilledToOne(alone, quiet);
    expect(await quiet.tryNow(alone, 'request', 'bulk')).toBe(true);

    const busy = limiter(options);
    const withHooks = uniqueTenantId('realm');
    await busy.acquire(withHooks, 'request', 'hook'); // a hook's call: 1.5 → 0.5
    await new Promise((r) => setTimeout(r, 125)); // back over 1.5 (capped)
    await refilledToOne(withHooks, busy);
    expect(await busy.tryNow(withHooks, 'request', 'bulk')).toBe(false);
    expect(await busy.tryNow(withHooks, 'request', 'hook')).toBe(true);
  });

  it('while hooks are active, bulk takes a batch token only from a full bucket (half a token left for a hook’s batch)', async () => {
    // Only the batch bucket binds (capacity 1.5, (39.2 − 1.5)/60 = 0.63/s; × 10 here: 6.3/s).
    const options = { limits: { perMinute: 100_000, perSecond: 100_000, batchPerMinute: 40 }, timeScale: 10 };
    const refilledToOne = async (realm: string, probe: RealmRateLimiter) => {
      expect(await probe.tryNow(realm, 'batch', 'bulk')).toBe(true); // 1.5 → 0.5
      await new Promise((r) => setTimeout(r, 110)); // + 0.69: between 1 and 1.5
    };
    const quiet = limiter(options);
    const alone = uniqueTenantId('realm');
    await refilledToOne(alone, quiet);
    expect(await quiet.tryNow(alone, 'batch', 'bulk')).toBe(true);

    const busy = limiter(options);
    const withHooks = uniqueTenantId('realm');
    await busy.acquire(withHooks, 'request', 'hook'); // a hook's plain call: hooks are active
    await refilledToOne(withHooks, busy);
    expect(await busy.tryNow(withHooks, 'batch', 'bulk')).toBe(false);
    expect(await busy.tryNow(withHooks, 'batch', 'hook')).toBe(true);
  });

  it('spends one statement per granted call when tokens are free', async () => {
    const realm = uniqueTenantId('realm');
    const counted = limiter({ limits: { perMinute: 500, perSecond: 1_000, batchPerMinute: 1_000 } });
    await counted.acquire(realm, 'batch'); // creates the buckets: 3 statements
    const before = counted.stats.statements;
    for (let i = 0; i < 4; i += 1) await counted.acquire(realm, i % 2 ? 'batch' : 'request', 'hook');
    expect(counted.stats.statements - before).toBe(4);
  });

  it('after a 429 every worker waits the pause: QBO’s Retry-After, else a short one that grows', async () => {
    const realm = uniqueTenantId('realm');
    const specs = bucketSpecs().batch;
    const policy = aimdPolicy();
    expect((await tryAcquire(database.db, realm, specs)).granted).toBe(true);
    expect(await recordThrottle(database.db, realm, specs, policy, 3_000)).toBe(3_000);
    const grant = await tryAcquire(second?.db ?? database.db, realm, bucketSpecs().request, {
      priority: 'hook',
    });
    expect(grant.granted).toBe(false);
    expect(grant.waitMs.hook).toBeGreaterThan(2_500);
    expect(grant.waitMs.hook).toBeLessThanOrEqual(3_000);
    // Bulk waits for the reserve on top: hooks go first when the pause ends.
    expect(grant.waitMs.bulk).toBeGreaterThan(grant.waitMs.hook);
    expect(grant.factor).toBeCloseTo(0.7);
    // A late answer during the pause neither cuts again nor grows it.
    const late = await recordThrottle(database.db, realm, specs, policy);
    expect(late).toBeLessThanOrEqual(3_000);
    expect(late).toBeGreaterThan(2_000);

    const other = uniqueTenantId('realm');
    await tryAcquire(database.db, other, specs);
    expect(await recordThrottle(database.db, other, specs, policy)).toBe(1_000);
    const waiting = await tryAcquire(database.db, other, bucketSpecs().request, { priority: 'hook' });
    expect(waiting.granted).toBe(false);
    expect(waiting.waitMs.hook).toBeLessThanOrEqual(1_000);
    expect(waiting.waitMs.hook).toBeGreaterThan(900);
  });
});
