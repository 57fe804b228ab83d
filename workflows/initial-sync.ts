// initialSync({ tenantId }): reference data first (always), then customers, invoices, payments
// and refunds in scope of the start date; one child workflow per entity set. A record that fails
// does not fail the sync: it is logged and counted.
import {
  executeChild,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  isCancellation,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { dbActivity } from './activity-options';
import {
  entityLabels,
  initialSyncPhases,
  searchAttributes,
  type EntityCounts,
  type InitialSyncInput,
  type InitialSyncProgress,
  type InitialSyncResult,
  type SyncEntity,
} from './contracts';
import { entityProgressSignal, entityWaitingSignal } from './entity-set';
import { progressQuery, reconnectedSignal } from './messages';
import type { syncEntitySet } from './entity-set';

const { startInitialSync, finishInitialSync } = proxyActivities<ReturnType<typeof createActivities>>({
  ...dbActivity,
  summary: 'Read the tenant’s sync settings',
});

function details(progress: InitialSyncProgress): string {
  const rows = Object.entries(progress.entities).map(
    ([entity, c]) =>
      `| ${entityLabels[entity as SyncEntity].many} | ${c.total} | ${c.synced} | ${c.skipped} | ${c.failed} |`,
  );
  return [
    `**Initial sync — ${progress.status}, phase: ${progress.phase}**`,
    '',
    '| | total | synced | skipped | failed |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export async function initialSync(input: InitialSyncInput): Promise<InitialSyncResult> {
  const progress: InitialSyncProgress = { status: 'running', phase: 'starting', entities: {} };
  setHandler(progressQuery, () => progress);
  setHandler(entityProgressSignal, (entity: SyncEntity, counts: EntityCounts) => {
    progress.entities[entity] = counts;
    setCurrentDetails(details(progress));
  });
  // While a child waits for a reconnect, so does the sync as a whole (progress, UI filter).
  const waiting = new Set<SyncEntity>();
  setHandler(entityWaitingSignal, (entity: SyncEntity, isWaiting: boolean) => {
    if (isWaiting) waiting.add(entity);
    else waiting.delete(entity);
    if (progress.status !== 'running' && progress.status !== 'waiting_for_reconnect') return;
    const status = waiting.size > 0 ? 'waiting_for_reconnect' : 'running';
    if (status === progress.status) return;
    progress.status = status;
    upsertSearchAttributes([{ key: searchAttributes.syncState, value: status }]);
    setCurrentDetails(details(progress));
  });
  // Listed as waiting, it gets the reconnect signal too; its children are the ones that resume.
  setHandler(reconnectedSignal, () => {});
  upsertSearchAttributes([{ key: searchAttributes.syncState, value: 'running' }]);

  try {
    const snapshot = await startInitialSync(input.tenantId);
    for (const phase of initialSyncPhases) {
      progress.phase = phase.join(', ');
      setCurrentDetails(details(progress));
      const results = await Promise.all(
        phase.map((entity) =>
          executeChild<typeof syncEntitySet>('syncEntitySet', {
            workflowId: `${workflowInfo().workflowId}/${entity}`,
            args: [
              {
                tenantId: input.tenantId,
                entity,
                snapshot,
                cursor: null,
                counts: null,
                parentWorkflowId: workflowInfo().workflowId,
              },
            ],
            staticSummary: `${entityLabels[entity].many} of tenant ${input.tenantId} → QuickBooks`,
            typedSearchAttributes: [
              { key: searchAttributes.tenantId, value: input.tenantId },
              { key: searchAttributes.entity, value: entity },
              { key: searchAttributes.syncState, value: 'running' },
            ],
          }),
        ),
      );
      phase.forEach((entity, i) => {
        const counts = results[i];
        if (counts) progress.entities[entity] = counts;
      });
    }
    progress.status = 'completed';
    progress.phase = 'done';
    await finishInitialSync(input.tenantId, progress.entities);
    upsertSearchAttributes([{ key: searchAttributes.syncState, value: 'completed' }]);
    setCurrentDetails(details(progress));
    return { tenantId: input.tenantId, entities: progress.entities };
  } catch (error) {
    if (isCancellation(error)) {
      progress.status = 'cancelled';
      // Search attributes and details are commands, not awaited work: no scope needed.
      upsertSearchAttributes([{ key: searchAttributes.syncState, value: 'cancelled' }]);
      setCurrentDetails(details(progress));
      throw error;
    }
    progress.status = 'failed';
    upsertSearchAttributes([{ key: searchAttributes.syncState, value: 'failed' }]);
    throw error;
  }
}
