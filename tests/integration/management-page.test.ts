// The QuickBooks Management page over plain HTTP (no browser): who gets in, forms without
// JavaScript, CSRF, the feature flag, the reconnect banner, escaping. The browser project drives
// the whole flow in Chromium (tests/browser/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPageLink } from '../../api/pages/access';
import { setConnectionStatus } from '../../db/queries/qbo-connections';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../support/database';
import { API_TOKEN, startQboStack, type QboStack } from './support/qbo-stack';
import { connectTestTemporal } from './support/temporal';

describe('QuickBooks Management page (HTTP)', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let stack: QboStack;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    stack = await startQboStack(database.db, temporal.client);
  });
  afterAll(async () => {
    await stack?.close();
    await temporal?.close();
    await database?.close();
  });

  async function tenant(options: { enabled?: boolean; name?: string } = {}): Promise<string> {
    const tenantId = uniqueTenantId('page');
    const res = await stack.api(`/api/v1/tenants/${tenantId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: options.name ?? 'Party Rentals', qboEnabled: options.enabled ?? true }),
    });
    expect(res.status).toBe(200);
    return tenantId;
  }

  const pageUrl = (tenantId: string, rest = '') => `${stack.apiUrl}/tenants/${tenantId}/quickbooks${rest}`;
  const get = (url: string, cookie?: string) =>
    fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const post = (url: string, form: Record<string, string>, cookie?: string) =>
    fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(form).toString(),
    });

  /** Follows a signed link; returns the session cookie (`name=value`). */
  async function signIn(tenantId: string): Promise<string> {
    const res = await get(`${stack.apiUrl}${signPageLink(API_TOKEN, tenantId)}`);
    expect(res.status).toBe(303);
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

  it('answers 401 with how to get in, and never puts a secret in the page', async () => {
    const tenantId = await tenant();
    const res = await get(pageUrl(tenantId));
    expect(res.status).toBe(401);
    const page = await res.text();
    expect(page).toContain('Customize → More → QuickBooks Management');
    expect(page).toContain(`action="/tenants/${tenantId}/quickbooks/sign-in"`);
    expect(page).not.toContain(API_TOKEN);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('trades a valid signed link for an httpOnly, SameSite=Lax session and a clean URL', async () => {
    const tenantId = await tenant();
    const res = await get(`${stack.apiUrl}${signPageLink(API_TOKEN, tenantId)}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/tenants/${tenantId}/quickbooks`);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^qbo_page_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const page = await get(pageUrl(tenantId), cookie.split(';')[0]);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).not.toContain(API_TOKEN);
    expect(body).not.toContain(cookie.split(';')[0]?.split('=')[1] ?? '-');
  });

  it('refuses forged, expired and other-tenant links, and a session of another tenant', async () => {
    const [a, b] = await Promise.all([tenant(), tenant()]);
    const link = new URL(`${stack.apiUrl}${signPageLink(API_TOKEN, a)}`);
    expect((await get(pageUrl(b, link.search))).status).toBe(401);
    link.searchParams.set('t', String(Number(link.searchParams.get('t')) + 3600));
    expect((await get(link.toString())).status).toBe(401);
    const expired = await get(`${stack.apiUrl}${signPageLink(API_TOKEN, a, { ttlSeconds: -1 })}`);
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain('expired');
    expect((await get(`${stack.apiUrl}${signPageLink('another-token-0123456789abcdef', a)}`)).status).toBe(
      401,
    );
    const cookieA = await signIn(a);
    expect((await get(pageUrl(b), cookieA)).status).toBe(401);
    expect((await get(pageUrl(a, '/initial-sync.json'), undefined)).status).toBe(401);
    expect((await get(pageUrl(b, '/initial-sync.json'), cookieA)).status).toBe(401);
  });

  it('lets support sign in with the API token', async () => {
    const tenantId = await tenant();
    const wrong = await post(pageUrl(tenantId, '/sign-in'), { token: 'nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('not valid');
    const right = await post(pageUrl(tenantId, '/sign-in'), { token: API_TOKEN });
    expect(right.status).toBe(303);
    const cookie = (right.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await get(pageUrl(tenantId), cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Signed in as BPro support');
  });

  it('shows the support message when the feature is off', async () => {
    const tenantId = await tenant({ enabled: false });
    const page = await (await get(pageUrl(tenantId), await signIn(tenantId))).text();
    expect(page).toContain('Contact BPro support');
    expect(page).not.toContain('Connect to QuickBooks');
  });

  it('connects from the page with the session (no API token) and comes back to it', async () => {
    const tenantId = await tenant();
    const cookie = await signIn(tenantId);
    const page = await (await get(pageUrl(tenantId), cookie)).text();
    expect(page).toContain('Connect to QuickBooks');

    expect((await post(pageUrl(tenantId, '/connect'), { csrf: 'forged' }, cookie)).status).toBe(403);
    expect((await post(pageUrl(tenantId, '/connect'), { csrf: csrfOf(page) })).status).toBe(401);
    const start = await post(pageUrl(tenantId, '/connect'), { csrf: csrfOf(page) }, cookie);
    expect(start.status).toBe(303);
    const authorize = start.headers.get('location') ?? '';
    expect(authorize.startsWith(stack.emulatorUrl)).toBe(true);
    const callback = (await fetch(authorize, { redirect: 'manual' })).headers.get('location') ?? '';
    const back = await get(callback, cookie);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/tenants/${tenantId}/quickbooks?done=connected`);
    const connected = await (await get(pageUrl(tenantId, '?done=connected'), cookie)).text();
    expect(connected).toContain('id="company-name">Sandbox Company_US_1<');
    expect(connected).toContain('Start initial sync');
  });

  it('shows the reconnect banner with the reason, and escapes what it shows', async () => {
    const tenantId = await tenant({ name: 'Bob <script>alert(1)</script> & Co' });
    const realmId = await stack.createRealm('Crème <b>Brûlée</b>');
    expect((await stack.connect(tenantId, { realmId })).status).toBe(200);
    await setConnectionStatus(
      database.db,
      tenantId,
      'reauth_required',
      'QuickBooks refused the refresh token (invalid_grant).',
    );
    const res = await get(pageUrl(tenantId), await signIn(tenantId));
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('QuickBooks needs you to reconnect');
    expect(page).toContain('invalid_grant');
    expect(page).toContain('Reconnect to QuickBooks');
    expect(page).toContain('Crème &lt;b&gt;Brûlée&lt;/b&gt;');
    expect(page).toContain('Bob &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(page).not.toContain('<script>alert(1)');
  });

  it('refuses a bad settings form with the reason and changes nothing', async () => {
    const tenantId = await tenant();
    expect((await stack.connect(tenantId)).status).toBe(200);
    const cookie = await signIn(tenantId);
    const page = await (await get(pageUrl(tenantId), cookie)).text();
    const res = await post(
      pageUrl(tenantId, '/settings'),
      { csrf: csrfOf(page), startDate: '2026-01-01', refundAccountId: '999999' },
      cookie,
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('must be an active cash-based account');
    const settings = (await (await stack.api(`/api/v1/tenants/${tenantId}/qbo/settings`)).json()) as {
      startDate: string | null;
    };
    expect(settings.startDate).toBeNull();

    const ok = await post(
      pageUrl(tenantId, '/settings'),
      { csrf: csrfOf(page), startDate: '2026-01-01' },
      cookie,
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/tenants/${tenantId}/quickbooks?done=saved#options`);
    const saved = (await (await stack.api(`/api/v1/tenants/${tenantId}/qbo/settings`)).json()) as {
      startDate: string | null;
    };
    expect(saved.startDate).toBe('2026-01-01');
  });
});
