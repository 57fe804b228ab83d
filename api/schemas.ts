// The v1 API's request and response shapes (design.md §6). Routes parse requests with these, and
// api/openapi/ builds the OpenAPI document from the same schemas, so the two cannot drift.
import { z } from 'zod';
import { connectionStatuses, logActions, qboEnvironments } from '../db/schema';
import { hookEvents, syncEntities } from '../workflows/contracts';
import { bproIdSchema, edgeText, oauthStateSchema, syncDateSchema, tenantIdSchema } from './validation';

export const LOG_PAGE_DEFAULT = 50;
export const LOG_PAGE_MAX = 200;

const isoDateTime = z.iso.datetime({ offset: true });
const entity = z.enum(syncEntities).meta({ description: 'A BPro record type' });

// ---- requests ---------------------------------------------------------------------------------

export const tenantBodySchema = z
  .object({ name: edgeText(200).trim().min(1), qboEnabled: z.boolean() })
  .strict()
  .meta({ id: 'TenantInput' });

export const connectQuerySchema = z.object({
  format: edgeText(20).optional().meta({ description: 'json: answer `{ authorizeUrl }` instead of a 302' }),
});

export const accountsQuerySchema = z.object({
  kind: z
    .enum(['cash', 'all'])
    .default('all')
    .meta({ description: 'cash: Bank and Other Current Asset only' }),
});

export const settingsBodySchema = z
  .object({
    startDate: syncDateSchema.nullable().optional(),
    refundAccountId: edgeText(64).trim().min(1).nullable().optional(),
    paymentMethods: z
      .array(z.object({ bproId: edgeText(64).min(1), enabled: z.boolean() }).strict())
      .max(1000)
      .refine((list) => new Set(list.map((m) => m.bproId)).size === list.length, {
        message: 'each payment method may appear once',
      })
      .optional(),
  })
  .strict()
  .meta({ id: 'SettingsInput' });
export type SettingsBody = z.infer<typeof settingsBodySchema>;

export const logQuerySchema = z
  .object({
    status: z.enum(logActions).optional(),
    entity: entity.optional(),
    limit: z.coerce.number().int().min(1).max(LOG_PAGE_MAX).default(LOG_PAGE_DEFAULT),
    cursor: edgeText(200).optional().meta({ description: 'nextCursor of the previous page' }),
  })
  .strict();

export const retryFailedBodySchema = z
  .object({
    entity: entity.optional().meta({ description: 'Only records of this type (default: every type)' }),
  })
  .strict()
  .meta({ id: 'RetryFailedInput' });

export const hookBodySchema = z
  .object({
    tenantId: tenantIdSchema,
    entity: z.enum(syncEntities),
    id: bproIdSchema,
    event: z.enum(hookEvents),
    occurredAt: isoDateTime,
  })
  .strict()
  .meta({ id: 'BproHook' });

/** Intuit's redirect: every field checked by shape here, before the state is looked up. */
export const callbackQuerySchema = z.object({
  code: edgeText(2048).optional(),
  state: oauthStateSchema.optional(),
  realmId: z
    .string()
    .regex(/^\d{1,32}$/)
    .optional(),
  error: edgeText(200).optional(),
  error_description: edgeText(1000).optional(),
});

export const tenantPathSchema = z.object({ tenantId: tenantIdSchema });
export const recordPathSchema = z.object({ tenantId: tenantIdSchema, entity, id: bproIdSchema });

/** What QuickBooks answers for a payment method (only the fields we read). */
export const qboPaymentMethodSchema = z.looseObject({ Name: z.string(), Active: z.boolean().optional() });

// ---- responses --------------------------------------------------------------------------------

export const errorBodySchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .meta({ id: 'Error' });

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'down']),
  temporal: z.enum(['ok', 'down']),
});

export const tenantSchema = z
  .object({ id: z.string(), name: z.string(), qboEnabled: z.boolean() })
  .meta({ id: 'Tenant' });

export const authorizeUrlSchema = z.object({ authorizeUrl: z.url() });

