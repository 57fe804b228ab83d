// Coalesces QBO calls into batch requests (qbo-api.md §4.2, §5): up to 30 operations per call.
// Lookups (queries with `=`, reads by Id) and creates/updates are held in a queue that goes out
// when it holds 30 items, when `flush()` is called (the caller knows nobody else will add to it),
// or at the latest after `maxHoldMs`. Everything else is a plain call at once. Lookups held
// together that differ only in one value go out as one `IN` statement (lookup-merge.ts); writes
// go out through whichever lane has a rate-limit token now, batch or plain (write-lanes.ts).
//
// Writes lose their own request ids inside a batch (QBO has one per batch): the batch gets one
// derived from its items, so a retried batch of the same items is replayed, and a different
// composition after a lost answer is caught by the sync's match-before-create. A single item goes
// out as a plain call with its own request id (a batch of one would spend a batch token).
import type { QboClient } from './client';
import { BATCH_LIMIT, type BatchItem, type BatchResult, type QboEntity } from './schemas';
import { LOOKUP_ROWS, type Lookup } from './lookup-merge';
import { mergeLookups, type Answer, type Pending } from './merged-lookups';
import { buildQuery, type Condition } from './query';
import type { CallObserver, SyncClient } from './sync-client';
import { batchRequestId } from './request-id';
import { isWanted, onWantedRecord } from './wanted-records';
import { sharedWritePool, WritePool, type UrgentSender } from './write-pool';
import { sendThroughLanes, type LaneProbe, type LaneSenders } from './write-lanes';

export type QueuedOperation =
  | { kind: 'query'; entity: string; statement: string; lookup?: Lookup }
  | {
      kind: 'write';
      operation: 'create' | 'update';
      entity: string;
      body: Record<string, unknown>;
      requestId: string;
    };

/** Lists whose queries hide inactive records unless asked (qbo-api.md §2.6). */
const NAME_LISTS = new Set(['Customer', 'Vendor', 'Employee', 'Item', 'Account', 'PaymentMethod', 'Term']);
/**
 * Longest a held call waits for the queue to fill when its run has not flushed it (the run flushes
 * as soon as every record waits: record-tasks.ts). Short holds sent part-filled batches while
 * records waited on the database.
 */
const HOLD_MS = 1_000;
/** Fewer merged lookups than this go out as plain queries, not as a batch. */
const LOOKUP_BATCH_MIN = 20;

export type BatchingStats = { batchCalls: number; batchedItems: number; plainCalls: number };

export class BatchQueue implements SyncClient {
  private queue: Pending[] = [];
  private holdTimer: NodeJS.Timeout | undefined;
  /** Listening for wanted records while calls are held (a listener per idle queue would pile up). */
  private stopListening: (() => void) | undefined;
  readonly stats: BatchingStats = { batchCalls: 0, batchedItems: 0, plainCalls: 0 };

  constructor(
    private readonly client: QboClient,
    private readonly observer: CallObserver,
    private readonly options: {
      maxHoldMs?: number;
      /** Bulk writes of one company share a pool in this worker (key: company and call class). */
      poolKey?: string;
    } = {},
  ) {}

  async read(entity: string, id: string): Promise<QboEntity> {
    const where: Condition[] = [{ field: 'Id', op: '=', value: id }];
    if (NAME_LISTS.has(entity)) where.push({ field: 'Active', op: 'IN', value: [true, false] });
    const rows = await this.query(entity, where);
    // Not found (or not queryable): the plain read gives QBO's own answer.
    return rows[0] ?? this.direct(() => this.client.read(entity, id));
  }

  async create(
    entity: string,
    body: Record<string, unknown>,
    requestId: string,
    include?: string,
  ): Promise<QboEntity> {
    if (include) return this.direct(() => this.client.create(entity, body, requestId, include));
    return this.write({ kind: 'write', operation: 'create', entity, body, requestId });
  }

  async update(
    entity: string,
    body: QboEntity,
    requestId: string,
    options: { sparse?: boolean } = {},
  ): Promise<QboEntity> {
    const full = { ...body, sparse: options.sparse ?? true };
    return this.write({ kind: 'write', operation: 'update', entity, body: full, requestId });
  }

