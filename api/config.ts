import { type z } from 'zod';
import {
  databaseFragment,
  hookLimitsFragment,
  httpFragment,
  loggingFragment,
  nodeEnvFragment,
  proxyFragment,
  qboFragment,
  resolveQbo,
  resolveSecrets,
  resolveTrustProxy,
  secretsFragment,
  shutdownFragment,
  metricsFragment,
  temporalFragment,
} from '../config/fragments';
import { loadConfig } from '../config/load';
import { resolveTemporal } from '../config/temporal';

/** The API process's configuration (design.md §9). */
export const apiConfigSchema = nodeEnvFragment
  .extend(databaseFragment.shape)
  .extend(temporalFragment.shape)
  .extend(qboFragment.shape)
  .extend(secretsFragment.shape)
  .extend(httpFragment.shape)
  .extend(loggingFragment.shape)
  .extend(shutdownFragment.shape)
  .extend(metricsFragment.shape)
  .extend(hookLimitsFragment.shape)
  .extend(proxyFragment.shape)
  .transform((env, ctx) => {
    const secrets = resolveSecrets(env, ctx, [
      'API_TOKEN',
      'HOOK_SECRET',
      'TOKEN_ENCRYPTION_KEY',
      'DATABASE_URL',
    ]);
    return {
      nodeEnv: env.NODE_ENV,
      databaseUrl: env.DATABASE_URL,
      port: env.PORT,
      temporal: resolveTemporal(env, ctx),
      qbo: resolveQbo(env, `http://localhost:${env.PORT}/api/v1/qbo/callback`, ctx),
      apiToken: secrets.apiToken,
      hookSecret: secrets.hookSecret,
      tokenEncryptionKey: secrets.tokenEncryptionKey,
      logLevel: env.LOG_LEVEL,
      metricsToken: env.METRICS_TOKEN,
      shutdownGraceSeconds: env.SHUTDOWN_GRACE_SECONDS,
      hookRateLimits: {
        perTenant: env.HOOK_RATE_LIMIT_PER_TENANT,
        unsignedPerSource: env.HOOK_RATE_LIMIT_UNSIGNED_PER_SOURCE,
        windowSeconds: env.HOOK_RATE_LIMIT_WINDOW_SECONDS,
      },
      hookIntake: {
        startsPerTenant: env.HOOK_STARTS_PER_TENANT,
        waitingPerTenant: env.HOOK_WAITING_PER_TENANT,
      },
      trustProxy: resolveTrustProxy(env.TRUST_PROXY),
    };
  });

export type ApiConfig = z.infer<typeof apiConfigSchema>;

export const loadApiConfig = (env: NodeJS.ProcessEnv = process.env): ApiConfig =>
  loadConfig(apiConfigSchema, env);
