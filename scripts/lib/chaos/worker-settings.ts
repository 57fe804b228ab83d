// What the chaos run hands each worker process besides the ordinary worker environment.
import { z } from 'zod';

export const CHAOS_WORKER_ENV = 'CHAOS_WORKER';

/** CHAOS_WORKER (JSON, no secrets). */
export const chaosWorkerSettings = z.object({
  /** The workflow bundle the parent built once, so a restarted worker does not re-bundle. */
  bundlePath: z.string().min(1),
  /** The workers' rate-limit time scale, matching the emulator's. */
  timeScale: z.number().positive(),
  /** application_name of its database connections: unique per run, so a connection drop hits only this run's. */
  applicationName: z.string().min(1).max(63),
});
export type ChaosWorkerSettings = z.infer<typeof chaosWorkerSettings>;
