// The sync API's settings over HTTP: defaults, the payment methods QuickBooks has, saving, and
// refusing bad input (set-up: support/api-sync-stack.ts; no worker polls the API's task queue).
import { describe, expect, it } from 'vitest';
import { findSyncSettings } from '../../db/queries/settings';
import { BPRO_PAYMENT_METHODS, IN_QBO, jsonInit, pmId, useApiSyncStack } from './support/api-sync-stack';

describe('sync API', () => {
  const env = useApiSyncStack();
  const { call, tenant, connectedTenant, seedPaymentMethods } = env;

  describe('settings', () => {
    it('shows defaults and, per BPro payment method, whether QuickBooks has one of exactly that name', async () => {
      const { tenantId } = await connectedTenant();
      await seedPaymentMethods(tenantId);
      const { status, body } = await call(`/api/v1/tenants/${tenantId}/qbo/settings`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ startDate: null, refundAccount: null });
      const methods = body.paymentMethods as Array<{
        bproId: string;
        name: string;
        enabled: boolean;
        qboMatch: boolean;
      }>;
      expect(methods).toHaveLength(BPRO_PAYMENT_METHODS.length);
      for (const m of methods) {
        expect(m.bproId).toBe(pmId(m.name));
        expect(m.enabled).toBe(true);
        expect(m.qboMatch, m.name).toBe(IN_QBO.has(m.name));
      }
    });

    it('says qboMatch null while not connected', async () => {
      const tenantId = await tenant();
      await seedPaymentMethods(tenantId);
      const { body } = await call(`/api/v1/tenants/${tenantId}/qbo/settings`);
      expect((body.paymentMethods as Array<{ qboMatch: unknown }>).every((m) => m.qboMatch === null)).toBe(
        true,
      );
    });

    it('saves start date, cash refund account (with its name) and checkboxes; clears them with null', async () => {
      const { tenantId } = await connectedTenant();
      await seedPaymentMethods(tenantId);
      const cash = await env.stack.qbo.clientFor(tenantId).accounts('cash');
      const checking = cash.find((a) => a.Name === 'Checking');
      expect(checking).toBeDefined();

      const saved = await call(
        `/api/v1/tenants/${tenantId}/qbo/settings`,
        jsonInit('PUT', {
          startDate: '2026-01-01',
          refundAccountId: checking?.Id,
          paymentMethods: [
            { bproId: pmId('Amex'), enabled: false },
            { bproId: pmId('Account'), enabled: false },
          ],
        }),
      );
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({
        startDate: '2026-01-01',
        refundAccount: { id: checking?.Id, name: 'Checking' },
      });
      const enabled = Object.fromEntries(
        (saved.body.paymentMethods as Array<{ name: string; enabled: boolean }>).map((m) => [
          m.name,
          m.enabled,
        ]),
      );
      expect(enabled).toMatchObject({ Amex: false, Account: false, Cash: true, Visa: true });
      expect(await findSyncSettings(env.database.db, tenantId)).toMatchObject({
        startDate: '2026-01-01',
        refundAccountId: checking?.Id,
        refundAccountName: 'Checking',
      });

      // A partial update touches only what it names.
      const partial = await call(
        `/api/v1/tenants/${tenantId}/qbo/settings`,
        jsonInit('PUT', { paymentMethods: [{ bproId: pmId('Amex'), enabled: true }] }),
      );
      expect(partial.body).toMatchObject({ startDate: '2026-01-01', refundAccount: { id: checking?.Id } });

      const cleared = await call(
        `/api/v1/tenants/${tenantId}/qbo/settings`,
        jsonInit('PUT', { startDate: null, refundAccountId: null }),
      );
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ startDate: null, refundAccount: null });
      expect(await findSyncSettings(env.database.db, tenantId)).toMatchObject({ refundAccountName: null });
    });

    it('refuses a non-cash refund account, an unknown payment method and malformed input, changing nothing', async () => {
      const { tenantId } = await connectedTenant();
      await seedPaymentMethods(tenantId);
      await call(`/api/v1/tenants/${tenantId}/qbo/settings`, jsonInit('PUT', { startDate: '2025-06-01' }));
      const all = await env.stack.qbo.clientFor(tenantId).accounts('all');
      const income = all.find((a) => a.AccountType === 'Income');
      expect(income).toBeDefined();
      const url = `/api/v1/tenants/${tenantId}/qbo/settings`;

      const nonCash = await call(
        url,
        jsonInit('PUT', { startDate: '2026-02-02', refundAccountId: income?.Id }),
      );
      expect(nonCash.status).toBe(400);
      expect(nonCash.body).toMatchObject({ error: { code: 'invalid_refund_account' } });
      const message = (nonCash.body.error as { message: string }).message;
      expect(message).toContain('Bank');
      expect(message).toContain('Other Current Asset');

      const missing = await call(url, jsonInit('PUT', { refundAccountId: '999999' }));
      expect(missing.body).toMatchObject({ error: { code: 'invalid_refund_account' } });

      const unknown = await call(
        url,
        jsonInit('PUT', { startDate: '2026-02-02', paymentMethods: [{ bproId: 'pm-nope', enabled: false }] }),
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({
        error: { code: 'unknown_payment_method', details: { unknown: ['pm-nope'] } },
      });

      for (const bad of [
        { startDate: '2026-13-01' },
        { startDate: '01/02/2026' },
        { refundAccountId: 42 },
        { paymentMethods: [{ bproId: pmId('Cash') }] },
        { paymentMethods: [{ bproId: pmId('Cash'), enabled: true, extra: 1 }] },
        {
          paymentMethods: [
            { bproId: pmId('Cash'), enabled: true },
            { bproId: pmId('Cash'), enabled: false },
          ],
        },
        { somethingElse: true },
      ]) {
        const res = await call(url, jsonInit('PUT', bad));
        expect(res.status, JSON.stringify(bad)).toBe(400);
        expect(res.body).toMatchObject({ error: { code: 'invalid_request' } });
      }

      const after = await call(url);
      expect(after.body).toMatchObject({ startDate: '2025-06-01', refundAccount: null });
      expect((after.body.paymentMethods as Array<{ enabled: boolean }>).every((m) => m.enabled)).toBe(true);
    });

    it('needs an enabled tenant, and a connection to choose a refund account', async () => {
      const off = await tenant({ enabled: false });
      expect((await call(`/api/v1/tenants/${off}/qbo/settings`)).body).toMatchObject({
        error: { code: 'feature_disabled' },
      });
      expect((await call(`/api/v1/tenants/no-such-tenant-x/qbo/settings`)).status).toBe(404);
      const notConnected = await tenant();
      const res = await call(
        `/api/v1/tenants/${notConnected}/qbo/settings`,
        jsonInit('PUT', { refundAccountId: '35' }),
      );
      expect(res.status).toBe(412);
      expect(res.body).toMatchObject({ error: { code: 'not_connected' } });
    });
  });
});
