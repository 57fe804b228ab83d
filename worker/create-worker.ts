import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { defaultWorkerTuning, type TemporalConfig, type WorkerTuning } from '../config/temporal';
import { temporalConnectionOptions } from '../config/temporal-tls';
import { limitHeapGrowth } from './heap-growth';
import { workflowBundleCode } from './workflow-bundle';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** Slot counts and cache size from the configuration (README "Scaling"). */
export function tunedOptions(tuning: WorkerTuning): Partial<WorkerOptions> {
  return {
    maxConcurrentActivityTaskExecutions: tuning.activitySlots,
    maxConcurrentWorkflowTaskExecutions: Math.min(tuning.workflowTaskSlots, tuning.maxCachedWorkflows),
    maxCachedWorkflows: tuning.maxCachedWorkflows,
  };
}

/**
 * A graceful stop (SHUTDOWN_GRACE_SECONDS): once shutdown begins the worker polls no more, and
 * running activities get this long to finish before they are cancelled (their heartbeat sees it).
 */
export function shutdownOptions(graceSeconds: number): Partial<WorkerOptions> {
  return { shutdownGraceTime: graceSeconds * 1000 };
}

/**
 * Builds a worker for our task queue with every workflow and activity registered. The caller
 * owns `worker.run()` / `shutdown()` and the connection. Without a `workflowBundle` in `extra`,
 * the workflow code is bundled in a child process (workflow-bundle.ts).
 */
export async function createSyncWorker(
  temporal: TemporalConfig,
  deps: ActivityDeps,
  extra: Partial<WorkerOptions> = {},
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const tuning = temporal.worker ?? defaultWorkerTuning;
  limitHeapGrowth(tuning.heapGrowingPercent);
  const workflows: Partial<WorkerOptions> =
    extra.workflowBundle || extra.workflowsPath
      ? {}
      : { workflowBundle: { code: await workflowBundleCode(WORKFLOWS_PATH) } };
  const connection = await NativeConnection.connect(temporalConnectionOptions(temporal));
  try {
    const worker = await Worker.create({
      connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      ...workflows,
      activities: createActivities({ recordSyncsPerTenant: tuning.recordSyncsPerTenant, ...deps }),
      ...tunedOptions(tuning),
      ...extra,
    });
    return { worker, connection };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