  /** Lookups (a condition with `=`) are batched; listing a whole list is a plain paged query. */
  async queryAll(entity: string, where: Condition[] = [], orderBy = 'Id'): Promise<QboEntity[]> {
    if (!where.some((c) => c.op === '='))
      return this.direct(() => this.client.queryAll(entity, where, orderBy));
    return this.query(entity, where, orderBy);
  }

  delete(...args: Parameters<QboClient['delete']>): ReturnType<QboClient['delete']> {
    return this.direct(() => this.client.delete(...args));
  }

  void(...args: Parameters<QboClient['void']>): ReturnType<QboClient['void']> {
    return this.direct(() => this.client.void(...args));
  }

  createTaxCode(...args: Parameters<QboClient['createTaxCode']>): ReturnType<QboClient['createTaxCode']> {
    return this.direct(() => this.client.createTaxCode(...args));
  }

  preferences(): ReturnType<QboClient['preferences']> {
    return this.direct(() => this.client.preferences());
  }

  accounts(...args: Parameters<QboClient['accounts']>): ReturnType<QboClient['accounts']> {
    return this.direct(() => this.client.accounts(...args));
  }

  /** Sends everything held now, in batches of at most 30. */
  flush(): void {
    while (this.queue.length > 0) this.send(this.queue.splice(0, BATCH_LIMIT));
  }

  /** A plain call, reported to the observer as sent. */
  private async direct<T>(call: () => Promise<T>): Promise<T> {
    const done = this.observer.sent();
    try {
      return await call();
    } finally {
      done();
    }
  }

  /** A lookup, held to share a statement with the others held with it (lookup-merge.ts). */
  private async query(entity: string, where: Condition[], orderBy = 'Id'): Promise<QboEntity[]> {
    const statement = buildQuery(entity, { where, orderBy, start: 1, max: LOOKUP_ROWS });
    const result = await this.enqueue({
      kind: 'query',
      entity,
      statement,
      lookup: { entity, where, orderBy },
    });
    if (result.incomplete) return this.direct(() => this.client.queryAll(entity, where, orderBy));
    return (result.query?.[entity] ?? []) as QboEntity[];
  }

  private async write(operation: QueuedOperation & { kind: 'write' }): Promise<QboEntity> {
    const result = await this.enqueue(operation);
    if (!result.entity) throw new Error(`QuickBooks returned no ${operation.entity} for a batch item`);
    return result.entity;
  }

  private enqueue(operation: QueuedOperation): Promise<Answer> {
    const answered = this.observer.held();
    return new Promise<Answer>((resolve, reject) => {
      const leases = this.observer.leases?.();
      this.queue.push({ operation, resolve, reject, leases });
      this.stopListening ??= onWantedRecord((tag) => this.sendWanted(tag));
      // A call another run waits for is not held for others to join it (wanted-records.ts).
      if (this.queue.length >= BATCH_LIMIT || isWanted(leases)) this.flush();
      else this.holdTimer ??= setTimeout(() => this.flushHeld(), this.options.maxHoldMs ?? HOLD_MS);
    }).finally(answered);
  }

  /** Another run waits for the record under `tag`: what is held goes now if a call of it is held. */
  private sendWanted(tag: string): void {
    if (this.queue.some((item) => item.leases?.includes(tag))) this.flush();
  }

  private flushHeld(): void {
    this.holdTimer = undefined;
    if (this.queue.length > 0) this.send(this.queue.splice(0, BATCH_LIMIT));
    if (this.queue.length > 0)
      this.holdTimer = setTimeout(() => this.flushHeld(), this.options.maxHoldMs ?? HOLD_MS);
  }

