// The sync activities the workflows call. Each wraps a sync run with Temporal's concerns:
// heartbeats, and QBO failures turned into typed ApplicationFailures at this boundary.
import { sql } from 'drizzle-orm';
import { countInitialSyncPage, countRecordOutcome, observeHookToQbo } from '../../config/metrics';
import { appendLog } from '../../db/queries/sync-log';
import { saveSyncSettings } from '../../db/queries/settings';
import type { EntityCounts, RecordSyncInput, SyncSnapshot } from '../../workflows/contracts';
import { isDeferral, type RecordAttempt } from '../../workflows/record-deferral';
import type { ActivityDeps } from '../deps';
import { withQboFailures } from '../qbo/failures';
import { throughCompanyGate } from './company-gate';
import { heartbeating } from './heartbeat';
import { recordPageFailure, type PageFailureInput } from './page-failure';
import { admitRecordSync, deferWhenPaced, TenantSlots } from './record-admission';
import { listIdsInScope } from './scope';
import { emptyKindsNow, itemsAtStartNow } from './lookups';
import { loadSnapshot } from './snapshot';
import { syncPage } from './sync-page';
import { createSyncRun } from './sync-run';
import type { ListIdsInput, PageOfIds, SyncPageInput, SyncRecordInput } from './types';

export function createSyncActivities(deps: ActivityDeps) {
  // Per worker process: the record syncs each tenant has running here.
  const recordSlots = new TenantSlots(deps.recordSyncsPerTenant);
  return {
    async startInitialSync(tenantId: string): Promise<SyncSnapshot> {
      // Counted first: the record kinds the company has none of, and its items' Skus and names, are saved
      // with the start, so hooks arriving while this sync runs skip those lookups (snapshot.ts).
      const client = deps.qbo.clientFor(tenantId);
      const [emptyAtStart, items] = await Promise.all([emptyKindsNow(client), itemsAtStartNow(client)]);
      await saveSyncSettings(deps.db, tenantId, {
        initialSyncStartedAt: new Date(),
        initialSyncCompletedAt: null,
        emptyAtStart: emptyAtStart ?? null,
        skusAtStart: items?.skus ?? null,
        itemNamesAtStart: items?.names ?? null,
      });
      return loadSnapshot(deps.db, tenantId);
    },

    async finishInitialSync(
      tenantId: string,
      _entities: Partial<Record<string, EntityCounts>>,
    ): Promise<void> {
      await saveSyncSettings(deps.db, tenantId, {
        initialSyncCompletedAt: sql`now()` as unknown as Date,
        emptyAtStart: null,
        skusAtStart: null,
        itemNamesAtStart: null,
      });
    },

    listIdsInScope: (input: ListIdsInput): Promise<PageOfIds> => listIdsInScope(deps.db, input),

    syncPage: (input: SyncPageInput): Promise<Omit<EntityCounts, 'total'>> =>
      counted(input.entity, syncPage(deps, input)),

    /**
     * One record; or `deferred` (record-admission.ts): the workflow waits, then calls again.
     * `receivedAt` arrives with the workflow's input (spread into this one) when a hook started it.
     */
    async syncRecord(input: SyncRecordInput & Pick<RecordSyncInput, 'receivedAt'>): Promise<RecordAttempt> {
      const attempt = await syncRecordOnce(input);
      if (!isDeferral(attempt)) {
        countRecordOutcome(input.entity, attempt.status);
        if (input.event !== 'retry') observeHookToQbo(input.entity, input.receivedAt);
      }
      return attempt;
    },

    recordPageFailure: (input: PageFailureInput): Promise<Omit<EntityCounts, 'total'>> =>
      counted(input.entity, recordPageFailure(deps, input)),

    async recordFailure(
      input: Omit<PageFailureInput, 'ids'> & { entity: SyncRecordInput['entity']; bproId: string },
    ) {
      await appendLog(deps.db, {
        ...input,
        action: 'failed',
        message: `Gave up after repeated retries: ${input.message}`,
      });
      countRecordOutcome(input.entity, 'failed');
    },
  };

  function syncRecordOnce(input: SyncRecordInput): Promise<RecordAttempt> {
    return admitRecordSync(recordSlots, input.tenantId, () =>
      heartbeating(
        () => undefined,
        () =>
          withQboFailures(() =>
            deferWhenPaced(() =>
              throughCompanyGate(deps, input.tenantId, async (epoch) => {
                const snapshot = await loadSnapshot(deps.db, input.tenantId);
                // Batched: an order's new customer and items look up and create together.
                const run = createSyncRun(deps, {
                  ...input,
                  snapshot,
                  epoch,
                  batching: deps.batching ?? true,
                  // A hook is real-time; a re-run ('retry': support's bulk re-runs, the change poller) is bulk.
                  priority: input.event === 'retry' ? 'bulk' : 'hook',
                });
                return run.runOne(input.entity, input.bproId, input.event);
              }),
            ),
          ),
      ),
    );
  }
}

/** An initial-sync page's counts, into qbo_sync_initial_sync_records once the page has ended. */
async function counted(
  entity: string,
  counts: Promise<Omit<EntityCounts, 'total'>>,
): Promise<Omit<EntityCounts, 'total'>> {
  const ended = await counts;
  countInitialSyncPage(entity, ended);
  return ended;
}
