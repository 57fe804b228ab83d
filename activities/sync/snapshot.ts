import type { DatabaseOrTransaction } from '../../db/client';
import { findSyncSettings, listPaymentMethodSettings } from '../../db/queries/settings';
import type { SyncSnapshot } from '../../workflows/contracts';

export async function loadSnapshot(db: DatabaseOrTransaction, tenantId: string): Promise<SyncSnapshot> {
  const [settings, methods] = await Promise.all([
    findSyncSettings(db, tenantId),
    listPaymentMethodSettings(db, tenantId),
  ]);
  return {
    startDate: settings?.startDate ?? null,
    refundAccountId: settings?.refundAccountId ?? null,
    enabledPaymentMethodIds: methods.filter((m) => m.enabled).map((m) => m.bproId),
  };
}
