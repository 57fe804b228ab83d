// The company's kind, read at connect (CompanyInfo Country and SubscriptionStatus, Preferences
// CurrencyPrefs): stored on the connection, shown by the connection API and the management page;
// a company outside the US and Canada is refused with the reason, nothing saved and its grant revoked;
// a Canadian one is accepted.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OAuthGrantError } from '../../activities/qbo/oauth';
import { signPageLink } from '../../api/pages/access';
import { findConnection } from '../../db/queries/qbo-connections';
import { entityLinks } from '../../db/schema';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../support/database';
import { API_TOKEN, startQboStack, type QboStack } from './support/qbo-stack';
import { connectTestTemporal } from './support/temporal';

const REFUSAL = 'Only US and Canadian QuickBooks companies are supported for now; this company is in GB.';

describe('company kind at connect', () => {
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

  async function enabledTenant(): Promise<string> {
    const tenantId = uniqueTenantId('kind');
    const res = await stack.api(`/api/v1/tenants/${tenantId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Kind Rentals', qboEnabled: true }),
    });
    expect(res.status).toBe(200);
    return tenantId;
  }

  const connection = async (tenantId: string) =>
    (await stack.api(`/api/v1/tenants/${tenantId}/qbo/connection`)).json() as Promise<
      Record<string, unknown>
    >;

  const pageUrl = (tenantId: string, rest = '') => `${stack.apiUrl}/tenants/${tenantId}/quickbooks${rest}`;
  const get = (url: string, cookie?: string) =>
    fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  async function signIn(tenantId: string): Promise<string> {
    const res = await get(`${stack.apiUrl}${signPageLink(API_TOKEN, tenantId)}`);
    expect(res.status).toBe(303);
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  it('stores country, home currency, multicurrency and subscription; the API and the page show them', async () => {
    const tenantId = await enabledTenant();
    const realmId = await stack.createRealm('Liberty Tents', { multicurrency: true, homeCurrency: 'USD' });
    expect((await stack.connect(tenantId, { realmId })).status).toBe(200);

    expect(await findConnection(database.db, tenantId)).toMatchObject({
      status: 'connected',
      country: 'US',
      homeCurrency: 'USD',
      multicurrency: true,
      subscriptionStatus: 'SUBSCRIBED',
    });
    expect(await connection(tenantId)).toMatchObject({
      status: 'connected',
      realmId,
      companyName: 'Liberty Tents',
      country: 'US',
      homeCurrency: 'USD',
      multicurrency: true,
      subscriptionStatus: 'SUBSCRIBED',
    });

    const page = await (await get(pageUrl(tenantId), await signIn(tenantId))).text();
    expect(page).toMatch(/id="company-country">US</);
    expect(page).toMatch(/id="company-currency">USD</);
    expect(page).toContain('id="company-multicurrency">On: invoices, payments and refunds are sent in USD<');
    expect(page).toMatch(/id="company-subscription">SUBSCRIBED</);
  });

  it('a company without multicurrency: multicurrency false', async () => {
    const tenantId = await enabledTenant();
    const realmId = await stack.createRealm('Plain Tents');
    expect((await stack.connect(tenantId, { realmId })).status).toBe(200);
    expect(await connection(tenantId)).toMatchObject({
      country: 'US',
      homeCurrency: 'USD',
      multicurrency: false,
    });
    const page = await (await get(pageUrl(tenantId), await signIn(tenantId))).text();
    expect(page).toMatch(/id="company-multicurrency">Off</);
  });

  it('accepts a Canadian company and stores its country', async () => {
    const tenantId = await enabledTenant();
    const realmId = await stack.createRealm('Maple Tents', { country: 'CA' });
    expect((await stack.connect(tenantId, { realmId })).status).toBe(200);
    expect(await findConnection(database.db, tenantId)).toMatchObject({
      realmId,
      country: 'CA',
      homeCurrency: 'CAD',
    });
  });

  it('refuses a UK company with the reason: nothing saved, the grant revoked', async () => {
    const tenantId = await enabledTenant();
    const realmId = await stack.createRealm('Thames Tents', {
      country: 'GB',
      multicurrency: true,
      homeCurrency: 'GBP',
    });
    const revoke = vi.spyOn(stack.qbo.oauth, 'revoke');
    try {
      const res = await stack.connect(tenantId, { realmId });
      expect(res.status).toBe(403);
      const text = await res.text();
      expect(text).toContain('Connection failed');
      expect(text).toContain(REFUSAL);
      expect(revoke).toHaveBeenCalledTimes(1);
      // The refresh token the callback obtained no longer works at Intuit.
      const token = revoke.mock.calls[0]?.[0] ?? '';
      await expect(stack.qbo.oauth.refresh(token)).rejects.toBeInstanceOf(OAuthGrantError);
    } finally {
      revoke.mockRestore();
    }
    expect(await findConnection(database.db, tenantId)).toBeNull();
    expect(await connection(tenantId)).toMatchObject({
      status: 'disconnected',
      realmId: null,
      country: null,
      multicurrency: null,
    });
  });

  it('from the management page: back to it with the reason, still not connected', async () => {
    const tenantId = await enabledTenant();
    await stack.createRealm('Thames Page Tents', { country: 'GB' });
    const cookie = await signIn(tenantId);
    const page = await (await get(pageUrl(tenantId), cookie)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const start = await fetch(pageUrl(tenantId, '/connect'), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ csrf }).toString(),
    });
    expect(start.status).toBe(303);
    // The emulator's consent picks the newest company (the UK one).
    const consent = await fetch(start.headers.get('location') ?? '', { redirect: 'manual' });
    const back = await get(consent.headers.get('location') ?? '', cookie);
    expect(back.status).toBe(303);
    const location = back.headers.get('location') ?? '';
    expect(location).toBe(`/tenants/${tenantId}/quickbooks?unsupported=GB#connect-h`);

    const refused = await (await get(`${stack.apiUrl}${location}`, cookie)).text();
    expect(refused).toContain('id="unsupported-company"');
    expect(refused).toContain(REFUSAL);
    expect(refused).toContain('Connect to QuickBooks');
    expect(await findConnection(database.db, tenantId)).toBeNull();
    // A crafted link cannot put markup on the page, and a US "refusal" shows nothing.
    const crafted = await (await get(pageUrl(tenantId, '?unsupported=%3Cb%3EX'), cookie)).text();
    expect(crafted).toContain('this company is in &lt;b&gt;X.');
    const us = await (await get(pageUrl(tenantId, '?unsupported=US'), cookie)).text();
    expect(us).not.toContain('id="unsupported-company"');
  });

  it('leaves an earlier, disconnected connection and its links untouched', async () => {
    const tenantId = await enabledTenant();
    const realmId = await stack.createRealm('First US Tents');
    expect((await stack.connect(tenantId, { realmId })).status).toBe(200);
    await database.db.insert(entityLinks).values({ tenantId, entity: 'customer', bproId: 'c1', qboId: '1' });
    const disconnect = await stack.api(`/api/v1/tenants/${tenantId}/qbo/connection`, { method: 'DELETE' });
    expect(disconnect.status).toBe(200);

    const british = await stack.createRealm('Thames Again', { country: 'GB' });
    expect((await stack.connect(tenantId, { realmId: british })).status).toBe(403);
    expect(await findConnection(database.db, tenantId)).toMatchObject({
      realmId,
      status: 'disconnected',
      companyName: 'First US Tents',
      country: 'US',
    });
    expect(
      await database.db.select().from(entityLinks).where(eq(entityLinks.tenantId, tenantId)),
    ).toHaveLength(1);
  });
});
