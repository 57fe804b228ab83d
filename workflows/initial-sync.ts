// initialSync({ tenantId }): reference data (always), customers, invoices, payments and refunds in
// scope of the start date; one child workflow per entity set, each started once the sets it needs
// are done (contracts.ts initialSyncDependencies). A record that fails does not fail the sync: it
// is logged and counted.
import {
  executeChild,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  isCancellation,
  patched,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { dbActivity } from './activity-options';
import {
  entityLabels,
  initialSyncDependencies,
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
    const runSet = async (entity: SyncEntity): Promise<void> => {
      const counts = await executeChild<typeof syncEntitySet>('syncEntitySet', {
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
      });
      if (counts) progress.entities[entity] = counts;
    };
    const showing = (running: readonly SyncEntity[]) => {
      progress.phase = running.join(', ');
      setCurrentDetails(details(progress));
    };
    // Syncs started before each set could start as soon as what it needs is done keep their phases.
    if (patched('customers-beside-products')) await runByDependencies(runSet, showing);
    else
      for (const phase of initialSyncPhases) {
        showing(phase);
        await Promise.all(phase.map(runSet));
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

/**
 * Starts every entity set once all it depends on (initialSyncDependencies) are done; `showing`
 * hears the sets running whenever that changes. The first failure fails the whole.
 */
async function runByDependencies(
  runSet: (entity: SyncEntity) => Promise<void>,
  showing: (running: readonly SyncEntity[]) => void,
): Promise<void> {
  const started = new Map<SyncEntity, Promise<void>>();
  const running: SyncEntity[] = [];
  const start = (entity: SyncEntity): Promise<void> => {
    const known = started.get(entity);
    if (known) return known;
    const run = (async () => {
      await Promise.all(initialSyncDependencies[entity].map(start));
      running.push(entity);
      showing(running);
      try {
        await runSet(entity);
      } finally {
        running.splice(running.indexOf(entity), 1);
        if (running.length > 0) showing(running);
      }
    })();
    started.set(entity, run);
    return run;
  };
  // In the pages' order, so sets that become ready together start in a stable order.
  await Promise.all(initialSyncPhases.flat().map(start));
}
