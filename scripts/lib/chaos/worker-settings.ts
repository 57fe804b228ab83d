// What the chaos run hands each worker process besides the ordinary worker environment.
import { z } from 'zod';

export const CHAOS_WORKER_ENV = 'CHAOS_WORKER';
/** application_name of the workers' database connections (what a connection drop targets). */
export const WORKER_APPLICATION_NAME = 'qbo-sync-worker';

/** CHAOS_WORKER (JSON, no secrets). */
export const chaosWorkerSettings = z.object({
  /** The workflow bundle the parent built once, so a restarted worker does not re-bundle. */
  bundlePath: z.string().min(1),
  /** The workers' rate-limit time scale, matching the emulator's. */
  timeScale: z.number().positive(),
});
export type ChaosWorkerSettings = z.infer<typeof chaosWorkerSettings>;
