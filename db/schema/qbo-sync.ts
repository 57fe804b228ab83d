// Schema `qbo_sync`: the service's own state.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { timestamps } from './columns';

export const qboSync = pgSchema('qbo_sync');

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const connectionStatuses = ['connected', 'reauth_required', 'disconnected'] as const;
export const qboEnvironments = ['sandbox', 'production', 'emulator'] as const;
export const syncEntities = [
  'customer',
  'productCategory',
  'product',
  'paymentMethod',
  'term',
  'tax',
  'invoice',
  'payment',
  'refund',
] as const;
export const logActions = [
  'created',
  'updated',
  'linked',
  'voided',
  'skipped',
  'failed',
  'warning',
  'needs_attention',
] as const;

export const tenants = qboSync.table('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The support-controlled feature flag. */
  qboEnabled: boolean('qbo_enabled').notNull().default(false),
  ...timestamps,
});

export const qboConnections = qboSync.table(
  'qbo_connections',
  {
    tenantId: text('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    realmId: text('realm_id').notNull(),
    companyName: text('company_name'),
    environment: text('environment', { enum: qboEnvironments }).notNull(),
    /** AES-256-GCM ciphertexts (never plaintext); see TOKEN_ENCRYPTION_KEY. */
    accessTokenEnc: text('access_token_enc'),
    accessTokenIssuedAt: tstz('access_token_issued_at'),
    /** Seconds. */
    accessTokenExpiresIn: integer('access_token_expires_in'),
    refreshTokenEnc: text('refresh_token_enc'),
    refreshTokenIssuedAt: tstz('refresh_token_issued_at'),
    /** Seconds (Intuit's x_refresh_token_expires_in). */
    refreshTokenExpiresIn: integer('refresh_token_expires_in'),
    status: text('status', { enum: connectionStatuses }).notNull(),
    lastError: text('last_error'),
    connectedAt: tstz('connected_at'),
    /** The company's kind, read at connect (CompanyInfo and Preferences). */
    country: text('country'),
    homeCurrency: text('home_currency'),
    multicurrency: boolean('multicurrency'),
    subscriptionStatus: text('subscription_status'),
    /** Set while a company-wide condition (subscription lapsed, books closed, reset, quota) stops every write. */
    blockedKind: text('blocked_kind'),
    blockedReason: text('blocked_reason'),
    blockedSince: tstz('blocked_since'),
    /** The last time one call was let through to see whether the condition has passed. */
    blockedProbeAt: tstz('blocked_probe_at'),
    /**
     * Moves on each time a block ends. Part of every write's request id after a block, since QBO
     * replays the first answer to a request id, and the first answer may have been the refusal.
     */
    writeEpoch: integer('write_epoch').notNull().default(0),
    /** Moves on when a company list (accounts, payment methods, …) changed: workers drop their copies. */
    listsVersion: integer('lists_version').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index('qbo_connections_realm_idx').on(t.realmId),
    check(
      'qbo_connections_status_check',
      sql`${t.status} in ('connected', 'reauth_required', 'disconnected')`,
    ),
    check(
      'qbo_connections_environment_check',
      sql`${t.environment} in ('sandbox', 'production', 'emulator')`,
    ),
  ],
);

/** Short-lived, single-use OAuth `state` values bound to a tenant (CSRF protection). */
export const oauthStates = qboSync.table(
  'oauth_states',
  {
    state: text('state').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    createdAt: tstz('created_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
  },
  (t) => [index('oauth_states_expires_idx').on(t.expiresAt)],
);

export const syncSettings = qboSync.table('sync_settings', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  /** null = everything. */
  startDate: date('start_date', { mode: 'string' }),
  refundAccountId: text('refund_account_id'),
  refundAccountName: text('refund_account_name'),
  defaultIncomeAccountId: text('default_income_account_id'),
  defaultExpenseAccountId: text('default_expense_account_id'),
  defaultAssetAccountId: text('default_asset_account_id'),
  initialSyncStartedAt: tstz('initial_sync_started_at'),
  initialSyncCompletedAt: tstz('initial_sync_completed_at'),
  /**
   * Record kinds the company had none of when the running initial sync started (its count
   * queries): while it runs, hooks skip those lookups as its pages do. Cleared when it completes.
   */
  emptyAtStart: text('empty_at_start').array(),
  /**
   * The Skus (lower case) of the company's items when the running initial sync started, when it
   * had a few (one query page): while it runs, a hook's product whose Sku is not among them skips
   * its Sku lookup. null: not known (too many items, or QBO did not answer). Cleared on completion.
   */
  skusAtStart: text('skus_at_start').array(),
  /** Likewise the names (lower case, spaces collapsed) of those items, categories included. */
  itemNamesAtStart: text('item_names_at_start').array(),
  ...timestamps,
});

export const paymentMethodSettings = qboSync.table(
  'payment_method_settings',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The BPro payment method's id. */
    paymentMethodId: text('payment_method_id').notNull(),
    enabled: boolean('enabled').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.paymentMethodId] })],
);

/** BPro record → the QBO record it became. The unique index on qbo_id makes a double link impossible. */
/**
 * `active`; `voided` / `deleted`: the sync voided or deleted (made inactive) the QBO record because
 * BPro no longer wants it; `qbo_voided` / `qbo_deleted`: someone did so in QuickBooks (the record
 * needs attention: Re-create or Unlink); `unlinked`: support chose to leave it out of QuickBooks.
 */
