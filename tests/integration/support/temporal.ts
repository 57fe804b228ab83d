import { temporal as temporalProto } from '@temporalio/proto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { inject } from 'vitest';

/** Client and worker connections to the run's Temporal dev server. Close both in afterAll. */
export async function connectTestTemporal() {
  const address = inject('temporalAddress');
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  return {
    address,
    client: new Client({ connection }),
    nativeConnection,
    close: async () => {
      await connection.close();
      await nativeConnection.close();
    },
  };
}

let queue = 0;
/** A task queue no other test uses, so tests never steal each other's tasks. */
export const uniqueTaskQueue = (name: string) =>
  `${name}-${process.pid}-${++queue}-${Date.now().toString(36)}`;

export const testFile = (relative: string, from: string) => fileURLToPath(new URL(relative, from));

/** A syncPage activity of the tenant's running workflows that a worker holds now, if any. */
export async function pageActivityInFlight(
  client: Client,
  tenantId: string,
): Promise<{ workflowId: string; activityId: string } | null> {
  const query = `BproTenantId = ${JSON.stringify(tenantId)} AND ExecutionStatus = "Running"`;
  for await (const w of client.workflow.list({ query })) {
    const { raw } = await client.workflow.getHandle(w.workflowId).describe();
    const started = raw.pendingActivities?.find(
      (a) =>
        a.activityType?.name === 'syncPage' &&
        a.state === temporalProto.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
    );
    if (started?.activityId) return { workflowId: w.workflowId, activityId: started.activityId };
  }
  return null;
}
