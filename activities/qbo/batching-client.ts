// Turns the QBO calls of records syncing side by side into QBO batch requests (qbo-api.md §4.2,
// §5): up to 30 operations per call, so a page of records costs a few calls instead of a few per
// record. Each record runs as a *task*; a task waiting for a queued call (or for another task's
// record it depends on) is *parked*. The queue goes out when it holds 30 items or when every
// task is parked (nothing else will join it), and at the latest after `maxHoldMs`.
//
// Writes lose their own request ids inside a batch (QBO has one per batch): the batch gets one
// derived from its items, so a retried batch of the same items is replayed, and a different
// composition after a lost answer is caught by the handlers' match-before-create. A single item
// goes out as a plain call with its own request id (a batch of one would spend a batch token).
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { BATCH_LIMIT, type BatchItem, type BatchResult, type QboClient, type QboEntity } from './client';
import { buildQuery, type Condition } from './query';

/** The part of the QBO client the sync uses; the batching client offers the same. */
export type SyncClient = Pick<
  QboClient,
  'read' | 'create' | 'update' | 'delete' | 'queryAll' | 'void' | 'createTaxCode' | 'preferences' | 'accounts'
>;

type Operation =
  | { kind: 'query'; entity: string; statement: string }
  | {
      kind: 'write';
      operation: 'create' | 'update';
      entity: string;
      body: Record<string, unknown>;
      requestId: string;
    };

/** `parked`: calls and waits of the task still pending; `ended`: its record's sync returned. */
type TaskState = { client: BatchingClient; parked: number; ended: boolean };

/**
 * Which task the running code belongs to. One instance for the process: every live
 * AsyncLocalStorage costs every promise created anywhere (one per client grew the CPU per record
 * with the number of pages synced).
 */
const currentTask = new AsyncLocalStorage<TaskState>();

type Pending = {
  operation: Operation;
  owner: TaskState | undefined;
  resolve: (result: BatchResult) => void;
  reject: (error: unknown) => void;
};

/** Lists whose queries hide inactive records unless asked (qbo-api.md §2.6). */
const NAME_LISTS = new Set(['Customer', 'Vendor', 'Employee', 'Item', 'Account', 'PaymentMethod', 'Term']);
/** Rows a batched lookup may return; more goes to a plain paged query instead. */
const LOOKUP_ROWS = 100;

export type BatchingStats = { batchCalls: number; batchedItems: number; plainCalls: number };

export class BatchingClient implements SyncClient {
  private queue: Pending[] = [];
  private running = 0;
  private parkedTasks = 0;
  private inFlight = 0;
  private holdTimer: NodeJS.Timeout | undefined;
  private settle: NodeJS.Immediate | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  /** Counts every change of the tasks' states, to tell a lasting standstill from a passing one. */
  private changes = 0;
  private readonly waiters = new Set<() => void>();
  readonly stats: BatchingStats = { batchCalls: 0, batchedItems: 0, plainCalls: 0 };

  constructor(
    private readonly client: QboClient,
    private readonly options: { maxHoldMs?: number; stallMs?: number } = {},
  ) {}

  /** Runs one record's sync as a task of this client. */
  async task<T>(fn: () => Promise<T>): Promise<T> {
    const state: TaskState = { client: this, parked: 0, ended: false };
    this.running += 1;
    try {
      return await currentTask.run(state, fn);
    } finally {
      this.running -= 1;
      this.changes += 1;
      state.ended = true;
      // A call it left behind (a branch of a failed Promise.all) no longer counts it as parked.
      if (state.parked > 0) this.parkedTasks -= 1;
      this.poke();
    }
  }

  /**
   * Waits for another task's work (a record this one depends on, a shared lookup). The task is
   * parked meanwhile, so the batch the other one waits for still goes out. When every task waits
   * and no call is out, nothing can ever finish (records needing each other): the waits are
   * rejected with `stalled()`.
   */
  wait<T>(promise: Promise<T>, stalled: () => Error): Promise<T> {
    const owner = this.ownTask();
    if (!owner) return promise;
    let fail: (error: Error) => void = () => {};
    const onStall = () => fail(stalled());
    const stall = new Promise<never>((_, reject) => (fail = reject));
    this.waiters.add(onStall);
    this.park(owner);
    this.poke();
    return Promise.race([promise, stall]).finally(() => {
      this.waiters.delete(onStall);
      this.unpark(owner);
    });
  }

  /** The task of this client the running code belongs to, if any. */
  private ownTask(): TaskState | undefined {
    const task = currentTask.getStore();
    return task?.client === this ? task : undefined;
  }

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

