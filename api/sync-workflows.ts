// How the API starts, signals, reads and cancels the sync workflows (design.md §4). Workflows are
// addressed by name and id only (workflows/contracts.ts): the API never imports workflow code.
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import type { TemporalConfig } from '../config/temporal';
import {
  entityLabels,
  searchAttributes,
  workflowIds,
  workflowNames,
  type EntityCounts,
  type InitialSyncInput,
  type InitialSyncProgress,
  type InitialSyncResult,
  type RecordChange,
  type RecordSyncInput,
  type SyncEntity,
} from '../workflows/contracts';
import { progressQuery, recordChangedSignal } from '../workflows/messages';
import { taskPriority } from '../workflows/priorities';
import { HttpError } from './middleware/errors';

/** How long the API waits for Temporal to answer a query or return a result before falling back. */
const READ_DEADLINE_MS = 3_000;

/** The execution's page in the Temporal Web UI. */
export const temporalUrl = (temporal: TemporalConfig, workflowId: string) =>
  `${temporal.uiUrl}/namespaces/${encodeURIComponent(temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;

export const recordSyncSummary = (entity: SyncEntity, bproId: string) =>
  `${entityLabels[entity].one} ${bproId} → QuickBooks`;

/**
 * Starts `recordSync` for the record, or signals the running one (that is the coalescing: rapid
 * changes to one record all land in one execution). Returns the workflow id.
 */
export async function signalRecordSync(
  client: Client,
  temporal: TemporalConfig,
  input: RecordSyncInput,
  change: RecordChange,
): Promise<string> {
  const workflowId = workflowIds.recordSync(input.tenantId, input.entity, input.bproId);
  await client.workflow.signalWithStart(workflowNames.recordSync, {
    workflowId,
    taskQueue: temporal.taskQueue,
    args: [input],
    signal: recordChangedSignal,
    signalArgs: [change],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    // Its workflow tasks jump bulk work; the tenant takes turns with the others (workflows/priorities.ts).
    priority: taskPriority('hook', input.tenantId),
    typedSearchAttributes: [
      { key: searchAttributes.tenantId, value: input.tenantId },
      { key: searchAttributes.entity, value: input.entity },
      { key: searchAttributes.recordId, value: input.bproId },
      { key: searchAttributes.syncState, value: 'running' },
    ],
    staticSummary: recordSyncSummary(input.entity, input.bproId),
  });
  return workflowId;
}

/** Starts the tenant's initial sync; 409 `already_running` while one runs. A finished one may be re-run. */
export async function startInitialSync(
  client: Client,
  temporal: TemporalConfig,
  tenant: { id: string; name: string },
): Promise<string> {
  const workflowId = workflowIds.initialSync(tenant.id);
  const input: InitialSyncInput = { tenantId: tenant.id };
  try {
    await client.workflow.start(workflowNames.initialSync, {
      workflowId,
      taskQueue: temporal.taskQueue,
      args: [input],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
      // Inherited by its entity-set children and their pages: behind record syncs.
      priority: taskPriority('bulk', tenant.id),
      typedSearchAttributes: [
        { key: searchAttributes.tenantId, value: tenant.id },
        { key: searchAttributes.entity, value: 'tenant' },
        { key: searchAttributes.syncState, value: 'running' },
      ],
      staticSummary: `Initial sync of ${tenant.name} (${tenant.id}) → QuickBooks`,
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      throw new HttpError(
        409,
        'already_running',
        'An initial sync is already running for this account. Wait for it to finish or cancel it.',
        { workflowId },
      );
    throw error;
  }
  return workflowId;
}

/** The newest execution with this id, or null when there never was one. */
export async function describeLatest(
  client: Client,
  workflowId: string,
): Promise<WorkflowExecutionDescription | null> {
  try {
    return await client.workflow.getHandle(workflowId).describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

export type InitialSyncView = {
  status: 'not_started' | InitialSyncProgress['status'];
  phase: string | null;
  entities: Partial<Record<SyncEntity, EntityCounts>>;
  workflowId: string | null;
};

const closedStatus = (name: WorkflowExecutionDescription['status']['name']): InitialSyncView['status'] => {
  if (name === 'COMPLETED') return 'completed';
  if (name === 'CANCELLED') return 'cancelled';
  return 'failed';
};

/**
 * The initial sync as support sees it: while it runs, its `progress` query (or, when no worker
 * answers in time, what the search attributes say); once closed, its status and result.
 */
export async function readInitialSync(
  client: Client,
  tenantId: string,
): Promise<InitialSyncView & { description: WorkflowExecutionDescription | null }> {
  const workflowId = workflowIds.initialSync(tenantId);
  const description = await describeLatest(client, workflowId);
  if (!description)
    return { status: 'not_started', phase: null, entities: {}, workflowId: null, description };
  const handle = client.workflow.getHandle(workflowId);
  const deadline = () => Date.now() + READ_DEADLINE_MS;

  if (description.status.name === 'RUNNING') {
    try {
      const progress = await client.withDeadline(deadline(), () => handle.query(progressQuery));
      return { ...progress, workflowId, description };
    } catch {
      // No worker polling yet (or busy): report what the server knows.
      const state = description.typedSearchAttributes.get(searchAttributes.syncState);
      return {
        status: state === 'waiting_for_reconnect' ? 'waiting_for_reconnect' : 'running',
        phase: null,
        entities: {},
        workflowId,
        description,
      };
    }
  }

  const status = closedStatus(description.status.name);
  let entities: InitialSyncResult['entities'] = {};
  if (status === 'completed') {
    try {
      const result = await client.withDeadline(
        deadline(),
        () => handle.result() as Promise<InitialSyncResult>,
      );
      entities = result.entities;
    } catch {
      // The result is informative only; the status stands without it.
    }
  }
  return { status, phase: status === 'completed' ? 'done' : null, entities, workflowId, description };
}

/** Requests cancellation of the running initial sync; 404 `not_running` when none runs. */
export async function cancelInitialSync(client: Client, tenantId: string): Promise<string> {
  const workflowId = workflowIds.initialSync(tenantId);
  const description = await describeLatest(client, workflowId);
  if (description?.status.name !== 'RUNNING')
    throw new HttpError(404, 'not_running', 'No initial sync is running for this account.');
  try {
    await client.workflow.getHandle(workflowId, description.runId).cancel();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError)
      throw new HttpError(404, 'not_running', 'No initial sync is running for this account.');
    throw error;
  }
  return workflowId;
}
