// What workflows, the worker, the API and the dev-server launcher agree on: names, ids and the
// search attributes support filters by in the Temporal Web UI (design.md §4). Pure constants:
// safe to import from workflow code.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const DEFAULT_TASK_QUEUE = 'qbo-sync';

export const searchAttributes = {
  tenantId: defineSearchAttributeKey('BproTenantId', SearchAttributeType.KEYWORD),
  entity: defineSearchAttributeKey('BproEntity', SearchAttributeType.KEYWORD),
  recordId: defineSearchAttributeKey('BproRecordId', SearchAttributeType.KEYWORD),
  syncState: defineSearchAttributeKey('QboSyncState', SearchAttributeType.KEYWORD),
} as const;

/** Every custom search attribute, for registration on a server. */
export const allSearchAttributes = Object.values(searchAttributes);

export const workflowIds = {
  initialSync: (tenantId: string) => `initial-sync:${tenantId}`,
  recordSync: (tenantId: string, entity: string, bproId: string) =>
    `record-sync:${tenantId}:${entity}:${bproId}`,
  stackCheck: (tenantId: string) => `stack-check:${tenantId}`,
  changePoller: (tenantId: string) => `qbo-changes:${tenantId}`,
};

// ---- Sync contracts (design.md §4–§6) -------------------------------------------------------

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
export type SyncEntity = (typeof syncEntities)[number];

/** How support and the log name each entity: `one` for a record, `many` for a list of them. */
export const entityLabels: Record<SyncEntity, { one: string; many: string }> = {
  customer: { one: 'Customer', many: 'Customers and jobs' },
  productCategory: { one: 'Product category', many: 'Product categories' },
  product: { one: 'Product', many: 'Products' },
  paymentMethod: { one: 'Payment method', many: 'Payment methods' },
  term: { one: 'Term', many: 'Terms' },
  tax: { one: 'Tax', many: 'Taxes' },
  invoice: { one: 'Order', many: 'Orders (invoices)' },
  payment: { one: 'Payment', many: 'Payments' },
  refund: { one: 'Refund', many: 'Refunds' },
};

/** The settings a sync runs with, read once at its start (small: it travels in workflow history). */
export type SyncSnapshot = {
  /** YYYY-MM-DD; null = everything. */
  startDate: string | null;
  refundAccountId: string | null;
  /** BPro payment method ids whose payments sync. */
  enabledPaymentMethodIds: string[];
  /**
   * The company's home currency when multicurrency is on (read at connect): invoices, payments
   * and refunds carry it as CurrencyRef, and a matched customer in another currency is not linked.
   * null: multicurrency off (or not read yet). Absent in snapshots of runs started before it existed.
   */
  homeCurrency: string | null;
  /**
   * The QBO kinds the company had none of (active or not) when the initial sync started: its
   * records are not looked up before being created (the 6240 and pending-create safety nets stay).
   * Absent in hooks' snapshots and in runs started before it existed: everything is looked up.
   */
  emptyAtStart?: Array<'Customer' | 'Item' | 'Invoice'>;
  /**
   * The company's sales-tax model, from its country (read at connect): `CA` = a Canadian company
   * (every sales line carries a real TaxCodeRef mapped from BPro's tax group, GlobalTaxCalculation,
   * no TAX/NON). Absent: the US model, and in snapshots of runs started before it existed.
   */
  taxModel?: 'CA';
};

/** `needs_attention`: QuickBooks changed under the sync (deleted, voided, merged…); a person decides. */
export type RecordStatus = 'synced' | 'skipped' | 'failed' | 'needs_attention';
/** What one record's sync ended as (an activity's result, a record-sync workflow's result). */
export type RecordOutcome = { status: RecordStatus; qboId?: string; message?: string };

export const hookEvents = ['created', 'updated', 'completed', 'cancelled', 'voided', 'deleted'] as const;
export type HookEvent = (typeof hookEvents)[number];

/**
 * Initial-sync phases, in order: the plan of syncs started before the `customers-beside-products`
 * patch (still replayed for them), and the order pages list entity sets in.
 */
export const initialSyncPhases = [
  ['paymentMethod', 'term', 'tax', 'productCategory'],
  ['product'],
  ['customer'],
  ['invoice'],
  ['payment', 'refund'],
] as const satisfies ReadonlyArray<ReadonlyArray<SyncEntity>>;

/**
 * What each entity set waits for before it starts (initial-sync.ts): each starts as soon as those
 * are done, so customers sync beside products (they need none) instead of after them. Customers
 * still wait for the categories: a category tree syncs one level after another, a round trip each,
 * and sharing QBO's budget with customers stretched it from ~6 to ~15 s at time × 3, so products
 * started later and a hook whose order named a product waited for its category's page. Reference
 * data always; the rest follow the start date.
 */
export const initialSyncDependencies: Readonly<Record<SyncEntity, readonly SyncEntity[]>> = {
  paymentMethod: [],
  term: [],
  tax: [],
  productCategory: [],
  product: ['productCategory', 'tax'],
  customer: ['paymentMethod', 'term', 'tax', 'productCategory'],
  invoice: ['product', 'customer'],
  payment: ['invoice'],
  refund: ['invoice'],
};

export type EntityCounts = { total: number; synced: number; skipped: number; failed: number };

export type InitialSyncStatus = 'running' | 'waiting_for_reconnect' | 'completed' | 'cancelled' | 'failed';

export type InitialSyncProgress = {
  status: InitialSyncStatus;
  /** The entities being synced now, e.g. "customer", or "done". */
  phase: string;
  entities: Partial<Record<SyncEntity, EntityCounts>>;
};

export type InitialSyncInput = { tenantId: string };
export type InitialSyncResult = { tenantId: string; entities: Partial<Record<SyncEntity, EntityCounts>> };

export type RecordSyncInput = {
  tenantId: string;
  entity: SyncEntity;
  bproId: string;
  /**
   * When the hook that started the workflow reached the API (ISO): the start of
   * qbo_sync_hook_to_qbo_seconds. Absent for re-runs and in histories recorded before it existed.
   */
  receivedAt?: string;
};
/** Why a record sync runs: a BPro hook, or support pressing Re-run. */
export type RecordChange = {
  event: HookEvent | 'retry';
  occurredAt: string;
  /** When the hook reached the API (ISO); absent for re-runs and in older histories. */
  receivedAt?: string;
};

export const workflowNames = {
  initialSync: 'initialSync',
  recordSync: 'recordSync',
  syncEntitySet: 'syncEntitySet',
  qboChangePoller: 'qboChangePoller',
} as const;

/** The per-company change poller: polls QuickBooks' ChangeDataCapture every `pollSeconds`. */
export type ChangePollerInput = { tenantId: string; pollSeconds: number; since?: string | null };

/** Query / signal names (handles are defined in workflows/messages.ts for workflow code). */
export const messageNames = {
  progress: 'progress',
  recordChanged: 'recordChanged',
  reconnected: 'reconnected',
} as const;

/** QboSyncState search-attribute values support filters by. */
export const syncStates = [
  'running',
  'waiting_for_reconnect',
  'synced',
  'skipped',
  'failed',
  'needs_attention',
  'blocked',
  'completed',
  'cancelled',
] as const;
export type SyncState = (typeof syncStates)[number];

/** The failure a sync activity ends with while the company is blocked (subscription lapsed, reset): workflows wait and retry. */
export const COMPANY_BLOCKED_FAILURE = 'QboCompanyBlocked';
