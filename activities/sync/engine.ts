// The sync of one tenant's records into its QuickBooks company. One instance per activity run:
// it caches the company's lists for that run. Every record goes: link known? → match an existing
// QBO record → create (deterministic requestid) → link → log. Dependencies are ensured first.
// With batching (a page of records), records run side by side through a BatchingClient, so their
// QBO calls share batch requests; a record is synced once per run even when several others need it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../../db/client';
import { findLink, findLinkByQboId, saveLink, type LinkEntity } from '../../db/queries/entity-links';
import { clearPendingCreate, findPendingCreate, notePendingCreate } from '../../db/queries/pending-creates';
import { releaseLease, renewLeases, tryTakeLease } from '../../db/queries/record-leases';
import { appendLog } from '../../db/queries/sync-log';
import type { SyncEntity } from '../../workflows/contracts';
import { MappingError, refValue } from '../mapping/types';
import { BatchingClient, type SyncClient } from '../qbo/batching-client';
import type { QboAccount, QboEntity } from '../qbo/client';
import { QboError } from '../qbo/errors';
import type { Condition } from '../qbo/query';
import { requestIdFor } from '../qbo/request-id';
import type { QboServices } from '../qbo/services';
import { DependencyFailed, failed, RecordBusy, toOutcome, type Step } from './outcome';
import type { RecordOutcome, SyncSnapshot } from './types';

export type EngineDeps = { db: Database; qbo: QboServices };

/**
 * The chain of records the running code is syncing (per engine), to stop dependency cycles. One
 * instance for the process: every live AsyncLocalStorage costs every promise created anywhere.
 */
const currentChain = new AsyncLocalStorage<{ engine: SyncEngine; chain: readonly string[] }>();

/** A customer or item a document names. */
export type DocumentRef = { entity: 'customer' | 'product'; bproId: string; qboId: string };

/** A document's write: which record, and the customers and items it names (for `neededBy`). */
export type DocumentWrite = {
  entity: 'invoice' | 'payment' | 'refund';
  qboEntity: 'Invoice' | 'Payment' | 'RefundReceipt';
  bproId: string;
  refs: DocumentRef[];
  neededBy: string;
};

/** How long a record's lease lasts unless renewed: a crashed worker's leases free up this soon. */
const LEASE_TTL_MS = 15_000;
/** Leases are renewed this often while their records sync. */
const LEASE_RENEW_MS = 5_000;
/** How long a record waits for another sync's lease before its activity is retried later. */
const LEASE_WAIT_MS = 20_000;

export type EntityHandler = {
  /** Sync one record (its dependencies first); returns what happened. */
  sync(engine: SyncEngine, bproId: string, event: string): Promise<Step>;
};

export type EngineOptions = {
  /** 'auto', or a support re-run's key: part of create request ids so QBO does not replay an old failure. */
  runKey?: string;
  /** Share QBO batch requests between records synced side by side (`runConcurrently`). */
  batching?: boolean;
};

export class SyncEngine {
  readonly client: SyncClient;
  readonly runKey: string;
  private readonly batcher: BatchingClient | undefined;
  private readonly cache = new Map<string, Promise<unknown>>();
  /** Records being synced in this run, so each is synced once however many others need it. */
  private readonly inFlight = new Map<string, Promise<Step>>();
  private readonly serials = new Map<string, Promise<void>>();
  /** Records whose pending-create note this run wrote or acted on: saving their link clears it. */
  private readonly pendingNoted = new Set<string>();
  /** This run's name on the record leases it takes. */
  private readonly leaseHolder = randomUUID();
  private leasesHeld = 0;
  private leaseRenewal: NodeJS.Timeout | undefined;

  constructor(
    readonly deps: EngineDeps,
    readonly tenantId: string,
    readonly snapshot: SyncSnapshot,
    readonly workflowId: string,
    private readonly handlers: Record<SyncEntity, EntityHandler>,
    options: EngineOptions = {},
  ) {
    const client = deps.qbo.clientFor(tenantId);
    this.runKey = options.runKey ?? 'auto';
    this.batcher = options.batching ? new BatchingClient(client) : undefined;
    this.client = this.batcher ?? client;
  }

