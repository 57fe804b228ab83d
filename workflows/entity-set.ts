// syncEntitySet: one entity set of an initial sync. Pages through the ids in scope (cursor in
// its input), syncs each page with one activity, reports progress to the parent, and continues
// as new before its history grows large.
import {
  ActivityFailure,
  continueAsNew,
  isCancellation,
  defineSignal,
  getExternalWorkflowHandle,
  proxyActivities,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { SyncSnapshot } from './contracts';
import { dbActivity, qboActivity } from './activity-options';
import { AuthPause } from './auth-pause';
import { searchAttributes, type EntityCounts, type SyncEntity } from './contracts';

/** Child → parent: the latest counts of one entity set. */
export const entityProgressSignal = defineSignal<[SyncEntity, EntityCounts]>('entityProgress');
/** Child → parent: the entity set waits for QuickBooks to be reconnected (true) or resumed (false). */
export const entityWaitingSignal = defineSignal<[SyncEntity, boolean]>('entityWaiting');

const { listIdsInScope } = proxyActivities<ReturnType<typeof createActivities>>({
  ...dbActivity,
  summary: 'List BPro records in scope',
});
const { syncPage } = proxyActivities<ReturnType<typeof createActivities>>({
  ...qboActivity,
  summary: 'Sync a page of records to QuickBooks',
});
const { recordPageFailure } = proxyActivities<ReturnType<typeof createActivities>>({
  ...dbActivity,
  summary: 'Log the records of a page that gave up',
});

export const PAGE_SIZE = 30;
const PAGES_PER_RUN = 100;

export type EntitySetInput = {
  tenantId: string;
  entity: SyncEntity;
  snapshot: SyncSnapshot;
  cursor: string | null;
  counts: EntityCounts | null;
  parentWorkflowId: string;
};

export async function syncEntitySet(input: EntitySetInput): Promise<EntityCounts> {
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);
  const pause = new AuthPause({
    onWaitingChange: (waiting) => parent.signal(entityWaitingSignal, input.entity, waiting),
  });
  const counts: EntityCounts = input.counts ?? { total: 0, synced: 0, skipped: 0, failed: 0 };
  let cursor = input.cursor;
  for (let pages = 0; ; pages += 1) {
    if (pages >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof syncEntitySet>({ ...input, cursor, counts });
    }
    const page = await listIdsInScope({
      tenantId: input.tenantId,
      entity: input.entity,
      snapshot: input.snapshot,
      cursor,
      limit: PAGE_SIZE,
    });
    if (page.total !== null) counts.total = page.total;
    if (page.ids.length > 0) {
      const pageInput = {
        tenantId: input.tenantId,
        entity: input.entity,
        ids: page.ids,
        snapshot: input.snapshot,
        workflowId: workflowInfo().workflowId,
      };
      let result: Awaited<ReturnType<typeof syncPage>>;
      try {
        result = await pause.run(() => syncPage(pageInput));
      } catch (error) {
        // Retries ran out: the page's records are failed with the reason, the sync goes on.
        if (!(error instanceof ActivityFailure) || isCancellation(error)) throw error;
        const message = error.cause?.message ?? error.message;
        const { snapshot: _snapshot, ...failedPage } = pageInput;
        result = await recordPageFailure({ ...failedPage, message });
      }
      counts.synced += result.synced;
      counts.skipped += result.skipped;
      counts.failed += result.failed;
    }
    setCurrentDetails(
      `**${input.entity}**: ${counts.synced + counts.skipped + counts.failed} of ${counts.total} done (${counts.synced} synced, ${counts.skipped} skipped, ${counts.failed} failed)`,
    );
    await parent.signal(entityProgressSignal, input.entity, { ...counts });
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  upsertSearchAttributes([{ key: searchAttributes.syncState, value: 'completed' }]);
  return counts;
}
