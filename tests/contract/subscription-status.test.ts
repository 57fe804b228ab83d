/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- assertions walk QBO's untyped JSON responses */
// The company's subscription status (PUT /__emulator/realms/:realmId/subscription). Intuit,
// "Understand QuickBooks Online subscription statuses":
// https://developer.intuit.com/app/developer/qbo/docs/develop/troubleshooting/subscription-states
// CompanyInfo.SubscriptionStatus; TRIAL, TRIALOPTIN and SUBSCRIBED are read/write; "If your end-users'
// subscription status is canceled, expired, suspended, or restricted, your app is limited to read-only
// operations". Writes then get 6190 Invalid Company Status with HTTP 400 (Intuit blog "Top QuickBooks
// Online API errors", 2017; Intuit staff in intuit/QuickBooks-V3-PHP-SDK#211: "The API should return
// 400"); the Detail is the one quoted in that issue. Emulator only.
import { describe, expect, it } from 'vitest';
import { unique } from './support/client';
import { code, type Obj } from './support/business-rules';
import { isEmulator, useTarget } from './support/target';

describe.skipIf(!isEmulator)('subscription status', () => {
  const t = useTarget();
  const setStatus = (status: unknown) =>
    t.control('PUT', `/realms/${t.client.realmId}/subscription`, { status });
  const statusOf = async () => {
    const info = (await t.client.request('GET', `companyinfo/${t.client.realmId}`)).json.CompanyInfo;
    return (info.NameValue as Obj[]).find((nv) => nv['Name'] === 'SubscriptionStatus')?.['Value'];
  };

  it('a new company is SUBSCRIBED', async () => {
    expect(await statusOf()).toBe('SUBSCRIBED');
  });

  it('EXPIRED: CompanyInfo shows it, writes get 400 6190, reads and queries still work', async () => {
    expect((await setStatus('EXPIRED')).status).toBe(200);
    try {
      expect(await statusOf()).toBe('EXPIRED');
      const w = await t.client.create('Customer', { DisplayName: unique('Lapsed') });
      expect(w.status).toBe(400);
      expect(code(w)).toBe('6190');
      expect(w.json.Fault.Error[0].Message).toBe('Invalid Company Status');
      expect(w.json.Fault.Error[0].Detail).toContain('trial or subscription period ended');
      expect((await t.client.query('select * from Term')).status).toBe(200);
      expect((await t.client.request('GET', 'preferences')).status).toBe(200);
      const prefs = (await t.client.request('GET', 'preferences')).json.Preferences;
      const upd = await t.client.request('POST', 'preferences', {
        body: { SyncToken: prefs.SyncToken, sparse: true, SalesFormsPrefs: { AllowDiscount: true } },
      });
      expect(code(upd)).toBe('6190');
    } finally {
      await setStatus('SUBSCRIBED');
    }
  });

  it('in a batch, write items fail with 6190 and query items still answer', async () => {
    await setStatus('SUSPENDED');
    try {
      const r = await t.client.batch([
        { bId: 'w', operation: 'create', Customer: { DisplayName: unique('B') } },
        { bId: 'q', Query: 'select * from Term' },
      ]);
      expect(r.status).toBe(200);
      const [w, q] = r.json.BatchItemResponse;
      expect(w.Fault.Error[0].code).toBe('6190');
      expect(q.QueryResponse.Term.length).toBeGreaterThan(0);
    } finally {
      await setStatus('SUBSCRIBED');
    }
  });

  it('every read-only status refuses writes; TRIAL and TRIALOPTIN allow them', async () => {
    try {
      for (const status of ['RESTRICTED', 'SUSPENDED', 'EXPIRED', 'CANCELLED']) {
        await setStatus(status);
        expect(code(await t.client.create('Customer', { DisplayName: unique(status) })), status).toBe('6190');
      }
      for (const status of ['TRIAL', 'TRIALOPTIN', 'SUBSCRIBED']) {
        await setStatus(status);
        const r = await t.client.create('Customer', { DisplayName: unique(status) });
        expect(r.status, `${status} ${r.text}`).toBe(200);
      }
    } finally {
      await setStatus('SUBSCRIBED');
    }
  });

  it('an unknown status is a 400, an unknown realm a 404', async () => {
    const bad = await setStatus('FREE');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_request');
    expect((await t.control('PUT', '/realms/nope/subscription', { status: 'TRIAL' })).status).toBe(404);
  });
});
