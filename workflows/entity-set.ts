// syncEntitySet: one entity set of an initial sync. Pages through the ids in scope (cursor in
// its input), syncs each page with one activity, reports progress to the parent, and continues
// as new before its history grows large.
import {
  ActivityFailure,
  continueAsNew,
  isCancellation,
  defineSignal,
  patched,
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
/**
 * Pages synced side by side: one page's calls wait for QuickBooks' answers (and for the batch
 * bucket) while the next ones are listed and started, so the company's budget stays busy.
 */
export const PAGES_IN_FLIGHT = 8;

export type EntitySetInput = {
  tenantId: string;
  entity: SyncEntity;
  snapshot: SyncSnapshot;
  cursor: string | null;
  counts: EntityCounts | null;
  parentWorkflowId: string;
};

type PageCounts = Awaited<ReturnType<typeof syncPage>>;

export async function syncEntitySet(input: EntitySetInput): Promise<EntityCounts> {
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);
  // Several pages may wait at once: the parent hears "waiting" with the first, "resumed" with the last.
  let waitingPages = 0;
  const pause = new AuthPause({
    onWaitingChange: async (waiting) => {
      waitingPages += waiting ? 1 : -1;
      if (waiting ? waitingPages === 1 : waitingPages === 0)
        await parent.signal(entityWaitingSignal, input.entity, waiting);
    },
  });
  const counts: EntityCounts = input.counts ?? { total: 0, synced: 0, skipped: 0, failed: 0 };
  // Histories written before pages ran side by side replay one page at a time.
  const inFlight = patched('pages-in-flight') ? PAGES_IN_FLIGHT : 1;
  const running = new Set<Promise<void>>();
  const add = (result: PageCounts) => {
    counts.synced += result.synced;
    counts.skipped += result.skipped;
    counts.failed += result.failed;
  };
  let cursor = input.cursor;
  for (let pages = 0; ; pages += 1) {
    if (pages >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      // Every page started is finished before the cursor moves to the next run.
      await Promise.all(running);
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
      const done: Promise<void> = syncOnePage(input, page.ids, pause).then(async (result) => {
        add(result);
        running.delete(done);
        if (inFlight > 1) await reportProgress(input.entity, counts, parent);
      });
      running.add(done);
    }
    cursor = page.nextCursor;
    if (inFlight === 1) {
      // One page at a time (older histories): progress after every listing, as those recorded it.
      await Promise.all(running);
      await reportProgress(input.entity, counts, parent);
    }
    if (!cursor) break;
    while (running.size >= inFlight) await Promise.race(running);
  }
  await Promise.all(running);
  if (inFlight > 1) await reportProgress(input.entity, counts, parent);
  upsertSearchAttributes([{ key: searchAttributes.syncState, value: 'completed' }]);
  return counts;
}

/** One page through its activity; a page whose retries ran out is logged as failed, and the sync goes on. */
async function syncOnePage(input: EntitySetInput, ids: string[], pause: AuthPause): Promise<PageCounts> {
  const pageInput = {
    tenantId: input.tenantId,
    entity: input.entity,
    ids,
    snapshot: input.snapshot,
    workflowId: workflowInfo().workflowId,
  };
  try {
    return await pause.run(() => syncPage(pageInput));
  } catch (error) {
    if (!(error instanceof ActivityFailure) || isCancellation(error)) throw error;
    const message = error.cause?.message ?? error.message;
    const { snapshot: _snapshot, ...failedPage } = pageInput;
    return recordPageFailure({ ...failedPage, message });
  }
}

async function reportProgress(
  entity: SyncEntity,
  counts: EntityCounts,
  parent: ReturnType<typeof getExternalWorkflowHandle>,
): Promise<void> {
  setCurrentDetails(
    `**${entity}**: ${counts.synced + counts.skipped + counts.failed} of ${counts.total} done (${counts.synced} synced, ${counts.skipped} skipped, ${counts.failed} failed)`,
  );
  await parent.signal(entityProgressSignal, entity, { ...counts });
}