export const connectionSchema = z
  .object({
    status: z.enum(connectionStatuses),
    realmId: z.string().nullable(),
    companyName: z.string().nullable(),
    environment: z.enum(qboEnvironments).nullable(),
    connectedAt: isoDateTime.nullable(),
    lastError: z.string().nullable(),
    // The company's kind, read at connect (null: connected before it was read; reconnect to read it).
    country: z.string().nullable().meta({ description: 'CompanyInfo.Country, e.g. "US"' }),
    homeCurrency: z.string().nullable().meta({ description: 'Preferences.CurrencyPrefs.HomeCurrency' }),
    multicurrency: z
      .boolean()
      .nullable()
      .meta({ description: 'Multicurrency on: invoices, payments and refunds carry the home currency' }),
    subscriptionStatus: z
      .string()
      .nullable()
      .meta({ description: 'CompanyInfo SubscriptionStatus: SUBSCRIBED, TRIAL, …' }),
    blocked: z
      .object({ kind: z.string(), reason: z.string(), since: isoDateTime.nullable() })
      .nullable()
      .meta({
        description:
          'Set while a company-wide condition (subscription lapsed, company reset) stops every write: syncs wait and resume by themselves once a probe gets through',
      }),
  })
  .meta({ id: 'Connection' });
export type ConnectionView = z.infer<typeof connectionSchema>;

export const disconnectedSchema = z.object({
  status: z.literal('disconnected'),
  realmId: z.string(),
  companyName: z.string().nullable(),
});

export const accountsSchema = z.object({
  accounts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      fullyQualifiedName: z.string(),
      type: z.string(),
      subType: z.string().nullable(),
    }),
  ),
});

export const settingsViewSchema = z
  .object({
    startDate: z.iso.date().nullable(),
    refundAccount: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
    paymentMethods: z.array(
      z.object({
        bproId: z.string(),
        name: z.string(),
        active: z.boolean(),
        enabled: z.boolean(),
        qboMatch: z
          .boolean()
          .nullable()
          .meta({ description: 'QuickBooks has an active method of exactly this name (null: unknown)' }),
      }),
    ),
  })
  .meta({ id: 'Settings' });
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const savedSettingsSchema = settingsViewSchema
  .extend({
    queuedPayments: z
      .number()
      .int()
      .meta({
        description:
          'Payments queued for sync because their payment method went from unchecked to checked ' +
          '(on or after the start date, not linked, last skipped)',
      }),
  })
  .meta({ id: 'SavedSettings' });

export const workflowStartedSchema = z.object({ workflowId: z.string(), temporalUrl: z.url() });

const entityCountsSchema = z.object({
  total: z.number().int(),
  synced: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
});

export const initialSyncSchema = z
  .object({
    status: z.enum(['not_started', 'running', 'waiting_for_reconnect', 'completed', 'cancelled', 'failed']),
    phase: z.string().nullable(),
    entities: z.partialRecord(entity, entityCountsSchema),
    workflowId: z.string().nullable(),
    startedAt: isoDateTime.nullable(),
    completedAt: isoDateTime.nullable(),
    temporalUrl: z.url().nullable(),
  })
  .meta({ id: 'InitialSync' });
export type InitialSyncStatusView = z.infer<typeof initialSyncSchema>;

export const cancellingSchema = z.object({ workflowId: z.string(), status: z.literal('cancelling') });

export const hookAcceptedSchema = z.union([
  z.object({ workflowId: z.string() }),
  z.object({ ignored: z.enum(['feature_disabled', 'not_connected', 'initial_sync_not_started']) }),
]);

export const logEntrySchema = z
  .object({
    id: z.string(),
    entity,
    bproId: z.string(),
    action: z.enum(logActions),
    message: z.string().nullable(),
    qboId: z.string().nullable(),
    workflowId: z.string().nullable(),
    temporalUrl: z.url().nullable(),
    at: isoDateTime,
  })
  .meta({ id: 'LogEntry' });

export const logPageSchema = z.object({
  entries: z.array(logEntrySchema),
  nextCursor: z.string().nullable(),
});

export const recordStatusSchema = z
  .object({
    status: z.enum(['synced', 'skipped', 'failed', 'needs_attention', 'warning', 'pending', 'never']),
    qboId: z.string().nullable(),
    syncedAt: isoDateTime.nullable(),
    lastError: z.string().nullable(),
    message: z.string().nullable(),
    running: z.boolean(),
    workflowId: z.string().nullable(),
    temporalUrl: z.url().nullable(),
  })
  .meta({ id: 'RecordStatus' });

export const queuedSchema = z.object({
  queued: z.number().int().meta({ description: 'How many records were started or signalled' }),
});

export const unlinkedSchema = z.object({
  linkState: z.literal('unlinked'),
  qboId: z.string().meta({ description: 'The QuickBooks record it was linked to' }),
});
