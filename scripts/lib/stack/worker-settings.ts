// What a stack hands each worker process besides the ordinary worker environment
// (worker/config.ts): STACK_WORKER, JSON, no secrets.
import { z } from 'zod';

export const STACK_WORKER_ENV = 'STACK_WORKER';

export const stackWorkerSettings = z.object({
  /** application_name of its database connections (unique per chaos run, so a drop hits only its own). */
  applicationName: z.string().min(1).max(63),
  /** A workflow bundle the parent built once, so a restarted worker does not re-bundle. */
  bundlePath: z.string().min(1).optional(),
  /** The rate limiter's options, e.g. the time scale matching the emulator's. */
  rateLimits: z
    .object({
      limits: z
        .object({ perMinute: z.number(), perSecond: z.number(), batchPerMinute: z.number() })
        .optional(),
      headroom: z.number().optional(),
      maxWaitMs: z.number().optional(),
      timeScale: z.number().positive().optional(),
    })
    .optional(),
  /** The QBO client's in-call retries of transient failures (default: the client's own). */
  transientRetries: z
    .object({ attempts: z.number().int().min(0), baseDelayMs: z.number().min(0) })
    .optional(),
});
export type StackWorkerSettings = z.infer<typeof stackWorkerSettings>;
