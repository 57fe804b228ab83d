// The chaos run's tenant (US, or Canadian with `country: 'CA'`): its BPro data written, connected to
// a new emulator company of that country through the OAuth flow, its settings saved through the API.
import { z } from 'zod';
import { generateBproDataset, writeBproDataset, type SizePresetName } from '../../../db/bpro-generator';
import { tenants } from '../../../db/schema';
import { connectEmulatorCompany } from '../stack/connect';
import type { ChaosStack } from './stack';

const accountsView = z.object({ accounts: z.array(z.object({ id: z.string(), name: z.string() })) });
const settingsView = z.object({
  paymentMethods: z.array(z.object({ bproId: z.string(), qboMatch: z.boolean().nullable() })),
});

/** Writes the tenant's BPro data, connects it through OAuth and saves its settings; returns its realm id. */
export async function prepareChaosTenant(
  stack: ChaosStack,
  tenantId: string,
  dataset: { seed: number; size: SizePresetName; country?: 'US' | 'CA' },
): Promise<string> {
  await stack.db.insert(tenants).values({ id: tenantId, name: 'Chaos Rentals & Retail', qboEnabled: true });
  const today = new Date().toISOString().slice(0, 10);
  await writeBproDataset(stack.db, generateBproDataset({ tenantId, ...dataset, today }));
  const emulator = { control: stack.control };
  const canadian = dataset.country === 'CA';
  const realmId = await connectEmulatorCompany(
    stack.api,
    emulator,
    tenantId,
    canadian ? 'Chaos Rentals Canada (QuickBooks)' : 'Chaos Rentals (QuickBooks)',
    canadian ? 'CA' : undefined,
  );

  const { accounts } = await stack.api.json(
    accountsView,
    `/api/v1/tenants/${tenantId}/qbo/accounts?kind=cash`,
  );
  const checking = accounts.find((a) => a.name === 'Checking') ?? accounts[0];
  const startDate = new Date(Date.now() - 270 * 86_400_000).toISOString().slice(0, 10);
  const settingsPath = `/api/v1/tenants/${tenantId}/qbo/settings`;
  const view = await stack.api.json(settingsView, settingsPath, {
    method: 'PUT',
    body: JSON.stringify({ startDate, refundAccountId: checking?.id ?? null }),
  });
  // Payments by a method QuickBooks lacks fail by design (the user must create it there); the
  // run syncs only the methods QuickBooks has, so every payment in scope must arrive.
  const paymentMethods = view.paymentMethods.map((m) => ({ bproId: m.bproId, enabled: m.qboMatch === true }));
  const methods = await stack.api.fetch(settingsPath, {
    method: 'PUT',
    body: JSON.stringify({ paymentMethods }),
  });
  if (!methods.ok) throw new Error(`settings refused: ${methods.status} ${await methods.text()}`);
  return realmId;
}
