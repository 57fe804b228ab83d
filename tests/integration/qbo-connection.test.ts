import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QboError } from '../../activities/qbo/errors';
import { findConnection } from '../../db/queries/qbo-connections';
import { entityLinks, qboConnections } from '../../db/schema';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../support/database';
import { startQboStack, type QboStack } from './support/qbo-stack';
import { connectTestTemporal } from './support/temporal';

describe('QuickBooks connection: OAuth connect and reconnect, encrypted tokens, safe refresh', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let stack: QboStack;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    // Strict rotation: a superseded refresh token fails at once, so a second refresher would get invalid_grant.
    stack = await startQboStack(database.db, temporal.client, {
      refreshTokenGraceMs: 0,
      refreshTokenRotateAfterMs: 0,
    });
  });
  afterAll(async () => {
    await stack?.close();
    await temporal?.close();
    await database?.close();
  });

  async function enabledTenant(): Promise<string> {
    const tenantId = uniqueTenantId('conn');
    const res = await stack.api(`/api/v1/tenants/${tenantId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Rentals & Co', qboEnabled: true }),
    });
    expect(res.status).toBe(200);
    return tenantId;
  }

  async function connected(
    companyName = 'Sandbox Rentals LLC',
  ): Promise<{ tenantId: string; realmId: string }> {
    const tenantId = await enabledTenant();
    const realmId = await stack.createRealm(companyName);
    const res = await stack.connect(tenantId, { realmId });
    expect(res.status).toBe(200);
    return { tenantId, realmId };
  }

  /** Makes the stored access token look expired, as an hour passing would. */
  const ageAccessToken = (tenantId: string) =>
    database.db
      .update(qboConnections)
      .set({ accessTokenIssuedAt: sql`now() - interval '2 hours'` })
      .where(eq(qboConnections.tenantId, tenantId));

  it('connects through the real redirects, stores the company name and encrypted tokens', async () => {
    const tenantId = await enabledTenant();
    const realmId = await stack.createRealm('Crème Brûlée Rentals');
    const res = await stack.connect(tenantId, { realmId });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Crème Brûlée Rentals');

    const status = await (await stack.api(`/api/v1/tenants/${tenantId}/qbo/connection`)).json();
    expect(status).toMatchObject({
      status: 'connected',
      realmId,
      companyName: 'Crème Brûlée Rentals',
      environment: 'emulator',
    });

    const row = await findConnection(database.db, tenantId);
    expect(row?.accessTokenEnc).toMatch(/^v1\./);
    const access = stack.qbo.crypto.decrypt(row?.accessTokenEnc ?? '', tenantId);
    const refresh = stack.qbo.crypto.decrypt(row?.refreshTokenEnc ?? '', tenantId);
    const raw = JSON.stringify(
      await database.sql`select * from qbo_sync.qbo_connections where tenant_id = ${tenantId}`,
    );
    expect(raw).not.toContain(access);
    expect(raw).not.toContain(refresh);
    expect(row).toMatchObject({ accessTokenExpiresIn: 3600, refreshTokenExpiresIn: 8_726_400 });
  });

  it('returns the consent URL as JSON on request', async () => {
    const tenantId = await enabledTenant();
    const res = await stack.api(`/api/v1/tenants/${tenantId}/qbo/connect?format=json`);
    const { authorizeUrl } = (await res.json()) as { authorizeUrl: string };
    const url = new URL(authorizeUrl);
    expect(url.origin + url.pathname).toBe(`${stack.emulatorUrl}/connect/oauth2`);
    expect(url.searchParams.get('scope')).toBe('com.intuit.quickbooks.accounting');
    expect(url.searchParams.get('state')?.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses a tenant whose feature flag is off, and calls without the API token', async () => {
    const tenantId = uniqueTenantId('off');
    await stack.api(`/api/v1/tenants/${tenantId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Off', qboEnabled: false }),
    });
    const res = await stack.api(`/api/v1/tenants/${tenantId}/qbo/connect`, { redirect: 'manual' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'feature_disabled' } });
    const anonymous = await fetch(`${stack.apiUrl}/api/v1/tenants/${tenantId}/qbo/connect`, {
      redirect: 'manual',
    });
    expect(anonymous.status).toBe(401);
  });

  it('refuses a replayed or tampered state and changes nothing', async () => {
    const tenantId = await enabledTenant();
    const realmId = await stack.createRealm('Replay Co');
    const start = await stack.api(`/api/v1/tenants/${tenantId}/qbo/connect`, { redirect: 'manual' });
    const authorize = new URL(start.headers.get('location') ?? '');
    authorize.searchParams.set('realmId', realmId);
    const callback = (await fetch(authorize, { redirect: 'manual' })).headers.get('location') ?? '';

    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    expect((await fetch(tampered)).status).toBe(400);
    expect(await findConnection(database.db, tenantId)).toBeNull();

    expect((await fetch(callback)).status).toBe(200);
    const replay = await fetch(callback);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('already used');
  });

  it('refuses reconnecting to a different company, but reconnects the same one', async () => {
    const { tenantId, realmId } = await connected('First Company');
    await database.db.insert(entityLinks).values({ tenantId, entity: 'customer', bproId: 'c1', qboId: '1' });
    const other = await stack.createRealm('Second Company');
    const refused = await stack.connect(tenantId, { realmId: other });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('First Company');
    expect(await findConnection(database.db, tenantId)).toMatchObject({ realmId, status: 'connected' });

    expect((await stack.connect(tenantId, { realmId })).status).toBe(200);
    expect(
      await database.db.select().from(entityLinks).where(eq(entityLinks.tenantId, tenantId)),
    ).toHaveLength(1);

    // After a disconnect another company is allowed, and links into the old one are dropped.
    const disconnect = await stack.api(`/api/v1/tenants/${tenantId}/qbo/connection`, { method: 'DELETE' });
    expect(await disconnect.json()).toMatchObject({ status: 'disconnected' });
    expect((await stack.connect(tenantId, { realmId: other })).status).toBe(200);
    expect(await findConnection(database.db, tenantId)).toMatchObject({
      realmId: other,
      companyName: 'Second Company',
    });
    expect(
      await database.db.select().from(entityLinks).where(eq(entityLinks.tenantId, tenantId)),
    ).toHaveLength(0);
  });

  it('refreshes an access token QBO rejects, without the caller noticing', async () => {
    const { tenantId, realmId } = await connected();
    const before = await findConnection(database.db, tenantId);
    await stack.control('POST', `/realms/${realmId}/expire-tokens`);
    const info = await stack.qbo.clientFor(tenantId).companyInfo();
    expect(info.CompanyName).toBe('Sandbox Rentals LLC');
    const after = await findConnection(database.db, tenantId);
    expect(after?.accessTokenEnc).not.toBe(before?.accessTokenEnc);
    expect(after?.refreshTokenEnc).not.toBe(before?.refreshTokenEnc);
  });

  it('lets N concurrent callers that need a refresh cause exactly one token call (strict rotation)', async () => {
    const { tenantId } = await connected();
    await ageAccessToken(tenantId);
    const refresh = vi.spyOn(stack.qbo.oauth, 'refresh');
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, () => stack.qbo.clientFor(tenantId).companyInfo()),
      );
      expect(results.every((r) => r.CompanyName === 'Sandbox Rentals LLC')).toBe(true);
      expect(refresh).toHaveBeenCalledTimes(1);
    } finally {
      refresh.mockRestore();
    }
    expect(await findConnection(database.db, tenantId)).toMatchObject({ status: 'connected' });
  });

  it('marks a revoked connection reauth_required with the reason, and does not retry it', async () => {
    const { tenantId, realmId } = await connected();
    await stack.control('POST', `/realms/${realmId}/revoke`);
    await ageAccessToken(tenantId);
    const error = await stack.qbo
      .clientFor(tenantId)
      .companyInfo()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QboError);
    expect(error).toMatchObject({ type: 'auth_revoked', retryable: false });
    const row = await findConnection(database.db, tenantId);
    expect(row).toMatchObject({ status: 'reauth_required' });
    expect(row?.lastError).toMatch(/invalid_grant/);
    const status = await (await stack.api(`/api/v1/tenants/${tenantId}/qbo/connection`)).json();
    expect(status).toMatchObject({ status: 'reauth_required' });

    // Reconnecting the same company brings it back.
    expect((await stack.connect(tenantId, { realmId })).status).toBe(200);
    expect(await findConnection(database.db, tenantId)).toMatchObject({
      status: 'connected',
      lastError: null,
    });
  });

  it('lists only cash-based accounts for the refund account choice', async () => {
    const { tenantId } = await connected();
    const res = await stack.api(`/api/v1/tenants/${tenantId}/qbo/accounts?kind=cash`);
    expect(res.status).toBe(200);
    const { accounts } = (await res.json()) as { accounts: Array<{ name: string; type: string }> };
    expect(accounts.length).toBeGreaterThan(0);
    expect(new Set(accounts.map((a) => a.type))).toEqual(new Set(['Bank', 'Other Current Asset']));
    expect(accounts.map((a) => a.name)).toEqual(expect.arrayContaining(['Checking', 'Undeposited Funds']));
  });
});
