// The tax mapping of a Canadian company (README "Canadian companies"): which QuickBooks TaxCode
// each BPro tax group's lines carry, and which one BPro's untaxed lines carry. Kept per company
// (realm): a code id means nothing in another company, so connecting another one starts afresh.
import { sql } from 'drizzle-orm';
import { check, primaryKey, text } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';
import { qboSync, tenants } from './qbo-sync';

/** How the sync chose a group's code: a code with exactly the group's rates, or one it created. */
export const taxCodeChoices = ['rates', 'created'] as const;

export const taxCodeMappings = qboSync.table(
  'tax_code_mappings',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The QuickBooks company the code ids belong to. */
    realmId: text('realm_id').notNull(),
    /** A BPro tax group's id; '' (UNTAXED_LINES) for BPro's untaxed lines and refunds. */
    bproTaxId: text('bpro_tax_id').notNull(),
    /** The code the sync chose (matched by rates or created); null until the group first synced. */
    chosenTaxCodeId: text('chosen_tax_code_id'),
    chosenBy: text('chosen_by', { enum: taxCodeChoices }),
    /** The user's choice (the Tax mapping section, the API): it wins over the sync's. */
    overrideTaxCodeId: text('override_tax_code_id'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.realmId, t.bproTaxId] }),
    check('tax_code_mappings_chosen_by_check', sql`${t.chosenBy} in ('rates', 'created')`),
  ],
);

/** The mapping row of BPro's untaxed lines (no tax group, a line not taxable, a refund). */
export const UNTAXED_LINES = '';
