// Which record runs when, within one run: each record once however many others need it, the
// records it depends on first (cycles refused), one at a time per `serial` key, and a page's
// records side by side (batched client) or one after another (plain client).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RecordOutcome, SyncEntity } from '../../workflows/contracts';
import { describe } from './log-wording';
import { DependencyFailed, failed, toOutcome } from './outcome';
import { noteWaitingFor, type RecordTasks } from './record-tasks';
import type { Links, Scheduler, Step } from './types';

/** Syncs one record and logs the outcome (run-record.ts). */
export type RunRecord = (entity: SyncEntity, bproId: string, event: string, note?: string) => Promise<Step>;

/**
 * The chain of records the running code is syncing (per scheduler), to stop dependency cycles.
 * One instance for the process: every live AsyncLocalStorage costs every promise created anywhere.
 */
const currentChain = new AsyncLocalStorage<{ scheduler: RecordScheduler; chain: readonly string[] }>();

export class RecordScheduler implements Scheduler {
  /** Records being synced in this run, so each is synced once however many others need it. */
  private readonly inFlight = new Map<string, Promise<Step>>();
  private readonly serials = new Map<string, Promise<void>>();
  private run: RunRecord = () => Promise.reject(new Error('RecordScheduler: no record runner'));

  constructor(
    private readonly tasks: RecordTasks,
    private readonly links: Links,
    /** Records of a page run side by side (their calls share batches) or one after another. */
    private readonly sideBySide: boolean,
    /** The lease tag of a record (wanted-records.ts), to pass a wait on to what it waits for. */
    private readonly tagOf?: (entity: SyncEntity, bproId: string) => string,
  ) {}

  runRecordsWith(run: RunRecord): void {
    this.run = run;
  }

  /**
   * Syncs records (side by side or one at a time) and reports each outcome as it ends. The first
   * error that must go to Temporal (retryable, lost authorisation) stops new records from starting
   * and is thrown once the started ones have ended, so none keeps running past the attempt.
   */
  async runAll(
    entity: SyncEntity,
    ids: readonly string[],
    event: string,
    onOutcome: (index: number, outcome: RecordOutcome) => void,
  ): Promise<void> {
    let next = 0;
    let failure: { error: unknown } | undefined;
    const lane = async () => {
      while (next < ids.length && !failure) {
        const index = next++;
        try {
          const step = await this.tasks
            .task(() => this.runOnce(entity, ids[index] as string, event))
            .catch((error: unknown) => {
              // It was already syncing as another's dependency, and that never ended (logged there).
              if (error instanceof DependencyFailed) return failed(error.message);
              throw error;
            });
          onOutcome(index, toOutcome(step));
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    const lanes = this.sideBySide ? ids.length : Math.min(1, ids.length);
    await Promise.all(Array.from({ length: lanes }, lane));
    if (failure) throw failure.error;
  }

  /** `run`, unless this run is already syncing that record: then its outcome. */
  runOnce(entity: SyncEntity, bproId: string, event: string, note?: string): Promise<Step> {
    const key = `${entity}:${bproId}`;
    const store = currentChain.getStore();
    const chain = store?.scheduler === this ? store.chain : [];
    if (chain.includes(key))
      return Promise.reject(new DependencyFailed(`${describe(entity)} ${bproId} depends on itself`));
    const running = this.inFlight.get(key);
    if (running) {
      // Already syncing as another task (a page's record, a category's parent): a hook waiting
      // for the records above this wait now wants that one too.
      const unnote = this.tagOf ? noteWaitingFor(this.tagOf(entity, bproId)) : () => {};
      return this.tasks
        .wait(
          running,
          () => new DependencyFailed(`${describe(entity)} ${bproId} and a record it needs need each other`),
        )
        .finally(unnote);
    }
    const promise = currentChain.run({ scheduler: this, chain: [...chain, key] }, () =>
      this.run(entity, bproId, event, note),
    );
    this.inFlight.set(key, promise);
    const done = () => {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
    };
    promise.then(done, done);
    return promise;
  }

  /**
   * The QBO id of a record another one needs, syncing it now when it is not linked yet (even
   * before the start date: design.md §1's dependency rule; the log says so).
   */
  async ensure(entity: SyncEntity, bproId: string, neededBy: string): Promise<string> {
    const existing = await this.links.find(entity, bproId);
    if (existing) return existing.qboId;
    let step: Step;
    try {
      step = await this.dependency(entity, bproId, neededBy);
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
   * A dependency synced as a task of its own, the record needing it parked meanwhile: dependencies
   * ensured together (an order's customer and items) are tasks side by side, so what they send to
   * QuickBooks waits for all of them and shares batches.
   */
  private dependency(entity: SyncEntity, bproId: string, neededBy: string): Promise<Step> {
    const synced = this.tasks.task(() => this.runOnce(entity, bproId, 'dependency', `needed by ${neededBy}`));
    return this.tasks.wait(
      synced,
      () => new DependencyFailed(`${describe(entity)} ${bproId} and a record it needs need each other`),
    );
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
      await this.tasks.wait(previous, () => new DependencyFailed(`Waiting for ${key} never ended`));
      return await fn();
    } finally {
      release();
      if (this.serials.get(key) === tail) this.serials.delete(key);
    }
  }
}
