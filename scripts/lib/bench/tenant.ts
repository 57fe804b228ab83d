// A benchmark tenant: generated BPro data, connected to a new emulator company through the real
// OAuth consent flow, settings applied through the API (no start date, so every record is in
// scope; refund account "Checking"), and the payment methods BPro has but a new QuickBooks company
// lacks created in QuickBooks first, as the README tells a user to, so every record can sync.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { generateBproDataset, writeBproDataset, type BproSizes } from '../../../db/bpro-generator';
import { upsertTenant } from '../../../db/queries/tenants';
import type { BenchStack } from './stack';

export type BenchTenant = { tenantId: string; realmId: string; bproRows: Record<string, number> };

const settingsView = z.object({
  paymentMethods: z.array(z.object({ name: z.string(), qboMatch: z.boolean().nullable() })),
});
const accountsView = z.object({ accounts: z.array(z.object({ id: z.string(), name: z.string() })) });
const authorizeView = z.object({ authorizeUrl: z.string() });

export async function callApi(stack: BenchStack, path: string, init: RequestInit = {}) {
  const res = await fetch(`${stack.apiUrl}/api/v1${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${stack.api.apiToken}`,
      'content-type': 'application/json',
      ...(init.headers as Record<string, string> | undefined),
    },
    redirect: 'manual',
  });
  const text = await res.text();
  const body: unknown = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  return { status: res.status, body };
}

async function apiJson<T>(stack: BenchStack, schema: z.ZodType<T>, path: string, init: RequestInit = {}) {
  const { status, body } = await callApi(stack, path, init);
  if (status >= 300)
    throw new Error(`${init.method ?? 'GET'} ${path} answered ${status}: ${JSON.stringify(body)}`);
  return schema.parse(body);
}

export async function prepareTenant(
  stack: BenchStack,
  tenantId: string,
  seed: string,
  sizes: BproSizes,
): Promise<BenchTenant> {
  await upsertTenant(stack.db, { id: tenantId, name: `Bench ${tenantId}`, qboEnabled: true });
  const dataset = generateBproDataset({ tenantId, seed, size: 'bench', sizes });
  const bproRows = await writeBproDataset(stack.db, dataset);

  const { realmId } = await stack.control<{ realmId: string }>('POST', '/realms', {
    companyName: `Bench ${tenantId}`,
  });
  const { authorizeUrl } = await apiJson(
    stack,
    authorizeView,
    `/tenants/${tenantId}/qbo/connect?format=json`,
  );
  const consentUrl = new URL(authorizeUrl);
  consentUrl.searchParams.set('realmId', realmId);
  const consent = await fetch(consentUrl, { redirect: 'manual' });
  const callback = await fetch(consent.headers.get('location') ?? '', { redirect: 'manual' });
  if (callback.status !== 200) throw new Error(`OAuth callback answered ${callback.status}`);

  const { accounts } = await apiJson(stack, accountsView, `/tenants/${tenantId}/qbo/accounts?kind=cash`);
  const checking = accounts.find((a) => a.name === 'Checking') ?? accounts[0];
  const settings = await apiJson(stack, settingsView, `/tenants/${tenantId}/qbo/settings`, {
    method: 'PUT',
    body: JSON.stringify({ startDate: null, refundAccountId: checking?.id ?? null }),
  });
  const client = stack.qbo.clientFor(tenantId);
  for (const method of settings.paymentMethods.filter((m) => m.qboMatch === false)) {
    const requestId = createHash('sha256').update(`${tenantId}:pm:${method.name}`).digest('hex').slice(0, 32);
    await client.create('PaymentMethod', { Name: method.name, Type: 'NON_CREDIT_CARD' }, requestId);
  }
  return { tenantId, realmId, bproRows };
}
