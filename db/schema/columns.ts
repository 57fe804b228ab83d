import { numeric, text, timestamp } from 'drizzle-orm/pg-core';

/** `created_at` / `updated_at`, both timestamptz, set by the database on insert. */
export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

/** Every BPro table is keyed by (tenant_id, id). */
export const bproKey = {
  tenantId: text('tenant_id').notNull(),
  id: text('id').notNull(),
};

/** Money is numeric(12,2); postgres.js returns it as a string, so cents are never lost to floats. */
export const money = (name: string) => numeric(name, { precision: 12, scale: 2 });
