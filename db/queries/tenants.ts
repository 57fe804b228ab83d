import { eq } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import { tenants } from '../schema';

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
