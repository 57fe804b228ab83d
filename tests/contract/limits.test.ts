/* eslint-disable @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// Throttling (qbo-api.md §4): 10/s and 500/min per realm, 40 batch calls/min, the XML 429 body
// with code 3001, and PUT /__emulator/limits (numbers, timeScale, off). Emulator only.
import { describe, expect, it } from 'vitest';
import { isEmulator, useTarget } from './support/target';

describe.skipIf(!isEmulator)('limits', () => {
  const t = useTarget({ keepLimits: true });

  const burst = async (n: number, path = 'preferences') => {
    const results = await Promise.all(Array.from({ length: n }, () => t.client.request('GET', path)));
    return results;
  };

  it('more than 10 requests in a second → 429 with the XML ThrottleExceeded body (3001)', async () => {
    await t.control('PUT', '/limits', { enabled: true, timeScale: 1 });
    const results = await burst(15);
    const throttled = results.filter((r) => r.status === 429);
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    expect(throttled).toHaveLength(5);
    const r = throttled[0];
    expect(r?.headers.get('content-type')).toContain('xml');
    expect(r?.text).toContain('<Error code="3001">');
    expect(r?.text).toContain('message=ThrottleExceeded; errorCode=003001; statusCode=429');
  });

  it('the per-minute limit applies across seconds', async () => {
    await t.control('PUT', '/limits', { perSecond: null, perMinute: 12, batchPerMinute: 40, timeScale: 1 });
    const results = await burst(15);
    expect(results.filter((r) => r.status === 429)).toHaveLength(3);
  });

  it('batch calls have their own per-minute limit', async () => {
    await t.control('PUT', '/limits', { perSecond: null, perMinute: null, batchPerMinute: 3 });
    const calls = await Promise.all(
      Array.from({ length: 5 }, () => t.client.batch([{ bId: '1', Query: 'select * from Term' }])),
    );
    expect(calls.filter((r) => r.status === 429)).toHaveLength(2);
    expect((await t.client.request('GET', 'preferences')).status).toBe(200);
  });

  it('timeScale shrinks the windows', async () => {
    // timeScale 2: a "second" lasts 500 ms.
    await t.control('PUT', '/limits', { perSecond: 5, perMinute: null, batchPerMinute: null, timeScale: 2 });
    expect((await burst(8)).filter((r) => r.status === 429).length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 600));
    expect((await burst(5)).every((r) => r.status === 200)).toBe(true);
  });

  it('limits can be switched off', async () => {
    const s = await t.control('PUT', '/limits', { enabled: false });
    expect(s.json).toMatchObject({ perSecond: null, perMinute: null, batchPerMinute: null });
    expect((await burst(40)).every((r) => r.status === 200)).toBe(true);
  });

  it('throttled requests are counted in the realm stats', async () => {
    const stats = await t.control('GET', `/realms/${t.client.realmId}/stats`);
    expect(stats.json.throttled).toBeGreaterThanOrEqual(10);
    expect(stats.json.requests).toBeGreaterThan(0);
    expect(stats.json.entities.Customer).toBeGreaterThan(0);
  });
});
