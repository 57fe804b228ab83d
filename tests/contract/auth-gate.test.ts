/* eslint-disable @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// The gateway in front of the data API (qbo-api.md §3.3): 401 with the lowercase `fault`
// envelope for missing/invalid/expired tokens, 403/3100 for a token used on another realm.
import { describe, expect, it } from 'vitest';
import { useTarget } from './support/target';

describe('auth gate', () => {
  const t = useTarget();

  it('no Authorization header → 401 lowercase fault with code 3200', async () => {
    const r = await t.client.request('GET', `companyinfo/${t.client.realmId}`, { token: null });
    expect(r.status).toBe(401);
    expect(r.json.fault.error[0].code).toBe('3200');
    expect(r.json.fault.error[0].message).toContain('statusCode=401');
    expect(r.json.Fault).toBeUndefined();
  });

  it('an unknown bearer token → 401 lowercase fault', async () => {
    const r = await t.client.request('GET', `companyinfo/${t.client.realmId}`, {
      token: 'eyJnot-a-real-token',
    });
    expect(r.status).toBe(401);
    expect(r.json.fault.type).toBe('AUTHENTICATION');
  });

  it('a token used on another realm → 403 lowercase fault with code 3100', async () => {
    const url = `${t.client.apiBase}/v3/company/123145678901234/companyinfo/123145678901234?minorversion=75`;
    const res = await fetch(url, {
      headers: { Authorization: `Bearer ${t.client.accessToken}`, Accept: 'application/json' },
    });
    const json = (await res.json()) as { fault: { error: { code: string }[]; type: string } };
    expect(res.status).toBe(403);
    expect(json.fault.error[0]?.code).toBe('3100');
  });

  it('every response carries an intuit_tid header', async () => {
    const r = await t.client.request('GET', `companyinfo/${t.client.realmId}`);
    expect(r.headers.get('intuit_tid')).toBeTruthy();
  });
});
