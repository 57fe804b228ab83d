// One run of the sync (a page of an initial sync, or one record's hook): builds the run's rooms
// around one QBO client and hands handlers the narrow `SyncContext`.
import type { Database } from '../../db/client';
import type { RecordOutcome, SyncEntity, SyncSnapshot } from '../../workflows/contracts';
import { observedClient } from '../qbo/sync-client';
import { leaseTag } from '../qbo/wanted-records';
import type { Priority } from '../qbo/rate-limiter';
import type { QboServices } from '../qbo/services';
import { DocumentWriter } from './document-writes';
import { EarlierCopies } from './earlier-copies';
import { handlers as defaultHandlers } from './handlers';
import { RecordLeases } from './leases';
import { RunLinks } from './links';
import { runLookups } from './lookups';
import { RecordTasks } from './record-tasks';
import { recordRunner } from './run-record';
import { MemoCache } from './run-cache';
import { RunLogWriter } from './run-log';
import { runRequestIds } from './request-ids';
import { RecordScheduler } from './scheduler';
import type { EntityHandler, SyncContext } from './types';

export type SyncRunDeps = { db: Database; qbo: QboServices };

export type SyncRunOptions = {
  tenantId: string;
  snapshot: SyncSnapshot;
  workflowId: string;
  /** 'auto', or a support re-run's key: part of create request ids so QBO does not replay an old failure. */
  runKey?: string;
  /** The company's write epoch (company-gate.ts): part of request ids once a block has ended. */
  epoch?: string;
  /** QBO calls of records synced side by side share batch requests. */
  batching?: boolean;
  /** The realm limiter's class for this run's calls: 'hook' for record syncs, else 'bulk' (default). */
  priority?: Priority;
  handlers?: Record<SyncEntity, EntityHandler>;
};

export type SyncRun = {
  readonly context: SyncContext;
  /** Syncs records, reporting each outcome as it ends (see RecordScheduler.runAll). */
  runAll(
    entity: SyncEntity,
    ids: readonly string[],
    event: string,
    onOutcome: (index: number, outcome: RecordOutcome) => void,
  ): Promise<void>;
  /** Syncs one record. */
  runOne(entity: SyncEntity, bproId: string, event: string): Promise<RecordOutcome>;
};

export function createSyncRun(deps: SyncRunDeps, options: SyncRunOptions): SyncRun {
  const { db } = deps;
  const { tenantId } = options;
  const tasks = new RecordTasks();
  const observed = observedClient(
    deps.qbo.clientFor(tenantId, undefined, { priority: options.priority ?? 'bulk' }),
    {
      batching: options.batching ?? false,
      // A bulk run's writes (initial-sync pages side by side) share full batches across runs.
      poolKey: (options.priority ?? 'bulk') === 'bulk' ? `${tenantId}:bulk` : undefined,
    },
    tasks,
  );
  tasks.sendHeldWith(() => observed.flush());
  const qbo = observed.client;
  // A support re-run reads the company's lists afresh (it may follow a fix made in QuickBooks).
  const cache = new MemoCache(tasks, { tenantId, db, fresh: (options.runKey ?? 'auto') !== 'auto' });
  const log = new RunLogWriter(db, tenantId, options.workflowId);
  const runKey = options.runKey ?? 'auto';
  const requestIds = runRequestIds(tenantId, options.epoch ? `${runKey}:${options.epoch}` : runKey);
  const copies = new EarlierCopies(db, tenantId, qbo);
  const links = new RunLinks(db, tenantId, copies);
  const leases = new RecordLeases(db, tenantId, options.priority === 'hook');
  const scheduler = new RecordScheduler(tasks, links, observed.sideBySide, (entity, bproId) =>
    leaseTag(tenantId, entity, bproId),
  );
  const context: SyncContext = {
    db,
    tenantId,
    snapshot: options.snapshot,
    qbo,
    cache,
    links,
    requestIds,
    documents: new DocumentWriter(qbo, requestIds, copies, cache, log, links),
    scheduler: {
      ensure: (entity, bproId, neededBy) => scheduler.ensure(entity, bproId, neededBy),
      // One at a time per key within the run, and across runs through a lease.
      serial: (key, fn) => scheduler.serial(key, () => leases.exclusive(key, fn)),
    },
    lookup: runLookups(qbo, cache, { snapshot: options.snapshot, realTime: options.priority === 'hook' }),
    log,
  };
  scheduler.runRecordsWith(recordRunner(options.handlers ?? defaultHandlers, context, leases, log));
  return {
    context,
    runAll: (entity, ids, event, onOutcome) => scheduler.runAll(entity, ids, event, onOutcome),
    async runOne(entity, bproId, event) {
      let outcome: RecordOutcome | undefined;
      await scheduler.runAll(entity, [bproId], event, (_, o) => (outcome = o));
      if (!outcome) throw new Error(`${entity} ${bproId}: the run ended without an outcome`);
      return outcome;
    },
  };
}
