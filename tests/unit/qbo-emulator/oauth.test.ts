import { describe, expect, it } from 'vitest';
import { authorize, checkBearer, exchangeCode, refreshGrant } from '../../../qbo-emulator/oauth/service';
import { parseOptions, type EmulatorOptionsInput } from '../../../qbo-emulator/options';
import { createStore } from '../../../qbo-emulator/store';

const HOUR = 3600 * 1000;
const APP = { clientId: 'c', clientSecret: 's', redirectUris: ['http://localhost/cb'] };

function setup(opts: EmulatorOptionsInput = {}) {
  let now = Date.UTC(2026, 0, 1);
  const options = parseOptions({ ...opts, now: () => now });
  const store = createStore();
  store.clients.set(APP.clientId, APP);
  const go = authorize(
    store,
    options,
    {
      clientId: 'c',
      redirectUri: APP.redirectUris[0],
      responseType: 'code',
      scope: 'com.intuit.quickbooks.accounting',
      state: 's',
      realmId: undefined,
    },
    () => '123',
  );
  if (!go.ok) throw new Error('authorize failed');
  const code = new URL(go.value).searchParams.get('code') ?? '';
  const first = exchangeCode(store, options, APP, code, APP.redirectUris[0], false);
  if (!first.ok) throw new Error('exchange failed');
  return {
    store,
    options,
    tokens: first.value,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

describe('refresh-token rotation', () => {
  it('keeps the value within 24 h and rotates it after', () => {
    const s = setup();
    s.advance(2 * HOUR);
    const same = refreshGrant(s.store, s.options, APP, s.tokens.refresh_token, false);
    expect(same.ok && same.value.refresh_token).toBe(s.tokens.refresh_token);
    s.advance(23 * HOUR);
    const rotated = refreshGrant(s.store, s.options, APP, s.tokens.refresh_token, false);
    expect(rotated.ok && rotated.value.refresh_token).not.toBe(s.tokens.refresh_token);
  });

  it('the superseded value works for the grace period, then is invalid_grant', () => {
    const s = setup();
    s.advance(25 * HOUR);
    const rotated = refreshGrant(s.store, s.options, APP, s.tokens.refresh_token, false);
    expect(rotated.ok).toBe(true);
    s.advance(23 * HOUR);
    expect(refreshGrant(s.store, s.options, APP, s.tokens.refresh_token, false).ok).toBe(true);
    s.advance(2 * HOUR);
    const late = refreshGrant(s.store, s.options, APP, s.tokens.refresh_token, false);
    expect(late.ok ? undefined : late.body.error).toBe('invalid_grant');
  });

  it('an unused refresh token expires after x_refresh_token_expires_in', () => {
    const s = setup();
    s.advance(s.tokens.x_refresh_token_expires_in * 1000 + 1);
    expect(refreshGrant(s.store, s.options, APP, s.tokens.refresh_token, false).ok).toBe(false);
  });

  it('access tokens expire after expires_in', () => {
    const s = setup();
    expect(checkBearer(s.store, s.now(), `Bearer ${s.tokens.access_token}`)).toEqual({
      ok: true,
      realmId: '123',
    });
    s.advance(3600 * 1000);
    expect(checkBearer(s.store, s.now(), `Bearer ${s.tokens.access_token}`)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(checkBearer(s.store, s.now(), 'Basic abc')).toEqual({ ok: false, reason: 'malformed' });
    expect(checkBearer(s.store, s.now(), undefined)).toEqual({ ok: false, reason: 'missing' });
  });

  it('the hard cap field reports about five years', () => {
    const s = setup();
    const r = refreshGrant(s.store, s.options, APP, s.tokens.refresh_token, true);
    expect(r.ok && r.value.x_refresh_token_hard_expires_in).toBeGreaterThan(157_000_000);
  });
});
