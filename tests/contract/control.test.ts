/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// The /__emulator control endpoints of design.md §7. Emulator only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQboEmulator, type QboEmulator } from '../../qbo-emulator/server';
import { connect, control, isEmulator, TEST_CLIENT } from './support/target';

describe.skipIf(!isEmulator)('control endpoints', () => {
  let emulator: QboEmulator;
  let url: string;
  beforeAll(async () => {
    emulator = createQboEmulator();
    ({ url } = await emulator.listen(0));
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('POST /realms creates a seeded company and the next authorize consents to it', async () => {
    await control(url, 'POST', '/clients', {
      clientId: TEST_CLIENT.clientId,
      clientSecret: TEST_CLIENT.clientSecret,
      redirectUris: [TEST_CLIENT.redirectUri],
    });
    const r = await control(url, 'POST', '/realms', { companyName: 'Newest Co', country: 'US' });
    expect(r.status).toBe(201);
    const auth = new URL(`${url}/connect/oauth2`);
    auth.search = new URLSearchParams({
      client_id: TEST_CLIENT.clientId,
      redirect_uri: TEST_CLIENT.redirectUri,
      response_type: 'code',
      scope: 'com.intuit.quickbooks.accounting',
      state: 'x',
    }).toString();
    const res = await fetch(auth, { redirect: 'manual' });
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('realmId')).toBe(r.json.realmId);
    const stats = await control(url, 'GET', `/realms/${r.json.realmId}/stats`);
    expect(stats.json.entities.Account).toBeGreaterThan(10);
    expect(stats.json.entities.PaymentMethod).toBe(7);
    expect(stats.json.entities.Term).toBe(5);
  });

  it('?realmId= on authorize picks another existing company', async () => {
    const a = await control(url, 'POST', '/realms', { companyName: 'A' });
    await control(url, 'POST', '/realms', { companyName: 'B' });
    const auth = new URL(`${url}/connect/oauth2`);
    auth.search = new URLSearchParams({
      client_id: TEST_CLIENT.clientId,
      redirect_uri: TEST_CLIENT.redirectUri,
      response_type: 'code',
      scope: 'com.intuit.quickbooks.accounting',
      realmId: a.json.realmId,
    }).toString();
    const res = await fetch(auth, { redirect: 'manual' });
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('realmId')).toBe(a.json.realmId);
  });

  it('invalid bodies and unknown realms get 400/404 with a code', async () => {
    expect((await control(url, 'POST', '/clients', { clientId: 'x' })).status).toBe(400);
    expect((await control(url, 'PUT', '/limits', { perSecond: -1 })).status).toBe(400);
    const missing = await control(url, 'GET', '/realms/nope/stats');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('unknown_realm');
  });

  it('stats count admitted calls by kind and the items of batch calls', async () => {
    const conn = await connect(url);
    const call = (path: string, init: RequestInit = {}) =>
      fetch(`${url}/v3/company/${conn.realmId}/${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${conn.accessToken}`, 'Content-Type': 'application/json' },
      });
    await call('query?query=select%20*%20from%20Term');
    await call('companyinfo/1');
    await call('customer', { method: 'POST', body: JSON.stringify({ DisplayName: 'Stats Co' }) });
    const items = [1, 2, 3].map((i) => ({ bId: `q${i}`, Query: 'select * from Term' }));
    await call('batch', { method: 'POST', body: JSON.stringify({ BatchItemRequest: items }) });
    await control(url, 'PUT', '/limits', { perSecond: 1 });
    await call('preferences');
    const throttled = await call('companyinfo/1');
    await control(url, 'PUT', '/limits', { enabled: true });
    expect(throttled.status).toBe(429);
    const stats = await control(url, 'GET', `/realms/${conn.realmId}/stats`);
    expect(stats.json.requests).toBe(6);
    expect(stats.json.throttled).toBe(1);
    expect(stats.json.admitted).toEqual({ query: 1, read: 2, write: 1, batch: 1, batchItems: 3 });
  });

  it('POST /reset forgets everything', async () => {
    const conn = await connect(url);
    expect((await control(url, 'POST', '/reset')).status).toBe(200);
    expect((await control(url, 'GET', `/realms/${conn.realmId}/stats`)).status).toBe(404);
    const api = await fetch(`${url}/v3/company/${conn.realmId}/preferences`, {
      headers: { Authorization: `Bearer ${conn.accessToken}` },
    });
    expect(api.status).toBe(401);
  });
});
