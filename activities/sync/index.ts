// The sync activities the workflows call. Each wraps a sync run with Temporal's concerns:
// heartbeats, and QBO failures turned into typed ApplicationFailures at this boundary.
import { sql } from 'drizzle-orm';
import { appendLog } from '../../db/queries/sync-log';
import { saveSyncSettings } from '../../db/queries/settings';
import type { EntityCounts, RecordOutcome, SyncSnapshot } from '../../workflows/contracts';
import type { ActivityDeps } from '../deps';
import { withQboFailures } from '../qbo/failures';
import { throughCompanyGate } from './company-gate';
import { heartbeating } from './heartbeat';
import { recordPageFailure, type PageFailureInput } from './page-failure';
import { listIdsInScope } from './scope';
import { loadSnapshot } from './snapshot';
import { syncPage } from './sync-page';
import { createSyncRun } from './sync-run';
import type { ListIdsInput, PageOfIds, SyncPageInput, SyncRecordInput } from './types';

export function createSyncActivities(deps: ActivityDeps) {
  return {
    async startInitialSync(tenantId: string): Promise<SyncSnapshot> {
      await saveSyncSettings(deps.db, tenantId, {
        initialSyncStartedAt: new Date(),
        initialSyncCompletedAt: null,
      });
      return loadSnapshot(deps.db, tenantId);
    },

    async finishInitialSync(
      tenantId: string,
      _entities: Partial<Record<string, EntityCounts>>,
    ): Promise<void> {
      await saveSyncSettings(deps.db, tenantId, { initialSyncCompletedAt: sql`now()` as unknown as Date });
    },

    listIdsInScope: (input: ListIdsInput): Promise<PageOfIds> => listIdsInScope(deps.db, input),

    syncPage: (input: SyncPageInput): Promise<Omit<EntityCounts, 'total'>> => syncPage(deps, input),

    syncRecord(input: SyncRecordInput): Promise<RecordOutcome> {
      return heartbeating(
        () => undefined,
        () =>
          withQboFailures(() =>
            throughCompanyGate(deps, input.tenantId, async (epoch) => {
              const snapshot = await loadSnapshot(deps.db, input.tenantId);
              const run = createSyncRun(deps, { ...input, snapshot, epoch });
              return run.runOne(input.entity, input.bproId, input.event);
            }),
          ),
      );
    },

    recordPageFailure: (input: PageFailureInput): Promise<Omit<EntityCounts, 'total'>> =>
      recordPageFailure(deps, input),

    async recordFailure(
      input: Omit<PageFailureInput, 'ids'> & { entity: SyncRecordInput['entity']; bproId: string },
    ) {
      await appendLog(deps.db, {
        ...input,
        action: 'failed',
        message: `Gave up after repeated retries: ${input.message}`,
      });
    },
  };
}
