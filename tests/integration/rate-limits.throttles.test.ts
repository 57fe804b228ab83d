// 429s against the emulator over HTTP (rate-aimd.ts through transport.ts): QBO's Retry-After
// honoured; without one a short pause that grows only while 429s continue; and another app
// taking part of the company's limit slows the sync down without stopping it for a minute, after
// which it recovers to the full rate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QboClient } from '../../activities/qbo/client';
import { QboTransport } from '../../activities/qbo/transport';
import { QboError } from '../../activities/qbo/errors';
import { factorAt, aimdPolicy } from '../../activities/qbo/rate-aimd';
import { RealmRateLimiter, type RateLimiterOptions } from '../../activities/qbo/rate-limiter';
import { bucketSpecs, type QboLimits } from '../../activities/qbo/rate-limits';
import { rateLimitRealms } from '../../db/schema';
import { eq } from 'drizzle-orm';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../support/database';
import { startQboStack, type QboStack } from './support/qbo-stack';
import { connectTestTemporal } from './support/temporal';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stack whose emulator enforces `limits` at `timeScale` (and sends Retry-After when given), with a connected tenant. */
async function throttlingStack(
  database: TestDatabase,
  temporal: Awaited<ReturnType<typeof connectTestTemporal>>,
  emulator: Partial<QboLimits> & { timeScale: number; retryAfterSeconds?: number },
) {
  const stack = await startQboStack(database.db, temporal.client, emulator, {
    rateLimits: { timeScale: emulator.timeScale },
  });
  const tenantId = uniqueTenantId('throttle');
  await stack.api(`/api/v1/tenants/${tenantId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Throttle test', qboEnabled: true }),
  });
  const realmId = await stack.createRealm('Throttle Test Co');
  expect((await stack.connect(tenantId, { realmId })).status).toBe(200);
  return { stack, tenantId, realmId };
}

/** Our client with a limiter of its own (as a worker has), without in-call retries unless asked. */
function clientOf(
  env: { stack: QboStack; tenantId: string },
  limiter: RealmRateLimiter,
  retries = 0,
): QboClient {
  return new QboClient({
    tenantId: env.tenantId,
    tokens: env.stack.qbo.tokens,
    limiter,
    apiBase: env.stack.qbo.endpoints.apiBase,
    transientRetries: { attempts: retries, baseDelayMs: 0 },
  });
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as QboError,
  );

describe('429s from QuickBooks', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  const stacks: QboStack[] = [];

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
  });
  afterAll(async () => {
    for (const stack of stacks) await stack.close();
    await temporal?.close();
    await database?.close();
  });

  it('sends a call with a token taken beforehand without taking another', async () => {
    const env = await throttlingStack(database, temporal, { timeScale: 1 });
    stacks.push(env.stack);
    const limiter = new RealmRateLimiter(database.db, {});
    const client = clientOf(env, limiter);
    await client.preferences(); // creates the realm's buckets
    await sleep(300); // a per-second token again (1.5 banked at most)
    let before = limiter.stats.statements;
    await client.preferences();
    expect(limiter.stats.statements - before).toBe(1); // the call's own take
    await sleep(300); // a per-second token again
    before = limiter.stats.statements;
    expect(await client.tryToken('request')).toBe(true);
    await client.preferences();
    expect(limiter.stats.statements - before).toBe(1); // the probe's take only
    // The transport's own flag: the caller took the token (RealmRateLimiter.tryNow) itself.
    await sleep(300);
    expect(await limiter.tryNow(env.realmId, 'request', 'bulk')).toBe(true);
    before = limiter.stats.statements;
    const transport = new QboTransport({
      tenantId: env.tenantId,
      tokens: env.stack.qbo.tokens,
      limiter,
      apiBase: env.stack.qbo.endpoints.apiBase,
    });
    expect(await transport.call({ method: 'GET', path: 'preferences', tokenTaken: true })).toBeTruthy();
    expect(limiter.stats.statements).toBe(before);
    // With the per-second token spent, the probe says so at once instead of waiting.
    expect(await client.tryToken('request')).toBe(false);
  });

  it('honours Retry-After: every caller waits it out, hooks too', async () => {
    const env = await throttlingStack(database, temporal, { timeScale: 1, retryAfterSeconds: 2 });
    stacks.push(env.stack);
    const limiter = new RealmRateLimiter(database.db, { maxWaitMs: 5_000 });
    await env.stack.control('PUT', '/faults', { realmId: env.realmId, throttleRate: 1, maxFaults: 1 });
    const error = await failure(clientOf(env, limiter).preferences());
    expect(error).toMatchObject({ type: 'throttled', status: 429, retryAfterMs: 2_000 });
    const start = Date.now();
    const hook = new QboClient({
      tenantId: env.tenantId,
      tokens: env.stack.qbo.tokens,
      limiter: new RealmRateLimiter(database.db, { maxWaitMs: 5_000 }),
      apiBase: env.stack.qbo.endpoints.apiBase,
      priority: 'hook',
      transientRetries: { attempts: 0, baseDelayMs: 0 },
    });
    await hook.preferences();
    expect(Date.now() - start).toBeGreaterThanOrEqual(1_800);
    expect(Date.now() - start).toBeLessThan(3_000);
    // A caller that may not wait that long gives its slot back at once, with the delay.
    await env.stack.control('PUT', '/faults', { realmId: env.realmId, throttleRate: 1, maxFaults: 1 });
    expect(await failure(hook.preferences())).toMatchObject({ type: 'throttled', retryAfterMs: 2_000 });
    const impatient = new RealmRateLimiter(database.db, { maxWaitMs: 500 });
    const asked = Date.now();
    const refused = await failure(clientOf(env, impatient).preferences());
    expect(Date.now() - asked).toBeLessThan(400);
    expect(refused).toMatchObject({ type: 'throttled', status: undefined });
    expect(refused?.retryAfterMs).toBeGreaterThan(1_000);
  });

  it('without Retry-After pauses briefly, doubling only while 429s continue', async () => {
    // Time ×5: QBO's 1 s pause is 200 ms here, its 60 s wait 12 s.
    const env = await throttlingStack(database, temporal, { timeScale: 5 });
    stacks.push(env.stack);
    const limiter = new RealmRateLimiter(database.db, { timeScale: 5 });
    const client = clientOf(env, limiter);
    const pauses: Array<number | undefined> = [];
    for (let i = 0; i < 3; i += 1) {
      await env.stack.control('PUT', '/faults', { realmId: env.realmId, throttleRate: 1, maxFaults: 1 });
      pauses.push((await failure(client.preferences()))?.retryAfterMs);
    }
    // Each retry came right after the pause: continuing.
    expect(pauses).toEqual([200, 400, 800]);
    await sleep(2_000); // calm: the 800 ms pause and 5 QBO-seconds (1 s) after it
    await env.stack.control('PUT', '/faults', { realmId: env.realmId, throttleRate: 1, maxFaults: 1 });
    expect((await failure(client.preferences()))?.retryAfterMs).toBe(200);
    // In-call retries ride out a short pause: the call succeeds.
    await env.stack.control('PUT', '/faults', { realmId: env.realmId, throttleRate: 1, maxFaults: 1 });
    await sleep(300);
    expect(await clientOf(env, limiter, 3).preferences()).toBeTruthy();
  });

  it('learns another app’s share: slows down without a minute’s stop, then recovers the full rate', async () => {
    // 120 calls per QBO-minute, time ×20: a QBO-minute is 3 s; the old 60 s stop would be 3 s.
    const limits = { perMinute: 120, perSecond: 10, batchPerMinute: 40 };
    const timeScale = 20;
    const env = await throttlingStack(database, temporal, { ...limits, timeScale });
    stacks.push(env.stack);
    const options: RateLimiterOptions = { limits, timeScale, aimd: { recoverSeconds: 30 } };
    const limiter = new RealmRateLimiter(database.db, options);
    const client = clientOf(env, limiter, 3);
    const qboMinute = 60_000 / timeScale;
    const start = Date.now();
    const phases = { foreignFrom: start + qboMinute, foreignUntil: start + 2 * qboMinute };
    // A minute to recover (the other app's calls stay in QBO's window for a minute), then one measured.
    const end = phases.foreignUntil + 2 * qboMinute;
    const ours: number[] = [];
    const loop = async () => {
      while (Date.now() < end) {
        try {
          await client.preferences();
          ours.push(Date.now());
        } catch (error) {
          if (!(error instanceof QboError && error.type === 'throttled')) throw error;
        }
      }
    };
    // The other app: half of QBO's limit, steadily, for one QBO-minute, past our limiter.
    const foreign = async () => {
      await sleep(phases.foreignFrom - Date.now());
      const { accessToken } = await env.stack.qbo.tokens.accessToken(env.tenantId);
      const url = `${env.stack.emulatorUrl}/v3/company/${env.realmId}/preferences`;
      while (Date.now() < phases.foreignUntil) {
        await fetch(url, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
        await sleep(qboMinute / 60);
      }
    };
    const stats = async () =>
      (await (await env.stack.control('GET', `/realms/${env.realmId}/stats`)).json()) as {
        throttled: number;
      };
    const throttledBefore = (await stats()).throttled;
    await Promise.all([loop(), loop(), loop(), foreign()]);
    expect((await stats()).throttled - throttledBefore).toBeGreaterThan(0);
    // Slowed, never stopped: the longest gap between our calls from the other app's start on.
    const after = ours.filter((t) => t >= phases.foreignFrom);
    const gaps = after.slice(1).map((t, i) => t - (after[i] ?? t));
    expect(Math.max(...gaps)).toBeLessThan(qboMinute / 2);
    // The rate was cut, and is whole again.
    const [row] = await database.db
      .select()
      .from(rateLimitRealms)
      .where(eq(rateLimitRealms.realmId, env.realmId));
    expect(row).toBeDefined();
    const policy = aimdPolicy(options.aimd, timeScale);
    const state = {
      factor: row?.factor ?? 1,
      factorAtMs: row?.factorAt.getTime() ?? 0,
      pauseMs: row?.pauseMs ?? 0,
      throttledAtMs: row?.throttledAt?.getTime() ?? null,
    };
    expect(state.factor).toBeLessThan(0.75);
    expect(factorAt(state, Date.now(), policy)).toBe(1);
    // As fast as before the other app came (alone, the first minute: ~95 % of the limit).
    const minuteOf = (from: number) => ours.filter((t) => t >= from && t < from + qboMinute).length;
    const [minute] = bucketSpecs(limits, 0.02, timeScale).request;
    expect(minuteOf(start)).toBeGreaterThanOrEqual(
      0.85 * (minute?.refillPerSecond ?? 0) * (qboMinute / 1000),
    );
    expect(minuteOf(end - qboMinute)).toBeGreaterThanOrEqual(0.9 * minuteOf(start));
  });
});
