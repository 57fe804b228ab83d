import { z } from 'zod';
import type { nodeEnvFragment, temporalFragment } from './fragments';
import { ConfigError } from './load';
import { resolveTemporalTls, type TemporalTls } from './temporal-tls';

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export type WorkerTuning = {
  activitySlots: number;
  workflowTaskSlots: number;
  maxCachedWorkflows: number;
  recordSyncsPerTenant: number;
  heapGrowingPercent: number;
};

/** The defaults (also for a worker built from a hand-made TemporalConfig, as tests do). */
export const defaultWorkerTuning: WorkerTuning = {
  activitySlots: 100,
  workflowTaskSlots: 40,
  maxCachedWorkflows: 500,
  recordSyncsPerTenant: 8,
  heapGrowingPercent: 40,
};

/**
 * How much one worker process takes on at once (README "Scaling"). Merged into temporalFragment,
 * so the API's in-process worker (`npm start`, the demo, the tests' stacks) reads them too.
 */
export const workerTuningShape = {
  /** Activity slots: record syncs and initial-sync pages together. */
  TEMPORAL_ACTIVITY_SLOTS: count(4, 1000).default(defaultWorkerTuning.activitySlots),
  /** Workflow task slots (short: a workflow task is a few ms of workflow code). */
  TEMPORAL_WORKFLOW_TASK_SLOTS: count(2, 1000).default(defaultWorkerTuning.workflowTaskSlots),
  /** Workflow executions kept in the worker's cache (each costs memory; an evicted one replays). */
  TEMPORAL_MAX_CACHED_WORKFLOWS: count(2, 100_000).default(defaultWorkerTuning.maxCachedWorkflows),
  /** A tenant's record syncs running at once in one worker; more wait in their workflow (no slot). */
  RECORD_SYNCS_PER_TENANT: count(1, 1000).default(defaultWorkerTuning.recordSyncsPerTenant),
  /** V8 collects once the old space grew by this % over what the last full GC kept (0: V8's own, up to 300 %). */
  WORKER_HEAP_GROWING_PERCENT: count(0, 1000).default(defaultWorkerTuning.heapGrowingPercent),
};

export type TemporalConfig = {
  address: string;
  namespace: string;
  taskQueue: string;
  uiUrl: string;
  /** Unset: defaultWorkerTuning. */
  worker?: WorkerTuning;
  /** TLS, client certificate, API key (config/temporal-tls.ts). Unset: plain text. */
  tls?: TemporalTls;
};

type TemporalInput = z.infer<typeof temporalFragment> & Partial<z.infer<typeof nodeEnvFragment>>;

/**
 * Resolves the Temporal settings and reports bad TLS settings as issues on `ctx`. Without a
 * `ctx` (a caller outside a zod transform), they are thrown as one ConfigError.
 */
export function resolveTemporal(env: TemporalInput, ctx?: z.RefinementCtx): TemporalConfig {
  const { tls, problems } = resolveTemporalTls(env);
  for (const { name, message } of problems) ctx?.addIssue({ code: 'custom', path: [name], message });
  if (!ctx && problems.length > 0)
    throw new ConfigError(problems.map(({ name, message }) => `${name}: ${message}`));
  return {
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    uiUrl: env.TEMPORAL_UI_URL.replace(/\/$/, ''),
    worker: {
      activitySlots: env.TEMPORAL_ACTIVITY_SLOTS,
      workflowTaskSlots: env.TEMPORAL_WORKFLOW_TASK_SLOTS,
      maxCachedWorkflows: env.TEMPORAL_MAX_CACHED_WORKFLOWS,
      recordSyncsPerTenant: env.RECORD_SYNCS_PER_TENANT,
      heapGrowingPercent: env.WORKER_HEAP_GROWING_PERCENT,
    },
    tls,
  };
}