  private send(items: Pending[]): void {
    if (this.queue.length === 0) {
      clearTimeout(this.holdTimer);
      this.holdTimer = undefined;
      this.stopListening?.();
      this.stopListening = undefined;
    }
    // Lookups and writes go in separate batches: only writes carry a request id (a replayed
    // lookup would answer from the past). A bulk page's merged lookups go as plain calls, leaving
    // the batch budget (40 a minute, worth 30 writes each) to the pooled writes. A record sync's
    // share a batch only while the batch lane has a token now (drained by a sync's pool, waiting
    // 1.5 s per token for every hook's lookups queued hooks by tens of seconds).
    const lookups = mergeLookups(items.filter((i) => i.operation.kind === 'query'));
    if (this.options.poolKey && lookups.length >= LOOKUP_BATCH_MIN) void this.execute(lookups, false);
    else if (this.options.poolKey) for (const lookup of lookups) void this.execute([lookup], false);
    else void sendThroughLanes(lookups, this.probe, this.lookupSenders);
    // Writes take whichever lane has a token now: a batch, or plain calls (write-lanes.ts).
    // Bulk writes join the company's pool in this worker, so batches fill across runs (write-pool.ts).
    const writes = items.filter((i) => i.operation.kind === 'write');
    if (this.options.poolKey && writes.length > 0)
      sharedWritePool(
        this.options.poolKey,
        (onIdle) => new WritePool(this.probe, this.senders, onIdle, Date.now, this.urgent),
      ).submit(writes);
    else void sendThroughLanes(writes, this.probe, this.senders);
  }

  private readonly senders: LaneSenders<Pending> = {
    batch: (group) => void this.execute(group, true),
    plain: (item) => void this.execute([item], true),
  };

  /** A write a waiting run needs: sent now, its call served as a hook's (wanted-records.ts). */
  private readonly urgent: UrgentSender<Pending> = {
    tags: (item) => item.leases,
    send: (item) => void this.execute([item], true),
  };

  private readonly lookupSenders: LaneSenders<Pending> = {
    batch: (group) => void this.execute(group, false),
    plain: (item) => void this.execute([item], false),
  };

  /** A token taken by a probe is used by the client's next call of its kind (QboClient.tryToken). */
  private readonly probe: LaneProbe = {
    // A probe that fails (the database) says "no token": the call then waits for its own, and fails there.
    batchNow: () => this.client.tryToken('batch').catch(() => false),
    plainNow: () => this.client.tryToken('request').catch(() => false),
  };

  /** The client for these items' calls, made under their record leases (wanted-records.ts). */
  private clientFor(items: Pending[]): QboClient {
    const tags = [...new Set(items.flatMap((item) => item.leases ?? []))];
    return tags.length > 0 ? this.client.tagged(tags) : this.client;
  }

  private async execute(items: Pending[], withRequestId: boolean): Promise<void> {
    if (items.length === 0) return;
    let results: Array<BatchResult | { bId: string; thrown: unknown }>;
    try {
      results =
        items.length === 1 ? [await this.plain(items[0] as Pending)] : await this.batch(items, withRequestId);
    } catch (error) {
      results = items.map((_, i) => ({ bId: String(i), thrown: error }));
    }
    items.forEach((item, i) => {
      const result = results[i] as BatchResult | { bId: string; thrown: unknown };
      if ('thrown' in result) item.reject(result.thrown);
      else if (result.error) item.reject(result.error);
      else item.resolve(result);
    });
  }

  private async plain(item: Pending): Promise<BatchResult | { bId: string; thrown: unknown }> {
    this.stats.plainCalls += 1;
    const op = item.operation;
    try {
      if (op.kind === 'query') {
        const rows = await this.clientFor([item]).queryPage(op.statement, op.entity);
        return { bId: '0', query: { [op.entity]: rows } };
      }
      const entity =
        op.operation === 'create'
          ? await this.clientFor([item]).create(op.entity, op.body, op.requestId)
          : await this.clientFor([item]).update(op.entity, op.body as QboEntity, op.requestId, {
              sparse: op.body.sparse !== false,
            });
      return { bId: '0', entity };
    } catch (error) {
      return { bId: '0', thrown: error };
    }
  }

  private batch(items: Pending[], withRequestId: boolean): Promise<BatchResult[]> {
    this.stats.batchCalls += 1;
    this.stats.batchedItems += items.length;
    const batchItems: BatchItem[] = items.map(({ operation: op }, i) =>
      op.kind === 'query'
        ? { bId: String(i), query: op.statement }
        : { bId: String(i), operation: op.operation, entity: op.entity, body: op.body },
    );
    const requestId = withRequestId ? batchRequestId(items.map((i) => i.operation)) : undefined;
    return this.clientFor(items).batch(batchItems, requestId);
  }
}
