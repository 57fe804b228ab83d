// The tax mapping of the tenant's connected company (db/schema/tax-mapping.ts): the code each BPro
// tax group (and BPro's untaxed lines) carries, as the sync chose it and as the user overrode it.
// Every statement is scoped to the realm of the tenant's connection, read in the same statement.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import { taxCodeMappings, taxes, taxRates, UNTAXED_LINES } from '../schema';

export { UNTAXED_LINES };
export type TaxCodeMappingRow = typeof taxCodeMappings.$inferSelect;
export type TaxCodeChoice = NonNullable<TaxCodeMappingRow['chosenBy']>;

/** The realm of the tenant's connection (null when it has none: nothing matches, inserts fail). */
const connectedRealm = (tenantId: string): SQL =>
  sql`(select realm_id from qbo_sync.qbo_connections where tenant_id = ${tenantId})`;

const ofConnectedRealm = (tenantId: string) =>
  and(eq(taxCodeMappings.tenantId, tenantId), eq(taxCodeMappings.realmId, connectedRealm(tenantId)));

/** The code a group's lines carry: the user's override, else the sync's choice; null when neither. */
export function mappedTaxCodeId(
  row: Pick<TaxCodeMappingRow, 'overrideTaxCodeId' | 'chosenTaxCodeId'> | null,
) {
  return row?.overrideTaxCodeId ?? row?.chosenTaxCodeId ?? null;
}

/** One group's mapping (`UNTAXED_LINES` for untaxed lines) in the connected company, if any. */
export async function findTaxCodeMapping(
  db: DatabaseOrTransaction,
  tenantId: string,
  bproTaxId: string,
): Promise<TaxCodeMappingRow | null> {
  const [row] = await db
    .select()
    .from(taxCodeMappings)
    .where(and(ofConnectedRealm(tenantId), eq(taxCodeMappings.bproTaxId, bproTaxId)));
  return row ?? null;
}

/** Every mapping row of the connected company (the Tax mapping section, the API). */
export function listTaxCodeMappings(
  db: DatabaseOrTransaction,
  tenantId: string,
): Promise<TaxCodeMappingRow[]> {
  return db
    .select()
    .from(taxCodeMappings)
    .where(ofConnectedRealm(tenantId))
    .orderBy(asc(taxCodeMappings.bproTaxId));
}

async function upsert(
  db: DatabaseOrTransaction,
  tenantId: string,
  bproTaxId: string,
  set: Partial<Pick<TaxCodeMappingRow, 'chosenTaxCodeId' | 'chosenBy' | 'overrideTaxCodeId'>>,
): Promise<void> {
  await db
    .insert(taxCodeMappings)
    .values({ tenantId, realmId: connectedRealm(tenantId), bproTaxId, ...set })
    .onConflictDoUpdate({
      target: [taxCodeMappings.tenantId, taxCodeMappings.realmId, taxCodeMappings.bproTaxId],
      set: { ...set, updatedAt: sql`now()` },
    });
}

/** Records the code the sync matched (`rates`) or created for a group. */
export function saveChosenTaxCode(
  db: DatabaseOrTransaction,
  tenantId: string,
  bproTaxId: string,
  taxCodeId: string,
  chosenBy: TaxCodeChoice,
): Promise<void> {
  return upsert(db, tenantId, bproTaxId, { chosenTaxCodeId: taxCodeId, chosenBy });
}

/** Forgets the sync's choice (its code is gone or inactive in QuickBooks): it chooses again. */
export async function forgetChosenTaxCode(
  db: DatabaseOrTransaction,
  tenantId: string,
  bproTaxId: string,
): Promise<void> {
  await db
    .update(taxCodeMappings)
    .set({ chosenTaxCodeId: null, chosenBy: null, updatedAt: sql`now()` })
    .where(and(ofConnectedRealm(tenantId), eq(taxCodeMappings.bproTaxId, bproTaxId)));
}

/** Sets (a code id) or clears (null: the sync's choice again) the user's override for a group. */
export function saveTaxCodeOverride(
  db: DatabaseOrTransaction,
  tenantId: string,
  bproTaxId: string,
  taxCodeId: string | null,
): Promise<void> {
  return upsert(db, tenantId, bproTaxId, { overrideTaxCodeId: taxCodeId });
}

/** The tenant's BPro tax groups with their rates (by id), as the Tax mapping lists them. */
export async function listTaxGroups(db: DatabaseOrTransaction, tenantId: string) {
  const [groups, rates] = await Promise.all([
    db.select().from(taxes).where(eq(taxes.tenantId, tenantId)).orderBy(asc(taxes.id)),
    db.select().from(taxRates).where(eq(taxRates.tenantId, tenantId)).orderBy(asc(taxRates.id)),
  ]);
  return groups.map((g) => ({ ...g, rates: rates.filter((r) => r.taxId === g.id) }));
}
