// The demo tenant's sync settings, applied through the API as a user would on the management
// page: a start date 270 days back, a cash refund account, and the payment methods to sync.
import { accountsSchema, settingsViewSchema } from '../../../api/schemas';
import { chooseRefundAccount } from '../demo-sandbox';
import type { ApiClient } from '../stack/api-client';

export async function applyDemoSettings(
  api: ApiClient,
  tenantId: string,
  sandbox: boolean,
  step: (text: string) => void,
): Promise<void> {
  const { accounts } = await api.json(accountsSchema, `/api/v1/tenants/${tenantId}/qbo/accounts?kind=cash`);
  const refundAccount = chooseRefundAccount(accounts);
  const startDate = new Date(Date.now() - 270 * 86_400_000).toISOString().slice(0, 10);
  const settingsPath = `/api/v1/tenants/${tenantId}/qbo/settings`;
  const current = await api.json(settingsViewSchema, settingsPath);
  // The emulator shows what a BPro user sees with every method on (the missing ones fail with
  // instructions); in a real sandbox company the demo syncs only the methods it has by name.
  const paymentMethods = current.paymentMethods.map((m) => ({
    bproId: m.bproId,
    enabled: sandbox ? m.qboMatch === true : true,
  }));
  const settings = await api.json(settingsViewSchema, settingsPath, {
    method: 'PUT',
    body: JSON.stringify({ startDate, refundAccountId: refundAccount?.id ?? null, paymentMethods }),
  });
  const matched = settings.paymentMethods.filter((m) => m.qboMatch === true).map((m) => m.name);
  const missing = settings.paymentMethods.filter((m) => m.qboMatch === false).map((m) => m.name);
  step(
    `Settings: start date ${startDate}, refund account "${refundAccount?.name ?? 'none'}"${refundAccount ? ` (${refundAccount.type})` : ''}.`,
  );
  step(`  Payment methods found in QuickBooks by name: ${matched.join(', ') || 'none'}.`);
  step(
    sandbox
      ? `  Not in QuickBooks, so not synced: ${missing.join(', ') || 'none'}${missing.length ? ' (create them in QuickBooks with exactly these names, then tick them on the management page)' : ''}.`
      : `  Not in QuickBooks: ${missing.join(', ') || 'none'} (their payments will fail with instructions).`,
  );
}
