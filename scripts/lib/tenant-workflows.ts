import type { TemporalConfig } from '../../config/temporal';
import { connectTemporalClient } from '../../api/temporal-client';

/** Terminates a tenant's running workflows (the demo re-seeds the tenant from scratch). */
export async function stopTenantWorkflows(temporal: TemporalConfig, tenantId: string): Promise<number> {
  const client = await connectTemporalClient(temporal);
  let stopped = 0;
  try {
    for await (const wf of client.workflow.list({
      query: `BproTenantId = "${tenantId}" AND ExecutionStatus = "Running"`,
    })) {
      await client.workflow
        .getHandle(wf.workflowId, wf.runId)
        .terminate('demo restarted: tenant re-seeded')
        .catch(() => {});
      stopped += 1;
    }
  } finally {
    await client.connection.close();
  }
  return stopped;
}
