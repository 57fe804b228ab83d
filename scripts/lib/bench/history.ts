// Temporal history events of one initial sync: the parent `initial-sync:<tenant>` and its
// children `initial-sync:<tenant>/<entity>`, every run (continue-as-new included), from the
// visibility store's history length of each closed execution.
import type { Client } from '@temporalio/client';
import { workflowIds } from '../../../workflows/contracts';

export type HistoryCount = {
  executions: number;
  events: number;
  workflows: number;
  /** Seconds from each workflow's first start to its last close (per entity set: `<entity>`). */
  spans: Record<string, number>;
};

export async function initialSyncHistory(temporal: Client, tenantId: string): Promise<HistoryCount> {
  const parent = workflowIds.initialSync(tenantId);
  const ids = new Set<string>();
  const times = new Map<string, { start: number; close: number }>();
  let executions = 0;
  let events = 0;
  for await (const wf of temporal.workflow.list({ query: `BproTenantId = "${tenantId}"` })) {
    if (wf.workflowId !== parent && !wf.workflowId.startsWith(`${parent}/`)) continue;
    // A closed run's length is final; a running one (none after completion) is read directly.
    const length = wf.closeTime
      ? wf.historyLength
      : (await temporal.workflow.getHandle(wf.workflowId, wf.runId).describe()).historyLength;
    ids.add(wf.workflowId);
    const key = wf.workflowId === parent ? 'initialSync' : wf.workflowId.slice(parent.length + 1);
    const t = times.get(key) ?? { start: Infinity, close: 0 };
    t.start = Math.min(t.start, wf.startTime.getTime());
    t.close = Math.max(t.close, (wf.closeTime ?? new Date()).getTime());
    times.set(key, t);
    executions += 1;
    events += length;
  }
  const spans = Object.fromEntries([...times].map(([k, t]) => [k, (t.close - t.start) / 1000]));
  return { executions, events, workflows: ids.size, spans };
}

/** Start and close time of the tenant's initial-sync workflow (the latest run). */
export async function initialSyncSpan(
  temporal: Client,
  tenantId: string,
): Promise<{ startTime: Date; closeTime: Date | undefined }> {
  const d = await temporal.workflow.getHandle(workflowIds.initialSync(tenantId)).describe();
  return { startTime: d.startTime, closeTime: d.closeTime };
}
