// A stack's workers as its caller asks for them: a pool of in-process or child-process workers,
// and single worker processes on demand (the benchmark's, one per pass).
import type { QboServices } from '../../../activities/qbo/services';
import type { TemporalConfig } from '../../../config/temporal';
import type { StackDatabase } from './database';
import type { QboOptions } from './launch';
import { spawnWorkerProcess } from './worker-child';
import { inProcessLife, startInProcessWorker } from './worker-in-process';
import type { WorkerLife } from './worker-life';
import { WorkerPool } from './worker-pool';
import { writeWorkflowBundle } from './workflow-bundle';

export type WorkerChoice = {
  mode: 'in-process' | 'child-process';
  /** Default 1. */
  count?: number;
  /** Start them with the stack (default) or leave it to `workers.start()`. */
  start?: boolean;
  /** Start a dead worker again after this pause (default: leave it down). */
  restartDelayMs?: number | null;
  /** In process: a database pool of its own, as a process of its own has (default: the stack's). */
  ownPool?: boolean;
  /** Initial-sync pages share QBO batch requests (in process; child processes read SYNC_BATCHING). */
  batching?: boolean;
  /** Child processes: application_name of their database connections. */
  applicationName?: string;
  /** Child processes: their logs (worker-<n>.log) and the workflow bundle built once for them go here. */
  runDir?: string;
  onEvent?: (line: string) => void;
};

export type WorkerSpawnOptions = {
  /** Added to the stack's environment (e.g. SYNC_BATCHING). */
  env?: Record<string, string>;
  /** Instead of the stack's rate limits (e.g. another time scale). */
  rateLimits?: QboOptions['rateLimits'];
  applicationName?: string;
};

export type WorkerContext = QboOptions & {
  env: NodeJS.ProcessEnv;
  temporal: TemporalConfig;
  database: StackDatabase;
  qbo: QboServices;
};

/** One worker process of the stack, outside any pool. */
export function spawnStackWorker(
  context: WorkerContext,
  options: WorkerSpawnOptions & { bundlePath?: string; stderr?: 'inherit' | 'pipe' } = {},
): WorkerLife {
  const rateLimits = options.rateLimits ?? context.rateLimits;
  return spawnWorkerProcess({
    env: { ...context.env, ...options.env },
    settings: {
      applicationName: options.applicationName ?? 'qbo-sync-worker',
      ...(options.bundlePath ? { bundlePath: options.bundlePath } : {}),
      ...(rateLimits ? { rateLimits } : {}),
      ...(context.transientRetries ? { transientRetries: context.transientRetries } : {}),
    },
    ...(options.stderr ? { stderr: options.stderr } : {}),
  });
}

export async function createWorkerPool(choice: WorkerChoice, context: WorkerContext): Promise<WorkerPool> {
  return new WorkerPool({
    count: choice.count ?? 1,
    startLife: await lifeStarter(choice, context),
    restartDelayMs: choice.restartDelayMs ?? null,
    ...(choice.mode === 'child-process' && choice.runDir ? { logDir: choice.runDir } : {}),
    ...(choice.onEvent ? { onEvent: choice.onEvent } : {}),
  });
}

async function lifeStarter(choice: WorkerChoice, context: WorkerContext): Promise<() => WorkerLife> {
  if (choice.mode === 'child-process') {
    if (!context.database.serverUrl) throw new Error('worker processes need a PostgreSQL server');
    const bundlePath = choice.runDir ? await writeWorkflowBundle(choice.runDir) : undefined;
    const options = {
      ...(choice.applicationName ? { applicationName: choice.applicationName } : {}),
      ...(bundlePath ? { bundlePath } : {}),
      stderr: choice.runDir ? ('pipe' as const) : ('inherit' as const),
    };
    return () => spawnStackWorker(context, options);
  }
  const url = context.database.serverUrl;
  const options = {
    temporal: context.temporal,
    db: context.database.db,
    qbo: context.qbo,
    ...(choice.batching === undefined ? {} : { batching: choice.batching }),
    ...(choice.ownPool && url ? { ownPool: { url, max: 10 } } : {}),
  };
  return () => inProcessLife(() => startInProcessWorker(options));
}
