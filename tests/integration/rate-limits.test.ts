import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../db/client';
import {
  bucketFor,
  bucketSpecs,
  penalize,
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
    else await new Promise((r) => setTimeout(r, Math.min(grant.waitMs, untilMs - Date.now() + 1)));
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

describe('per-realm token buckets shared through PostgreSQL', () => {
  let database: TestDatabase;
  let second: DbHandle | null = null;

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

  it('after a 429 makes every caller wait the given delay', async () => {
    const realm = uniqueTenantId('realm');
    const specs = bucketSpecs().request;
    expect(await tryAcquire(database.db, realm, specs)).toEqual({ granted: true });
    await penalize(database.db, realm, specs, 3_000);
    const grant = await tryAcquire(second?.db ?? database.db, realm, specs);
    expect(grant.granted).toBe(false);
    if (!grant.granted) {
      expect(grant.waitMs).toBeGreaterThan(2_500);
      expect(grant.waitMs).toBeLessThanOrEqual(3_500);
    }
  });
});
