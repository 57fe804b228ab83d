// The sync activities the workflows call. Each wraps the engine with Temporal's concerns:
// heartbeats, and QBO failures turned into typed ApplicationFailures at this boundary.
import { Context } from '@temporalio/activity';
import { sql } from 'drizzle-orm';
import { findLinks } from '../../db/queries/entity-links';
import { appendLog, latestLogFor } from '../../db/queries/sync-log';
import { saveSyncSettings } from '../../db/queries/settings';
import type { EntityCounts } from '../../workflows/contracts';
import { withQboFailures } from '../qbo/failures';
import type { ActivityDeps } from '../deps';
import { SyncEngine } from './engine';
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

/** How often a running sync activity tells Temporal it is alive (well inside the heartbeat timeout). */
const HEARTBEAT_EVERY_MS = 3_000;

/** What a page attempt heartbeats: the indexes of the records done and the counts so far. */
type PageProgress = { done: number[]; counts: { synced: number; skipped: number; failed: number } };

/** Delay before retrying a page whose failed attempt still made progress. */
const RETRY_SOON_MS = 1_000;

/**
 * Runs activity code while heartbeating every few seconds with the latest `details()`, so a
 * record that takes long (throttled, dependencies, a slow QuickBooks) does not look like a dead
 * worker, while a dead worker is still noticed within the heartbeat timeout.
 */
async function heartbeating<T>(details: () => unknown, fn: () => Promise<T>): Promise<T> {
  const context = Context.current();
  const timer = setInterval(() => context.heartbeat(details()), HEARTBEAT_EVERY_MS);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

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

    listIdsInScope(input: ListIdsInput): Promise<PageOfIds> {
      return listIdsInScope(deps.db, input);
    },

    /**
     * Syncs a page of records; a record that fails is logged and counted, not thrown. The records
     * run side by side so their QBO calls share batch requests (one at a time without batching).
     */
    async syncPage(input: SyncPageInput): Promise<Omit<EntityCounts, 'total'>> {
      const context = Context.current();
      // A retried attempt skips the records an earlier attempt finished (links make redoing them cheap anyway).
      const resume = (context.info.heartbeatDetails as Partial<PageProgress> | undefined) ?? {};
      const counts = { synced: 0, skipped: 0, failed: 0, ...resume.counts };
      const done = new Set(resume.done ?? []);
      let progress: PageProgress = { done: [...done], counts: { ...counts } };
      const finished = done.size;
      const batching = deps.batching ?? true;
      return heartbeating(
        () => progress,
        () =>
          withQboFailures(
            async () => {
              const engine = new SyncEngine(
                deps,
                input.tenantId,
                input.snapshot,
                input.workflowId,
                handlers,
                {
                  batching,
                },
              );
              const todo = input.ids.map((id, index) => ({ id, index })).filter((r) => !done.has(r.index));
              const record = (index: number, outcome: RecordOutcome) => {
                counts[outcome.status] += 1;
                done.add(todo[index]?.index ?? -1);
                progress = { done: [...done], counts: { ...counts } };
                context.heartbeat(progress);
              };
              if (batching) {
                await engine.runConcurrently(
                  input.entity,
                  todo.map((r) => r.id),
                  'initial-sync',
                  record,
                );
              } else {
                for (const [i, r] of todo.entries())
                  record(i, await engine.runToOutcome(input.entity, r.id, 'initial-sync'));
              }
              return counts;
            },
            // An attempt that got records done before failing is retried soon (from where it
            // stopped), not after a backoff grown by earlier attempts: a page of 30 records may
            // meet several unrelated blips, and only a failure that repeats is worth backing off.
            (error) => (error.type !== 'throttled' && done.size > finished ? RETRY_SOON_MS : undefined),
          ),
      );
    },

    async syncRecord(input: SyncRecordInput): Promise<RecordOutcome> {
      return heartbeating(
        () => undefined,
        () =>
          withQboFailures(async () => {
            const snapshot = await loadSnapshot(deps.db, input.tenantId);
            const engine = new SyncEngine(deps, input.tenantId, snapshot, input.workflowId, handlers, {
              runKey: input.runKey,
            });
            return engine.runToOutcome(input.entity, input.bproId, input.event);
          }),
      );
    },

    /**
     * A page whose retries ran out (QuickBooks down for long, or a bug): its records that did not
     * end are logged as failed with the reason, so the initial sync counts them and goes on.
     */
    async recordPageFailure(input: {
      tenantId: string;
      entity: SyncPageInput['entity'];
      ids: string[];
      message: string;
      workflowId: string;
    }): Promise<Omit<EntityCounts, 'total'>> {
      const counts = { synced: 0, skipped: 0, failed: 0 };
      const links = await findLinks(deps.db, input.tenantId, input.entity, input.ids);
      for (const bproId of input.ids) {
        if (links.has(bproId)) {
          counts.synced += 1;
          continue;
        }
        const last = await latestLogFor(deps.db, input.tenantId, input.entity, bproId);
        if (
          last?.workflowId === input.workflowId &&
          (last.action === 'skipped' || last.action === 'failed')
        ) {
          counts[last.action] += 1;
          continue;
        }
        await appendLog(deps.db, {
          tenantId: input.tenantId,
          entity: input.entity,
          bproId,
          action: 'failed',
          message: `Gave up after repeated retries: ${input.message}. Press Re-run once QuickBooks answers again.`,
          workflowId: input.workflowId,
        });
        counts.failed += 1;
      }
      return counts;
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
