/* eslint-disable @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// OAuth 2.0 endpoints (qbo-api.md §1): emulator-only, since a real consent needs a browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQboEmulator } from '../../qbo-emulator/server';
import type { EmulatorOptionsInput } from '../../qbo-emulator/options';
import { basic, control, isEmulator, TEST_CLIENT } from './support/target';

const SCOPE = 'com.intuit.quickbooks.accounting';

async function start(options: EmulatorOptionsInput = {}) {
  const emulator = createQboEmulator(options);
  const { url } = await emulator.listen(0);
  await control(url, 'POST', '/clients', {
    clientId: TEST_CLIENT.clientId,
    clientSecret: TEST_CLIENT.clientSecret,
    redirectUris: [TEST_CLIENT.redirectUri],
  });
  const realm = await control(url, 'POST', '/realms', { companyName: 'OAuth Co' });
  return { emulator, url, realmId: String(realm.json.realmId) };
}

function authorizeUrl(base: string, params: Record<string, string>): string {
  return `${base}/connect/oauth2?${new URLSearchParams({ client_id: TEST_CLIENT.clientId, redirect_uri: TEST_CLIENT.redirectUri, response_type: 'code', scope: SCOPE, state: 'st4te', ...params }).toString()}`;
}

async function getCode(base: string, params: Record<string, string> = {}) {
  const res = await fetch(authorizeUrl(base, params), { redirect: 'manual' });
  const loc = new URL(res.headers.get('location') ?? 'http://invalid/');
  return { res, loc, code: loc.searchParams.get('code') ?? '' };
}

async function token(base: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/oauth2/v1/tokens/bearer`, {
    method: 'POST',
    headers: {
      Authorization: basic(),
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

async function exchange(base: string) {
  const { code } = await getCode(base);
  return token(base, { grant_type: 'authorization_code', code, redirect_uri: TEST_CLIENT.redirectUri });
}

async function apiStatus(base: string, realmId: string, accessToken: string): Promise<number> {
  const res = await fetch(`${base}/v3/company/${realmId}/companyinfo/${realmId}`, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
  });
  await res.text();
  return res.status;
}

describe.skipIf(!isEmulator)('OAuth 2.0', () => {
  let e: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    e = await start();
  });
  afterAll(async () => {
    await e.emulator.close();
  });

  it('authorize auto-consents and redirects with code, state and realmId', async () => {
    const { res, loc } = await getCode(e.url);
    expect(res.status).toBe(302);
    expect(`${loc.origin}${loc.pathname}`).toBe(TEST_CLIENT.redirectUri);
    expect(loc.searchParams.get('code')).toMatch(/^.{20,512}$/);
    expect(loc.searchParams.get('state')).toBe('st4te');
    expect(loc.searchParams.get('realmId')).toBe(e.realmId);
  });

  it('authorize refuses an unknown client and an unregistered redirect URI without redirecting', async () => {
    const unknown = await fetch(authorizeUrl(e.url, { client_id: 'nope' }), {
      redirect: 'manual',
      headers: { Accept: 'application/json' },
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'invalid_client' });
    const badUri = await fetch(authorizeUrl(e.url, { redirect_uri: 'https://evil.example/cb' }), {
      redirect: 'manual',
    });
    expect(badUri.status).toBe(400);
    expect(badUri.headers.get('location')).toBeNull();
  });

  it('exchanges a code for tokens with QBO lifetimes and an intuit_tid header', async () => {
    const r = await exchange(e.url);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      token_type: 'bearer',
      expires_in: 3600,
      x_refresh_token_expires_in: 8_726_400,
    });
    expect(typeof r.json['access_token']).toBe('string');
    expect(typeof r.json['refresh_token']).toBe('string');
    expect(r.json['x_refresh_token_hard_expires_in']).toBeUndefined();
    expect(r.headers.get('intuit_tid')).toBeTruthy();
  });

  it('adds x_refresh_token_hard_expires_in only when the opt-in header is sent', async () => {
    const { code } = await getCode(e.url);
    const r = await token(
      e.url,
      { grant_type: 'authorization_code', code, redirect_uri: TEST_CLIENT.redirectUri },
      { 'x-include-refresh-token-hard-expires-in': 'true' },
    );
    expect(r.json['x_refresh_token_hard_expires_in']).toBeGreaterThan(150_000_000);
  });

  it('codes are single-use: a second exchange is invalid_grant and poisons the first tokens', async () => {
    const { code } = await getCode(e.url);
    const form = { grant_type: 'authorization_code', code, redirect_uri: TEST_CLIENT.redirectUri };
    const first = await token(e.url, form);
    expect(first.status).toBe(200);
    const second = await token(e.url, form);
    expect(second.status).toBe(400);
    expect(second.json).toMatchObject({ error: 'invalid_grant' });
    const refresh = await token(e.url, {
      grant_type: 'refresh_token',
      refresh_token: String(first.json['refresh_token']),
    });
    expect(refresh.json).toMatchObject({ error: 'invalid_grant' });
  });

  it('rejects bad client credentials with 401 invalid_client', async () => {
    const r = await token(
      e.url,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { Authorization: basic(TEST_CLIENT.clientId, 'wrong') },
    );
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: 'invalid_client' });
  });

  it('an unknown refresh token is invalid_grant', async () => {
    const r = await token(e.url, { grant_type: 'refresh_token', refresh_token: 'AB11nonsense' });
    expect(r.status).toBe(400);
    expect(r.json['error']).toBe('invalid_grant');
  });

  it('refresh within the rotation window returns the same refresh token and a new access token', async () => {
    const first = await exchange(e.url);
    const r = await token(e.url, {
      grant_type: 'refresh_token',
      refresh_token: String(first.json['refresh_token']),
    });
    expect(r.status).toBe(200);
    expect(r.json['refresh_token']).toBe(first.json['refresh_token']);
    expect(r.json['access_token']).not.toBe(first.json['access_token']);
  });

  it('revoke disconnects: the refresh token gets invalid_grant and the API 401', async () => {
    const t = await exchange(e.url);
    const res = await fetch(`${e.url}/v2/oauth2/tokens/revoke`, {
      method: 'POST',
      headers: { Authorization: basic(), 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ token: t.json['refresh_token'] }),
    });
    expect(res.status).toBe(200);
    const r = await token(e.url, {
      grant_type: 'refresh_token',
      refresh_token: String(t.json['refresh_token']),
    });
    expect(r.json['error']).toBe('invalid_grant');
    expect(await apiStatus(e.url, e.realmId, String(t.json['access_token']))).toBe(401);
  });

  it('control: expire-tokens makes the next API call 401, and a refresh recovers', async () => {
    const t = await exchange(e.url);
    expect(await apiStatus(e.url, e.realmId, String(t.json['access_token']))).toBe(200);
    expect((await control(e.url, 'POST', `/realms/${e.realmId}/expire-tokens`)).status).toBe(200);
    expect(await apiStatus(e.url, e.realmId, String(t.json['access_token']))).toBe(401);
    const r = await token(e.url, {
      grant_type: 'refresh_token',
      refresh_token: String(t.json['refresh_token']),
    });
    expect(await apiStatus(e.url, e.realmId, String(r.json['access_token']))).toBe(200);
  });

  it('control: revoke makes the next refresh invalid_grant', async () => {
    const t = await exchange(e.url);
    await control(e.url, 'POST', `/realms/${e.realmId}/revoke`);
    const r = await token(e.url, {
      grant_type: 'refresh_token',
      refresh_token: String(t.json['refresh_token']),
    });
    expect(r.json['error']).toBe('invalid_grant');
  });
});

describe.skipIf(!isEmulator)('refresh-token rotation', () => {
  it('rotates the value and keeps the superseded one working during the grace period', async () => {
    const e = await start({ refreshTokenRotateAfterMs: 0 });
    try {
      const t = await exchange(e.url);
      const old = String(t.json['refresh_token']);
      const r1 = await token(e.url, { grant_type: 'refresh_token', refresh_token: old });
      expect(r1.json['refresh_token']).not.toBe(old);
      const r2 = await token(e.url, { grant_type: 'refresh_token', refresh_token: old });
      expect(r2.status).toBe(200);
      expect(r2.json['refresh_token']).toBe(r1.json['refresh_token']);
    } finally {
      await e.emulator.close();
    }
  });

  it('strict mode (no grace): the superseded value is invalid_grant at once', async () => {
    const e = await start({ refreshTokenRotateAfterMs: 0, refreshTokenGraceMs: 0 });
    try {
      const t = await exchange(e.url);
      const old = String(t.json['refresh_token']);
      const r1 = await token(e.url, { grant_type: 'refresh_token', refresh_token: old });
      expect(r1.status).toBe(200);
      const r2 = await token(e.url, { grant_type: 'refresh_token', refresh_token: old });
      expect(r2.status).toBe(400);
      expect(r2.json['error']).toBe('invalid_grant');
      const r3 = await token(e.url, {
        grant_type: 'refresh_token',
        refresh_token: String(r1.json['refresh_token']),
      });
      expect(r3.status).toBe(200);
    } finally {
      await e.emulator.close();
    }
  });

  it('access tokens expire after their lifetime (clock injected)', async () => {
    let now = Date.now();
    const e = await start({ now: () => now });
    try {
      const t = await exchange(e.url);
      expect(await apiStatus(e.url, e.realmId, String(t.json['access_token']))).toBe(200);
      now += 3600 * 1000;
      expect(await apiStatus(e.url, e.realmId, String(t.json['access_token']))).toBe(401);
    } finally {
      await e.emulator.close();
    }
  });
});
