import { eq } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import {
  entityLinks,
  oauthStates,
  paymentMethodSettings,
  qboConnections,
  syncLog,
  syncSettings,
  tenants,
} from '../schema';

export type Tenant = typeof tenants.$inferSelect;

export async function upsertTenant(
  db: DatabaseOrTransaction,
  input: { id: string; name: string; qboEnabled: boolean },
): Promise<Tenant> {
  const [row] = await db
    .insert(tenants)
    .values(input)
    .onConflictDoUpdate({
      target: tenants.id,
      set: { name: input.name, qboEnabled: input.qboEnabled, updatedAt: new Date() },
    })
    .returning();
  if (!row) throw new Error('upsert returned no row');
  return row;
}

export async function findTenant(db: DatabaseOrTransaction, id: string): Promise<Tenant | null> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, id));
  return row ?? null;
}

/**
 * Forgets a tenant's sync state (connection, settings, links, log): for the demo and tests that
 * re-seed a tenant from scratch. Never used by the service itself.
 */
export async function resetTenantSyncState(db: DatabaseOrTransaction, tenantId: string): Promise<void> {
  await db.delete(entityLinks).where(eq(entityLinks.tenantId, tenantId));
  await db.delete(syncLog).where(eq(syncLog.tenantId, tenantId));
  await db.delete(paymentMethodSettings).where(eq(paymentMethodSettings.tenantId, tenantId));
  await db.delete(syncSettings).where(eq(syncSettings.tenantId, tenantId));
  await db.delete(oauthStates).where(eq(oauthStates.tenantId, tenantId));
  await db.delete(qboConnections).where(eq(qboConnections.tenantId, tenantId));
}
