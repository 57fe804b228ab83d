import type { DatabaseOrTransaction } from '../../db/client';
import { findConnection } from '../../db/queries/qbo-connections';
import { findSyncSettings, listPaymentMethodSettings } from '../../db/queries/settings';
import type { SyncSnapshot } from '../../workflows/contracts';
import { documentCurrency } from '../qbo/company-kind';

export async function loadSnapshot(db: DatabaseOrTransaction, tenantId: string): Promise<SyncSnapshot> {
  const [settings, methods, connection] = await Promise.all([
    findSyncSettings(db, tenantId),
    listPaymentMethodSettings(db, tenantId),
    findConnection(db, tenantId),
  ]);
  return {
    startDate: settings?.startDate ?? null,
    refundAccountId: settings?.refundAccountId ?? null,
    enabledPaymentMethodIds: methods.filter((m) => m.enabled).map((m) => m.bproId),
    homeCurrency: documentCurrency({
      homeCurrency: connection?.homeCurrency ?? null,
      multicurrency: connection?.multicurrency ?? false,
    }),
  };
}
