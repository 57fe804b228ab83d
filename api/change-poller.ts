// The per-company change poller (workflows/change-poller.ts) is started when a company connects and
// whenever an initial sync starts; an already running one is kept (one poller per company).
import type { Client } from '@temporalio/client';
import { DEFAULT_CHANGE_POLL_SECONDS } from '../config/fragments';
import type { TemporalConfig } from '../config/temporal';
import { searchAttributes, workflowIds, workflowNames, type ChangePollerInput } from '../workflows/contracts';

export async function ensureChangePoller(
  client: Client,
  temporal: TemporalConfig,
  tenantId: string,
  pollSeconds: number = DEFAULT_CHANGE_POLL_SECONDS,
): Promise<string> {
  const workflowId = workflowIds.changePoller(tenantId);
  const input: ChangePollerInput = { tenantId, pollSeconds };
  await client.workflow.start(workflowNames.qboChangePoller, {
    workflowId,
    taskQueue: temporal.taskQueue,
    args: [input],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [
      { key: searchAttributes.tenantId, value: tenantId },
      { key: searchAttributes.entity, value: 'company' },
      { key: searchAttributes.syncState, value: 'running' },
    ],
    staticSummary: `QuickBooks changes of ${tenantId} (every ${pollSeconds} s)`,
  });
  return workflowId;
}