export const linkStates = ['active', 'voided', 'deleted', 'qbo_voided', 'qbo_deleted', 'unlinked'] as const;

export const entityLinks = qboSync.table(
  'entity_links',
  {
    tenantId: text('tenant_id').notNull(),
    entity: text('entity', { enum: syncEntities }).notNull(),
    bproId: text('bpro_id').notNull(),
    qboId: text('qbo_id').notNull(),
    qboSyncToken: text('qbo_sync_token'),
    /**
     * A document's header as the sync last wrote it (date, number, customer, total, note): tells an
     * accountant's edit from a SyncToken moved by a payment applied to it.
     */
    qboFingerprint: text('qbo_fingerprint'),
    /** Versioned hash of what the QBO record was last written from, to skip no-op updates. */
    sourceHash: text('source_hash'),
    /** `active`; `voided` / `deleted` once the sync voided or deleted (made inactive) the QBO record. */
    state: text('state', { enum: linkStates }).notNull().default('active'),
    syncedAt: tstz('synced_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.entity, t.bproId] }),
    unique('entity_links_qbo_id_unique').on(t.tenantId, t.entity, t.qboId),
    check(
      'entity_links_state_check',
      sql`${t.state} in ('active', 'voided', 'deleted', 'qbo_voided', 'qbo_deleted', 'unlinked')`,
    ),
  ],
);

/**
 * Who is syncing a record right now, across every worker: an initial-sync page and a hook's record
 * sync (or two pages) must not both find the record missing in QuickBooks and both create it. A
 * lease ends when its holder releases it or at `expires_at` (a crashed worker).
 */
export const recordLeases = qboSync.table(
  'record_leases',
  {
    tenantId: text('tenant_id').notNull(),
    entity: text('entity', { enum: syncEntities }).notNull(),
    bproId: text('bpro_id').notNull(),
    holder: text('holder').notNull(),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.entity, t.bproId] })],
);

/**
 * A document (invoice, payment, refund receipt) sent to QuickBooks to be created whose link is not
 * saved yet. Written before the create and cleared with the link, so a run after a lost answer
 * or a crash between QBO's commit and our link knows a copy may exist, and how to find it (the
 * customer, date and number it was created with, and the first line of its PrivateNote), even
 * when the BPro record has since changed, been cancelled or been deleted.
 */
export const pendingCreates = qboSync.table(
  'pending_creates',
  {
    tenantId: text('tenant_id').notNull(),
    entity: text('entity', { enum: syncEntities }).notNull(),
    bproId: text('bpro_id').notNull(),
    qboEntity: text('qbo_entity').notNull(),
    customerQboId: text('customer_qbo_id').notNull(),
    txnDate: text('txn_date'),
    docNumber: text('doc_number'),
    marker: text('marker').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.entity, t.bproId] })],
);

/** The transaction log support reads. Append-only. */
export const syncLog = qboSync.table(
  'sync_log',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    entity: text('entity', { enum: syncEntities }).notNull(),
    bproId: text('bpro_id').notNull(),
    action: text('action', { enum: logActions }).notNull(),
    message: text('message'),
    qboId: text('qbo_id'),
    workflowId: text('workflow_id'),
    /** What a failed record waits for in QuickBooks (e.g. `PaymentMethod:Venmo`), so it re-runs when that appears. */
    awaiting: text('awaiting'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [
    index('sync_log_tenant_at_idx').on(t.tenantId, t.at.desc(), t.id.desc()),
    index('sync_log_record_idx').on(t.tenantId, t.entity, t.bproId),
    check(
      'sync_log_action_check',
      sql`${t.action} in ('created', 'updated', 'linked', 'voided', 'skipped', 'failed', 'warning', 'needs_attention')`,
    ),
  ],
);

/** Per-realm token buckets shared by every worker (requests/min, requests/s, batch calls/min). */
export const rateLimitBuckets = qboSync.table(
  'rate_limit_buckets',
  {
    realmId: text('realm_id').notNull(),
    bucket: text('bucket').notNull(),
    tokens: doublePrecision('tokens').notNull(),
    capacity: doublePrecision('capacity').notNull(),
    /** Tokens added per second. */
    refillPerSecond: doublePrecision('refill_per_second').notNull(),
    refilledAt: tstz('refilled_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.realmId, t.bucket] })],
);

/**
 * Per-realm AIMD state shared by every worker (activities/qbo/rate-aimd.ts): the share of QBO's
 * limits the buckets refill at (cut on each 429, recovering linearly from `factor_at`), and the
 * pause in force since the last 429. No row: full rate, no pause.
 */
export const rateLimitRealms = qboSync.table('rate_limit_realms', {
  realmId: text('realm_id').primaryKey(),
  /** Share of QBO's limits in force at `factor_at` (0 < factor ≤ 1). */
  factor: doublePrecision('factor').notNull().default(1),
  factorAt: tstz('factor_at').notNull().defaultNow(),
  /** The pause the last 429 imposed (ms, real time); it doubles while 429s keep coming. */
  pauseMs: doublePrecision('pause_ms').notNull().default(0),
  throttledAt: tstz('throttled_at'),
});