  get db(): Database {
    return this.deps.db;
  }

  /** Memoised per run: company lists read once (accounts, payment methods, tax codes, …). */
  cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key) as Promise<T> | undefined;
    if (hit) return this.waitFor(hit, () => new Error(`Waiting for ${key} never ended`));
    const loading = load();
    this.cache.set(key, loading);
    loading.catch(() => this.cache.delete(key));
    return loading;
  }

  /** Drops a memoised list, so the next `cached` reads it again (after a write of unknown outcome). */
  forget(key: string): void {
    this.cache.delete(key);
  }

  /** Awaits work another record of this run started (lets batches go out meanwhile). */
  private waitFor<T>(promise: Promise<T>, stalled: () => Error): Promise<T> {
    return this.batcher ? this.batcher.wait(promise, stalled) : promise;
  }

  /**
   * Runs `fn` for one key at a time within this run, in call order: records that read and then
   * change the same QBO record (payments applied to one invoice) must not interleave.
   */
  async serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.serials.get(key) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.serials.set(key, tail);
    try {
      await this.waitFor(previous, () => new DependencyFailed(`Waiting for ${key} never ended`));
      return await fn();
    } finally {
      release();
      if (this.serials.get(key) === tail) this.serials.delete(key);
    }
  }

  /**
   * Syncs records side by side (one batching task each) and reports each outcome as it ends.
   * Settles every record before returning; the first error that must go to Temporal (retryable,
   * lost authorisation) is thrown after all have ended, so none keeps running past the attempt.
   */
  async runConcurrently(
    entity: SyncEntity,
    ids: readonly string[],
    event: string,
    onOutcome: (index: number, outcome: RecordOutcome) => void,
  ): Promise<void> {
    const run = (id: string) => this.runOnce(entity, id, event);
    const settled = await Promise.allSettled(
      ids.map(async (id, index) => {
        const step = await (this.batcher ? this.batcher.task(() => run(id)) : run(id)).catch(
          (error: unknown) => {
            // The record was already syncing as another's dependency, and that never ended (logged there).
            if (error instanceof DependencyFailed) return failed(error.message);
            throw error;
          },
        );
        onOutcome(index, toOutcome(step));
      }),
    );
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** `run`, unless this run is already syncing that record: then its outcome. */
  runOnce(entity: SyncEntity, bproId: string, event: string, note?: string): Promise<Step> {
    const key = `${entity}:${bproId}`;
    const store = currentChain.getStore();
    const chain = store?.engine === this ? store.chain : [];
    if (chain.includes(key))
      return Promise.reject(new DependencyFailed(`${describe(entity)} ${bproId} depends on itself`));
    const running = this.inFlight.get(key);
    if (running)
      return this.waitFor(
        running,
        () => new DependencyFailed(`${describe(entity)} ${bproId} and a record it needs need each other`),
      );
    const promise = currentChain.run({ engine: this, chain: [...chain, key] }, () =>
      this.run(entity, bproId, event, note),
    );
    this.inFlight.set(key, promise);
    const done = () => {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
    };
    promise.then(done, done);
    return promise;
  }

  accounts(): Promise<QboAccount[]> {
    return this.cached('accounts', () => this.client.accounts('all'));
  }

  link(entity: LinkEntity, bproId: string) {
    return findLink(this.db, this.tenantId, entity, bproId);
  }

  /** Whether a QBO record is already linked to a different BPro record of this entity. */
  async linkedToOther(entity: LinkEntity, qboId: string, bproId: string): Promise<boolean> {
    const owner = await findLinkByQboId(this.db, this.tenantId, entity, qboId);
    return owner !== null && owner.bproId !== bproId;
  }

  async saveLink(
    entity: LinkEntity,
    bproId: string,
    qbo: QboEntity,
    sourceHash: string | null,
  ): Promise<void> {
    await saveLink(this.db, {
      tenantId: this.tenantId,
      entity,
      bproId,
      qboId: qbo.Id,
      qboSyncToken: qbo.SyncToken ?? null,
      sourceHash,
    });
    if (this.pendingNoted.delete(`${entity}:${bproId}`))
      await clearPendingCreate(this.db, { tenantId: this.tenantId, entity, bproId });
  }

  /**
   * The copy of a document an earlier run of this record sent to QuickBooks but never linked (its
   * answer was lost, or the worker died between QBO's commit and the link), found by the customer,
   * date, number and PrivateNote marker it was created with, so also after the BPro record changed,
   * was cancelled or was deleted. No QBO call unless such a create is on record; a note whose copy
   * is not in QuickBooks (the create never committed) is cleared.
   */
  async earlierCopy(entity: DocumentWrite['entity'], bproId: string): Promise<QboEntity | null> {
    const key = { tenantId: this.tenantId, entity, bproId };
    const pending = await findPendingCreate(this.db, key);
    if (!pending) return null;
    const where: Condition[] = [{ field: 'CustomerRef', op: '=', value: pending.customerQboId }];
    if (pending.txnDate) where.push({ field: 'TxnDate', op: '=', value: pending.txnDate });
    if (pending.docNumber) where.push({ field: 'DocNumber', op: '=', value: pending.docNumber });
    for (const candidate of await this.client.queryAll(pending.qboEntity, where)) {
      const note = typeof candidate.PrivateNote === 'string' ? candidate.PrivateNote : '';
      if (
        (note === pending.marker || note.startsWith(`${pending.marker}\n`)) &&
        !(await this.linkedToOther(entity, candidate.Id, bproId))
      ) {
        this.pendingNoted.add(`${entity}:${bproId}`);
        return candidate;
      }
    }
    await clearPendingCreate(this.db, key);
    return null;
  }

  /** The request id of a create: stable for the same payload, new when the payload or a re-run changes it. */
  createRequestId(entity: SyncEntity, bproId: string, body: unknown): string {
    return this.requestId('create', entity, bproId, body);
  }

  updateRequestId(entity: SyncEntity, bproId: string, body: unknown): string {
    return this.requestId('update', entity, bproId, body);
  }

  private requestId(operation: string, entity: SyncEntity, bproId: string, body: unknown): string {
    const payload = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16);
    return requestIdFor({
      tenantId: this.tenantId,
      entity,
      bproId,
      operation,
      sourceVersion: `${payload}:${this.runKey}`,
    });
  }

  /** First QBO record matching all conditions, active or not (name lists hide inactive ones by default). */
  async findOne(qboEntity: string, where: Condition[], includeInactive = true): Promise<QboEntity | null> {
    const conditions: Condition[] = includeInactive
      ? [...where, { field: 'Active', op: 'IN', value: [true, false] }]
      : where;
    const rows = await this.client.queryAll(qboEntity, conditions);
    return rows[0] ?? null;
  }

  /**
   * The QBO id of a record another one needs, syncing it now when it is not linked yet (even
   * before the start date: design.md §1's dependency rule; the log says so).
   */
  async ensure(entity: SyncEntity, bproId: string, neededBy: string): Promise<string> {
    const existing = await this.link(entity, bproId);
    if (existing) return existing.qboId;
    let step: Step;
    try {
      step = await this.runOnce(entity, bproId, 'dependency', `needed by ${neededBy}`);
    } catch (error) {
      if (error instanceof DependencyFailed)
        throw new DependencyFailed(`${error.message} (needed by ${neededBy})`);
      throw error;
    }
    if (!step.qboId || step.action === 'failed' || step.action === 'skipped') {
      throw new DependencyFailed(
        `${describe(entity)} ${bproId} could not be synced: ${step.message ?? step.action}`,
      );
    }
    return step.qboId;
  }

  /**
   * Syncs one record and logs the outcome. QBO failures that retrying can fix (throttling,
   * outages, network, stale SyncToken) and lost authorisation propagate to Temporal; everything
   * else ends the record as failed, with the reason in the log.
   */
  async run(entity: SyncEntity, bproId: string, event: string, note?: string): Promise<Step> {
    let step: Step;
    try {
      step = await this.leased(entity, bproId, () => this.handlers[entity].sync(this, bproId, event));
    } catch (error) {
      if (error instanceof RecordBusy) throw error;
      if (error instanceof QboError && (error.retryable || error.type === 'auth_revoked')) throw error;
      // Only what QuickBooks or BPro's data decided ends the record; anything else (a dropped
      // database connection, a crash) goes to Temporal, which retries the activity.
      if (!(error instanceof QboError || error instanceof MappingError || error instanceof DependencyFailed))
        throw error;
      step = failed(explain(entity, error));
    }
    const message =
      note && step.action !== 'failed' ? [step.message, note].filter(Boolean).join('; ') : step.message;
    await appendLog(this.db, {
      tenantId: this.tenantId,
      entity,
      bproId,
      action: step.action,
      message: message ?? null,
      qboId: step.qboId ?? null,
      workflowId: this.workflowId,
    });
    return { ...step, message };
  }

  /**
   * Runs one record's sync holding its lease, so no other worker syncs it at the same time (both
   * could find it missing in QuickBooks and create it twice). Waits a while for another holder,
   * then gives up with RecordBusy: the activity is retried, and by then the record is linked.
   */
  private async leased<T>(entity: SyncEntity, bproId: string, sync: () => Promise<T>): Promise<T> {
    const key = { tenantId: this.tenantId, entity, bproId };
    const deadline = Date.now() + LEASE_WAIT_MS;
    for (let delay = 50; !(await tryTakeLease(this.db, key, this.leaseHolder, LEASE_TTL_MS));) {
      if (Date.now() + delay > deadline)
        throw new RecordBusy(`${describe(entity)} ${bproId} is being synced by another run; retrying later`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 1_000);
    }
    this.leasesHeld += 1;
    this.leaseRenewal ??= setInterval(() => {
      renewLeases(this.db, this.leaseHolder, LEASE_TTL_MS).catch(() => {});
    }, LEASE_RENEW_MS);
    try {
      return await sync();
    } finally {
      this.leasesHeld -= 1;
      if (this.leasesHeld === 0) {
        clearInterval(this.leaseRenewal);
        this.leaseRenewal = undefined;
      }
      await releaseLease(this.db, key, this.leaseHolder).catch(() => {});
    }
  }

  /**
   * Creates a document (invoice, payment, refund receipt); see `writeReferring`. A note of the
   * create is saved first (cleared with the link), so `earlierCopy` can find it if the answer is lost.
   */
  async createDocument(doc: DocumentWrite, body: Record<string, unknown>): Promise<QboEntity> {
    const customerQboId = refValue(body['CustomerRef']);
    const marker = typeof body['PrivateNote'] === 'string' ? body['PrivateNote'].split('\n')[0] : undefined;
    if (!customerQboId || !marker)
      throw new Error(`A ${doc.qboEntity} create needs a CustomerRef and a PrivateNote marker`);
    await notePendingCreate(this.db, {
      tenantId: this.tenantId,
      entity: doc.entity,
      bproId: doc.bproId,
      qboEntity: doc.qboEntity,
      customerQboId,
      txnDate: typeof body['TxnDate'] === 'string' ? body['TxnDate'] : null,
      docNumber: typeof body['DocNumber'] === 'string' ? body['DocNumber'] : null,
      marker,
    });
    this.pendingNoted.add(`${doc.entity}:${doc.bproId}`);
    return this.writeReferring(doc, (retry) =>
      this.client.create(
        doc.qboEntity,
        body,
        this.createRequestId(doc.entity, doc.bproId, retry ? { body, retry } : body),
      ),
    );
  }

  /** Updates a document (sparse unless `change.sparse` says otherwise); see `writeReferring`. */
  updateDocument(doc: DocumentWrite, change: QboEntity): Promise<QboEntity> {
    return this.writeReferring(doc, (retry) =>
      this.client.update(
        doc.qboEntity,
        change,
        this.updateRequestId(doc.entity, doc.bproId, retry ? { change, retry } : change),
      ),
    );
  }

  /**
   * Writes a document naming customers and items (`doc.refs`). QBO refuses one that names an
   * inactive record (610); only then are the named records read, the inactive ones made active
   * again (a `warning` in the log) and the write tried once more (`retry`: a new request id, as
   * QBO replays the first answer to an id). Checking first would cost a read per record per page.
   */
  private async writeReferring(
    doc: DocumentWrite,
    write: (retry: boolean) => Promise<QboEntity>,
  ): Promise<QboEntity> {
    try {
      return await write(false);
    } catch (error) {
      if (!(error instanceof QboError && error.type === 'not_found_or_inactive')) throw error;
      const reactivated = await Promise.all(doc.refs.map((ref) => this.reactivate(ref, doc.neededBy)));
      if (!reactivated.includes(true)) throw error;
      return write(true);
    }
  }

  /** Makes a referenced QBO customer or item active again if it is not; true if it was inactive. */
  private reactivate(ref: DocumentRef, neededBy: string): Promise<boolean> {
    const qboEntity = ref.entity === 'customer' ? 'Customer' : 'Item';
    // Once per record and run, however many documents of the run refer to it.
    return this.cached(`active:${qboEntity}:${ref.qboId}`, async () => {
      const current = await this.client.read(qboEntity, ref.qboId);
      if (current.Active !== false) return false;
      const change = {
        Id: current.Id,
        SyncToken: current.SyncToken ?? '0',
        Active: true,
        ...(ref.entity === 'product' ? { Type: current.Type } : {}),
      };
      await this.client.update(qboEntity, change, this.updateRequestId(ref.entity, ref.bproId, change));
      await this.warn(
        ref.entity,
        ref.bproId,
        `Made active again in QuickBooks: ${neededBy} refers to it (it is inactive in BPro)`,
        ref.qboId,
      );
      return true;
    });
  }

  /** An extra `warning` entry in the log (e.g. a disambiguated name, a tax rounding difference). */
  async warn(entity: SyncEntity, bproId: string, message: string, qboId?: string): Promise<void> {
    await appendLog(this.db, {
      tenantId: this.tenantId,
      entity,
      bproId,
      action: 'warning',
      message,
      qboId: qboId ?? null,
      workflowId: this.workflowId,
    });
  }

  async runToOutcome(entity: SyncEntity, bproId: string, event: string): Promise<RecordOutcome> {
    return toOutcome(await this.runOnce(entity, bproId, event));
  }
}

const names: Record<SyncEntity, string> = {
  customer: 'Customer',
  productCategory: 'Product category',
  product: 'Product',
  paymentMethod: 'Payment method',
  term: 'Term',
  tax: 'Tax',
  invoice: 'Order',
  payment: 'Payment',
  refund: 'Refund',
};
export const describe = (entity: SyncEntity) => names[entity];

/** A failure in plain words for the transaction log (QBO's code and field when it gave them). */
export function explain(entity: SyncEntity, error: unknown): string {
  if (error instanceof QboError) {
    const where = error.element ? ` (field ${error.element})` : '';
    const code = error.code
      ? ` [QuickBooks error ${error.code}${error.intuitTid ? `, intuit_tid ${error.intuitTid}` : ''}]`
      : '';
    return `QuickBooks rejected this ${describe(entity).toLowerCase()}: ${error.detail ?? error.message}${where}${code}`;
  }
  if (error instanceof MappingError || error instanceof DependencyFailed) return error.message;
  return error instanceof Error ? error.message : String(error);
}
