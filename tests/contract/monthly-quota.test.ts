/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// The app's monthly CorePlus quota is used up (PUT /__emulator/realms/:realmId/quota), qbo-api.md §4.3.
// Intuit, "Understanding Builder tier API limits" (blogs.intuit.com, 2026-01-08): past 500,000
// CorePlus calls a month "all further CorePlus API calls will be blocked until the following month";
// CorePlus = data out (reads, queries, CDC), Core = data in (creates, updates, deletes), unmetered
// (https://developer.intuit.com/app/developer/qbo/docs/learn/limits-and-throttles). The blocked call
// gets 429 ThrottleExceeded (error 003001), as integrators report (Rutter help: "Intuit returns a 429
// ThrottleExceeded error (error code 003001)"); the body is the gateway's XML throttle body and no
// Retry-After is sent (the block lasts until next month). Batch calls count as Core [UNCONFIRMED].
// Emulator only.
import { describe, expect, it } from 'vitest';
import { unique } from './support/client';
import { cdc } from './support/cdc';
import { isEmulator, useTarget } from './support/target';

describe.skipIf(!isEmulator)('monthly quota', () => {
  const t = useTarget({ emulatorOptions: { retryAfterSeconds: 30 } });
  const quota = (body: unknown) => t.control('PUT', `/realms/${t.client.realmId}/quota`, body);

  it('exhausted: reads, queries and CDC get the XML 429 ThrottleExceeded without Retry-After', async () => {
    expect((await quota({ exhausted: true })).json).toMatchObject({ exhausted: true });
    try {
      const calls = [
        await t.client.request('GET', `companyinfo/${t.client.realmId}`),
        await t.client.read('Term', '1'),
        await t.client.query('select * from Customer'),
        await t.client.request('POST', 'query', {
          rawBody: 'select * from Term',
          contentType: 'application/text',
        }),
        await cdc(t, 'Customer', new Date().toISOString()),
      ];
      for (const r of calls) {
        expect(r.status).toBe(429);
        expect(r.headers.get('content-type')).toContain('xml');
        expect(r.text).toContain('<Error code="3001">');
        expect(r.text).toContain('message=ThrottleExceeded; errorCode=003001; statusCode=429');
        expect(r.headers.get('retry-after')).toBeNull();
      }
    } finally {
      await quota({ exhausted: false });
    }
  });

  it('exhausted: creates, updates and batch calls still work', async () => {
    await quota({ exhausted: true });
    try {
      const c = await t.client.create('Customer', { DisplayName: unique('Core') });
      expect(c.status, c.text).toBe(200);
      const u = await t.client.update('Customer', {
        Id: c.json.Customer.Id,
        SyncToken: c.json.Customer.SyncToken,
        sparse: true,
        Notes: 'still writing',
      });
      expect(u.status, u.text).toBe(200);
      const b = await t.client.batch([
        { bId: '1', operation: 'create', Customer: { DisplayName: unique('B') } },
      ]);
      expect(b.status, b.text).toBe(200);
    } finally {
      await quota({ exhausted: false });
    }
  });

  it('blocked calls count as throttled in the stats; lifting the quota restores reads', async () => {
    const before = (await t.control('GET', `/realms/${t.client.realmId}/stats`)).json;
    await quota({ exhausted: true });
    await t.client.request('GET', 'preferences');
    await quota({ exhausted: false });
    const after = (await t.control('GET', `/realms/${t.client.realmId}/stats`)).json;
    expect(after.throttled).toBe(before.throttled + 1);
    expect((await t.client.request('GET', 'preferences')).status).toBe(200);
  });

  it('a bad body is a 400, an unknown realm a 404', async () => {
    expect((await quota({ exhausted: 'yes' })).status).toBe(400);
    expect((await quota({})).status).toBe(400);
    expect((await t.control('PUT', '/realms/nope/quota', { exhausted: true })).status).toBe(404);
  });
});
