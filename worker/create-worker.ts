import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import type { TemporalConfig } from '../config/temporal';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * Builds a worker for our task queue with every workflow and activity registered. The caller
 * owns `worker.run()` / `shutdown()` and the connection.
 */
export async function createSyncWorker(
  temporal: TemporalConfig,
  deps: ActivityDeps,
  extra: Partial<WorkerOptions> = {},
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: temporal.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: createActivities(deps),
      ...extra,
    });
    return { worker, connection };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
