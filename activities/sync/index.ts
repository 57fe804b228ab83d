// The sync activities the workflows call. Each wraps the engine with Temporal's concerns:
// heartbeats, and QBO failures turned into typed ApplicationFailures at this boundary.
import { activityInfo, heartbeat } from '@temporalio/activity';
import { sql } from 'drizzle-orm';
import { appendLog } from '../../db/queries/sync-log';
import { saveSyncSettings } from '../../db/queries/settings';
import type { EntityCounts } from '../../workflows/contracts';
import { withQboFailures } from '../qbo/failures';
import { SyncEngine, type EngineDeps } from './engine';
import { handlers } from './handlers';
import { listIdsInScope } from './scope';
import { loadSnapshot } from './snapshot';
import type {
  ListIdsInput,
  PageOfIds,
  RecordOutcome,
  SyncPageInput,
  SyncRecordInput,
  SyncSnapshot,
} from './types';

export function createSyncActivities(deps: EngineDeps) {
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

    listIdsInScope(input: ListIdsInput): Promise<PageOfIds> {
      return listIdsInScope(deps.db, input);
    },

    /** Syncs a page of records; a record that fails is logged and counted, not thrown. */
    async syncPage(input: SyncPageInput): Promise<Omit<EntityCounts, 'total'>> {
      return withQboFailures(async () => {
        const engine = new SyncEngine(deps, input.tenantId, input.snapshot, input.workflowId, handlers);
        const counts = { synced: 0, skipped: 0, failed: 0 };
        // A retried attempt resumes after the records an earlier attempt finished (links make redoing them cheap anyway).
        const resume =
          (activityInfo().heartbeatDetails as { done?: number; counts?: typeof counts } | undefined) ?? {};
        if (resume.counts) Object.assign(counts, resume.counts);
        for (let i = resume.done ?? 0; i < input.ids.length; i += 1) {
          const id = input.ids[i] as string;
          const outcome = await engine.runToOutcome(input.entity, id, 'initial-sync');
          counts[outcome.status] += 1;
          heartbeat({ done: i + 1, counts });
        }
        return counts;
      });
    },

    async syncRecord(input: SyncRecordInput): Promise<RecordOutcome> {
      return withQboFailures(async () => {
        const snapshot = await loadSnapshot(deps.db, input.tenantId);
        const engine = new SyncEngine(
          deps,
          input.tenantId,
          snapshot,
          input.workflowId,
          handlers,
          input.runKey,
        );
        return engine.runToOutcome(input.entity, input.bproId, input.event);
      });
    },

    async recordFailure(input: {
      tenantId: string;
      entity: SyncRecordInput['entity'];
      bproId: string;
      message: string;
      workflowId: string;
    }): Promise<void> {
      await appendLog(deps.db, {
        ...input,
        action: 'failed',
        message: `Gave up after repeated retries: ${input.message}`,
      });
    },
  };
}
