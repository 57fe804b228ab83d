// The sync's own types: activity inputs, and the narrow context a record's handler works with.
// Handlers see only `SyncContext`; the rooms behind it (links, documents, scheduler, …) are built
// per run in sync-run.ts.
import type { Database } from '../../db/client';
import type { EntityLink, LinkEntity } from '../../db/queries/entity-links';
import type { SyncLogAction } from '../../db/queries/sync-log';
import type { EntityCounts, HookEvent, SyncEntity, SyncSnapshot } from '../../workflows/contracts';
import type { QboAccount, QboEntity } from '../qbo/schemas';
import type { Condition } from '../qbo/query';
import type { SyncClient } from '../qbo/sync-client';

export type ListIdsInput = {
  tenantId: string;
  entity: SyncEntity;
  snapshot: SyncSnapshot;
  cursor: string | null;
  limit: number;
};
export type PageOfIds = { ids: string[]; nextCursor: string | null; total: number | null };

export type SyncPageInput = {
  tenantId: string;
  entity: SyncEntity;
  ids: string[];
  snapshot: SyncSnapshot;
  workflowId: string;
};

export type SyncRecordInput = {
  tenantId: string;
  entity: SyncEntity;
  bproId: string;
  event: HookEvent | 'retry';
  /** Distinguishes a support-requested re-run, so QBO does not replay an earlier failure. */
  runKey: string;
  workflowId: string;
};

export type { EntityCounts };

/** What one pass did to one record; becomes a sync_log entry and a RecordOutcome. */
export type Step = {
  action: SyncLogAction;
  qboId?: string | undefined;
  message?: string | undefined;
  /** What a failed record waits for in QuickBooks (`PaymentMethod:Venmo`): it re-runs when that appears. */
  awaiting?: string | undefined;
};

/** A link's state (see db/schema: entityLinks.state). */
export type LinkState = EntityLink['state'];
export type { EntityLink, LinkEntity };

export type DocumentEntity = 'invoice' | 'payment' | 'refund';
export type DocumentQboEntity = 'Invoice' | 'Payment' | 'RefundReceipt';

/** A customer or item a document names. */
export type DocumentRef = { entity: 'customer' | 'product'; bproId: string; qboId: string };

/** A document's write: which record, and the customers and items it names (for `neededBy`). */
export type DocumentWrite = {
  entity: DocumentEntity;
  qboEntity: DocumentQboEntity;
  bproId: string;
  refs: DocumentRef[];
  neededBy: string;
};

/** Company lists and lookups read once per run (accounts, payment methods, tax codes, …). */
export type RunCache = {
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Drops a list, so the next `get` reads it again (after a write of unknown outcome). */
  forget(key: string): void;
};

export type Links = {
  find(entity: LinkEntity, bproId: string): Promise<EntityLink | null>;
  /** Whether a QBO record is already linked to a different BPro record of this entity. */
  linkedToOther(entity: LinkEntity, qboId: string, bproId: string): Promise<boolean>;
  /** `qbo`: the record as QuickBooks answered (a document's header is fingerprinted from it). */
  save(
    entity: LinkEntity,
    bproId: string,
    qbo: { Id: string; SyncToken?: string | undefined },
    sourceHash: string | null,
    state?: LinkState,
    fingerprint?: string | null,
  ): Promise<void>;
};

/** Deterministic QBO request ids: stable for the same payload, new for a changed one or a re-run. */
export type RequestIds = {
  create(entity: SyncEntity, bproId: string, body: unknown): string;
  update(entity: SyncEntity, bproId: string, body: unknown): string;
};

export type Documents = {
  /** Creates a document, noting the create first so a lost answer can be found again. */
  create(doc: DocumentWrite, body: Record<string, unknown>): Promise<QboEntity>;
  /** Updates a document (sparse). */
  update(doc: DocumentWrite, change: QboEntity): Promise<QboEntity>;
  /** The unlinked copy an interrupted earlier run of this record created, if one is on record. */
  earlierCopy(entity: DocumentEntity, bproId: string): Promise<QboEntity | null>;
};

export type Scheduler = {
  /** The QBO id of a record another one needs, syncing it first when it is not linked yet. */
  ensure(entity: SyncEntity, bproId: string, neededBy: string): Promise<string>;
  /** Runs `fn` for one key at a time within this run, in call order. */
  serial<T>(key: string, fn: () => Promise<T>): Promise<T>;
};

export type Lookups = {
  /** First QBO record matching all conditions, active or not unless `includeInactive` is false. */
  one(qboEntity: string, where: Condition[], includeInactive?: boolean): Promise<QboEntity | null>;
  /** The company's active accounts (once per run). */
  accounts(): Promise<QboAccount[]>;
  /**
   * Whether a named record of `qboEntity` (one QBO refuses a second of by name, 6240) is created
   * without looking it up first: the create's 6240 then looks it up (lookups.ts `createsFirst`).
   */
  createsFirst(qboEntity: string, entity: SyncEntity): boolean;
  /** A hook's run: a product is looked up by Sku only before its create (lookups.ts). */
  readonly realTime: boolean;
};

export type RunLog = {
  /** An extra `warning` entry in the log (e.g. a disambiguated name, a tax rounding difference). */
  warn(entity: SyncEntity, bproId: string, message: string, qboId?: string): Promise<void>;
  /**
   * A warning about the QuickBooks write that follows (an accountant's edit it replaces): written
   * first, so an answer lost after QBO committed the write cannot lose it, and written once
   * (skipped when the record's latest entry already says exactly that: the retry of a failed write).
   */
  warnBeforeWrite(entity: SyncEntity, bproId: string, message: string, qboId?: string): Promise<void>;
};

/** Everything a record's handler may use during one run. */
export type SyncContext = {
  readonly db: Database;
  readonly tenantId: string;
  readonly snapshot: SyncSnapshot;
  readonly qbo: SyncClient;
  readonly cache: RunCache;
  readonly links: Links;
  readonly requestIds: RequestIds;
  readonly documents: Documents;
  readonly scheduler: Scheduler;
  readonly lookup: Lookups;
  readonly log: RunLog;
};

export type EntityHandler = {
  /** Sync one record (its dependencies first); returns what happened. */
  sync(ctx: SyncContext, bproId: string, event: string): Promise<Step>;
};
