// A benchmark tenant: generated BPro data, connected to a new emulator company through the real
// OAuth consent flow, settings applied through the API (no start date, so every record is in
// scope; refund account "Checking"), and the payment methods BPro has but a new QuickBooks company
// lacks created in QuickBooks first, as the README tells a user to, so every record can sync.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { generateBproDataset, writeBproDataset, type BproSizes } from '../../../db/bpro-generator';
import { upsertTenant } from '../../../db/queries/tenants';
import { connectEmulatorCompany } from '../stack/connect';
import type { BenchStack } from './stack';

export type BenchTenant = { tenantId: string; realmId: string; bproRows: Record<string, number> };

const settingsView = z.object({
  paymentMethods: z.array(z.object({ name: z.string(), qboMatch: z.boolean().nullable() })),
});
const accountsView = z.object({ accounts: z.array(z.object({ id: z.string(), name: z.string() })) });

/** Calls the API under /api/v1 with its token; status and body (parsed when JSON). */
export function callApi(stack: BenchStack, path: string, init: RequestInit = {}) {
  return stack.client.call(`/api/v1${path}`, init);
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

  const realmId = await connectEmulatorCompany(stack.client, stack.emulator, tenantId, `Bench ${tenantId}`);

  const { accounts } = await stack.client.json(
    accountsView,
    `/api/v1/tenants/${tenantId}/qbo/accounts?kind=cash`,
  );
  const checking = accounts.find((a) => a.name === 'Checking') ?? accounts[0];
  const settings = await stack.client.json(settingsView, `/api/v1/tenants/${tenantId}/qbo/settings`, {
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
