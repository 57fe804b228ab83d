import { and, eq, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import { paymentMethods, paymentMethodSettings, syncSettings } from '../schema';

export type SyncSettingsRow = typeof syncSettings.$inferSelect;

export async function findSyncSettings(
  db: DatabaseOrTransaction,
  tenantId: string,
): Promise<SyncSettingsRow | null> {
  const [row] = await db.select().from(syncSettings).where(eq(syncSettings.tenantId, tenantId));
  return row ?? null;
}

export async function saveSyncSettings(
  db: DatabaseOrTransaction,
  tenantId: string,
  patch: Partial<Omit<SyncSettingsRow, 'tenantId' | 'createdAt' | 'updatedAt'>>,
): Promise<void> {
  await db
    .insert(syncSettings)
    .values({ tenantId, ...patch })
    .onConflictDoUpdate({ target: syncSettings.tenantId, set: { ...patch, updatedAt: sql`now()` } });
}

export type PaymentMethodSetting = { bproId: string; name: string; isActive: boolean; enabled: boolean };

/**
 * BPro's payment methods with the tenant's checkbox. A method never configured is enabled
 * (BPro's QuickBooks sync syncs every method until the user unchecks one).
 */
export async function listPaymentMethodSettings(
  db: DatabaseOrTransaction,
  tenantId: string,
): Promise<PaymentMethodSetting[]> {
  const rows = await db
    .select({
      bproId: paymentMethods.id,
      name: paymentMethods.name,
      isActive: paymentMethods.isActive,
      enabled: paymentMethodSettings.enabled,
    })
    .from(paymentMethods)
    .leftJoin(
      paymentMethodSettings,
      and(
        eq(paymentMethodSettings.tenantId, paymentMethods.tenantId),
        eq(paymentMethodSettings.paymentMethodId, paymentMethods.id),
      ),
    )
    .where(eq(paymentMethods.tenantId, tenantId))
    .orderBy(paymentMethods.name);
  return rows.map((r) => ({ ...r, enabled: r.enabled ?? true }));
}

export async function savePaymentMethodSettings(
  db: DatabaseOrTransaction,
  tenantId: string,
  settings: Array<{ bproId: string; enabled: boolean }>,
): Promise<void> {
  for (const s of settings) {
    await db
      .insert(paymentMethodSettings)
      .values({ tenantId, paymentMethodId: s.bproId, enabled: s.enabled })
      .onConflictDoUpdate({
        target: [paymentMethodSettings.tenantId, paymentMethodSettings.paymentMethodId],
        set: { enabled: s.enabled, updatedAt: sql`now()` },
      });
  }
}

/** A new initial sync began: stamps its start (database time) and clears the previous completion. */
export async function markInitialSyncStarted(db: DatabaseOrTransaction, tenantId: string): Promise<void> {
  const values = { initialSyncStartedAt: sql`now()`, initialSyncCompletedAt: null, updatedAt: sql`now()` };
  await db
    .insert(syncSettings)
    .values({ tenantId, ...values })
    .onConflictDoUpdate({ target: syncSettings.tenantId, set: values });
}
