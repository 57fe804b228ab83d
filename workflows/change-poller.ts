// qboChangePoller({ tenantId, pollSeconds }): one per connected company (`qbo-changes:<tenant>`).
// Every `pollSeconds` it reads what changed in QuickBooks (one ChangeDataCapture call, within the
// company's shared rate limits), lets the activity apply it, and re-runs the records that waited
// for what appeared. It continues as new before its history grows, and ends when the company is
// no longer connected (connecting again starts it again).
import {
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  sleep,
  startChild,
  workflowInfo,
  ParentClosePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createActivities } from '../activities';
import type { RecordKey } from '../activities/changes/types';
import { qboActivity } from './activity-options';
import { searchAttributes, workflowIds, type ChangePollerInput, type RecordChange } from './contracts';
import { recordChangedSignal } from './messages';
import type { recordSync } from './record-sync';

const { pollChanges } = proxyActivities<ReturnType<typeof createActivities>>({
  ...qboActivity,
  summary: 'Read and apply what changed in QuickBooks',
});

/** Polls per run before continuing as new (each poll adds a handful of events). */
const POLLS_PER_RUN = 100;

/** Signals the record's sync workflow, starting it when none runs (as a hook would). */
async function rerun(tenantId: string, record: RecordKey, change: RecordChange): Promise<void> {
  const workflowId = workflowIds.recordSync(tenantId, record.entity, record.bproId);
  try {
    const child = await startChild<typeof recordSync>('recordSync', {
      workflowId,
      args: [{ tenantId, entity: record.entity, bproId: record.bproId }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      typedSearchAttributes: [
        { key: searchAttributes.tenantId, value: tenantId },
        { key: searchAttributes.entity, value: record.entity },
        { key: searchAttributes.recordId, value: record.bproId },
        { key: searchAttributes.syncState, value: 'running' },
      ],
    });
    await child.signal(recordChangedSignal, change);
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    await getExternalWorkflowHandle(workflowId).signal(recordChangedSignal, change);
  }
}

export async function qboChangePoller(input: ChangePollerInput): Promise<void> {
  let since = input.since ?? null;
  for (let poll = 0; poll < POLLS_PER_RUN; poll += 1) {
    const result = await pollChanges({
      tenantId: input.tenantId,
      since,
      workflowId: workflowInfo().workflowId,
    });
    if (!result.connected) return;
    since = result.next;
    const change: RecordChange = { event: 'retry', occurredAt: new Date().toISOString() };
    for (const record of result.rerun) await rerun(input.tenantId, record, change);
    await sleep(input.pollSeconds * 1000);
  }
  await continueAsNew<typeof qboChangePoller>({ ...input, since });
}
