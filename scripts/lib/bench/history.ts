// Temporal history events of one initial sync: the parent `initial-sync:<tenant>` and its
// children `initial-sync:<tenant>/<entity>`, every run (continue-as-new included), from the
// visibility store's history length of each closed execution.
import type { Client } from '@temporalio/client';
import { workflowIds } from '../../../workflows/contracts';

export type HistoryCount = { executions: number; events: number; workflows: number };

export async function initialSyncHistory(temporal: Client, tenantId: string): Promise<HistoryCount> {
  const parent = workflowIds.initialSync(tenantId);
  const ids = new Set<string>();
  let executions = 0;
  let events = 0;
  for await (const wf of temporal.workflow.list({ query: `BproTenantId = "${tenantId}"` })) {
    if (wf.workflowId !== parent && !wf.workflowId.startsWith(`${parent}/`)) continue;
    // A closed run's length is final; a running one (none after completion) is read directly.
    const length = wf.closeTime
      ? wf.historyLength
      : (await temporal.workflow.getHandle(wf.workflowId, wf.runId).describe()).historyLength;
    ids.add(wf.workflowId);
    executions += 1;
    events += length;
  }
  return { executions, events, workflows: ids.size };
}

/** Start and close time of the tenant's initial-sync workflow (the latest run). */
export async function initialSyncSpan(
  temporal: Client,
  tenantId: string,
): Promise<{ startTime: Date; closeTime: Date | undefined }> {
  const d = await temporal.workflow.getHandle(workflowIds.initialSync(tenantId)).describe();
  return { startTime: d.startTime, closeTime: d.closeTime };
}