  /** A plain call; counted as out, so tasks waiting for its result are not taken for stuck. */
  private async direct<T>(call: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await call();
    } finally {
      this.inFlight -= 1;
      this.poke();
    }
  }

  private async query(entity: string, where: Condition[], orderBy = 'Id'): Promise<QboEntity[]> {
    const statement = buildQuery(entity, { where, orderBy, start: 1, max: LOOKUP_ROWS });
    const result = await this.enqueue({ kind: 'query', entity, statement });
    const rows = (result.query?.[entity] ?? []) as QboEntity[];
    return rows.length < LOOKUP_ROWS ? rows : this.direct(() => this.client.queryAll(entity, where, orderBy));
  }

  private async write(operation: Operation & { kind: 'write' }): Promise<QboEntity> {
    const result = await this.enqueue(operation);
    if (!result.entity) throw new Error(`QuickBooks returned no ${operation.entity} for a batch item`);
    return result.entity;
  }

  private enqueue(operation: Operation): Promise<BatchResult> {
    const owner = this.ownTask();
    return new Promise<BatchResult>((resolve, reject) => {
      const pending: Pending = { operation, owner, resolve, reject };
      if (!owner) {
        this.send([pending]);
        return;
      }
      this.queue.push(pending);
      this.park(owner);
      this.poke();
    });
  }

  private park(owner: TaskState): void {
    this.changes += 1;
    owner.parked += 1;
    if (owner.parked === 1 && !owner.ended) this.parkedTasks += 1;
  }

  private unpark(owner: TaskState): void {
    this.changes += 1;
    owner.parked -= 1;
    if (owner.parked === 0 && !owner.ended) this.parkedTasks -= 1;
  }

  /**
   * Called after every change of the queue or of the tasks' states. Full batches go at once; the
   * rest is decided once pending callbacks have run (tasks started together reach their first
   * call one after another, and a wait that just ended may not have unparked yet).
   */
  private poke(): void {
    while (this.queue.length >= BATCH_LIMIT) this.send(this.queue.splice(0, BATCH_LIMIT));
    this.settle ??= setImmediate(() => {
      this.settle = undefined;
      this.decide();
    });
  }

  private decide(): void {
    const everyoneWaits = this.parkedTasks >= this.running;
    if (this.queue.length > 0) {
      if (everyoneWaits) this.send(this.queue.splice(0, BATCH_LIMIT));
      else this.holdTimer ??= setTimeout(() => this.flushHeld(), this.options.maxHoldMs ?? 250);
      if (this.queue.length > 0) this.poke();
    } else if (this.looksStuck()) {
      // Every task waits for another and no call is out. Work this client does not see (a
      // database read a task left running) may still end a wait, so only a state that lasts is
      // taken for records needing each other.
      const seen = this.changes;
      this.stallTimer ??= setTimeout(() => {
        this.stallTimer = undefined;
        if (this.changes === seen && this.looksStuck()) for (const onStall of [...this.waiters]) onStall();
        else this.poke();
      }, this.options.stallMs ?? 2_000);
    }
  }

  private looksStuck(): boolean {
    return (
      this.queue.length === 0 &&
      this.parkedTasks >= this.running &&
      this.running > 0 &&
      this.inFlight === 0 &&
      this.waiters.size > 0
    );
  }

  private flushHeld(): void {
    this.holdTimer = undefined;
    if (this.queue.length > 0) this.send(this.queue.splice(0, BATCH_LIMIT));
  }

  private send(items: Pending[]): void {
    if (this.queue.length === 0 && this.holdTimer) {
      clearTimeout(this.holdTimer);
      this.holdTimer = undefined;
    }
    this.inFlight += 1;
    void this.execute(items).finally(() => {
      this.inFlight -= 1;
      this.poke();
    });
  }

  /**
   * Lookups and writes go in separate batches: only writes carry a request id (a replayed lookup
   * would answer from the past).
   */
  private async execute(items: Pending[]): Promise<void> {
    const lookups = items.filter((i) => i.operation.kind === 'query');
    const writes = items.filter((i) => i.operation.kind === 'write');
    await Promise.all([this.executeGroup(lookups, false), this.executeGroup(writes, true)]);
  }

  private async executeGroup(items: Pending[], withRequestId: boolean): Promise<void> {
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
      if (item.owner) this.unpark(item.owner);
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
        const rows = await this.client.queryPage(op.statement, op.entity);
        return { bId: '0', query: { [op.entity]: rows } };
      }
      const entity =
        op.operation === 'create'
          ? await this.client.create(op.entity, op.body, op.requestId)
          : await this.client.update(op.entity, op.body as QboEntity, op.requestId, {
              sparse: op.body.sparse !== false,
            });
      return { bId: '0', entity };
    } catch (error) {
      return { bId: '0', thrown: error };
    }
  }

  private async batch(items: Pending[], withRequestId: boolean): Promise<BatchResult[]> {
    this.stats.batchCalls += 1;
    this.stats.batchedItems += items.length;
    const batchItems: BatchItem[] = items.map(({ operation: op }, i) =>
      op.kind === 'query'
        ? { bId: String(i), query: op.statement }
        : { bId: String(i), operation: op.operation, entity: op.entity, body: op.body },
    );
    return this.client.batch(
      batchItems,
      withRequestId ? batchRequestId(items.map((i) => i.operation)) : undefined,
    );
  }
}

/**
 * One request id for a batch (≤ 36 characters, qbo-api.md §2.4): the same items give the same id,
 * so a batch retried after a lost answer is replayed, not applied twice.
 */
export function batchRequestId(operations: Operation[]): string {
  const hash = createHash('sha256');
  for (const op of operations)
    hash.update(op.kind === 'query' ? `q:${op.statement}` : `w:${op.requestId}`).update('\n');
  return `b-${hash.digest('hex').slice(0, 34)}`;
}
