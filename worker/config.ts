import { z } from 'zod';
import {
  databaseFragment,
  loggingFragment,
  nodeEnvFragment,
  qboFragment,
  resolveQbo,
  resolveSecrets,
  secretsFragment,
  shutdownFragment,
  metricsFragment,
  temporalFragment,
} from '../config/fragments';
import { loadConfig } from '../config/load';
import { resolveTemporal } from '../config/temporal';

/** The worker process's configuration (design.md §9). */
export const workerConfigSchema = nodeEnvFragment
  .extend(databaseFragment.shape)
  .extend(temporalFragment.shape)
  .extend(qboFragment.shape)
  .extend(secretsFragment.shape)
  .extend(loggingFragment.shape)
  .extend(shutdownFragment.shape)
  .extend(metricsFragment.shape)
  .extend({
    /** `off`: initial-sync pages sync one record at a time with plain calls (the benchmark's baseline). */
    SYNC_BATCHING: z.enum(['on', 'off']).default('on'),
  })
  .transform((env, ctx) => ({
    nodeEnv: env.NODE_ENV,
    databaseUrl: env.DATABASE_URL,
    temporal: resolveTemporal(env, ctx),
    qbo: resolveQbo(env, 'http://localhost:3000/api/v1/qbo/callback', ctx),
    tokenEncryptionKey: resolveSecrets(env, ctx, ['TOKEN_ENCRYPTION_KEY', 'DATABASE_URL']).tokenEncryptionKey,
    logLevel: env.LOG_LEVEL,
    metricsPort: env.WORKER_METRICS_PORT,
    metricsToken: env.METRICS_TOKEN,
    batching: env.SYNC_BATCHING === 'on',
    shutdownGraceSeconds: env.SHUTDOWN_GRACE_SECONDS,
  }));

export type WorkerConfig = z.infer<typeof workerConfigSchema>;

export const loadWorkerConfig = (env: NodeJS.ProcessEnv = process.env): WorkerConfig =>
  loadConfig(workerConfigSchema, env);
