// zod fragments of the environment, one per concern. Each process merges the ones it needs
// (api/config.ts, worker/config.ts, ...) and parses once at start-up. Nothing else reads
// process.env. Dev defaults exist so `npm run demo` needs no variables; production refuses them.
import { isIP } from 'node:net';
import { z } from 'zod';
import { workerTuningShape } from './temporal';
import { temporalTlsShape } from './temporal-tls';

export const DEV_API_TOKEN = 'dev-api-token';
export const DEV_HOOK_SECRET = 'dev-hook-secret';
/** A fixed 32-byte key, base64: for local development only; production refuses it. */
export const DEV_TOKEN_ENCRYPTION_KEY = Buffer.from('qbo-sync-dev-key-not-for-prod!!!').toString('base64');
export const EMULATOR_CLIENT_ID = 'qbo-sync-local';
export const EMULATOR_CLIENT_SECRET = 'qbo-sync-local-secret';

const port = z.coerce.number().int().min(1).max(65535);

export const nodeEnvFragment = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
});

export const databaseFragment = z.object({
  /** Unset: embedded PGlite under .data/ (development only). */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
});

export const temporalFragment = z.object({
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('qbo-sync'),
  TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
  ...workerTuningShape,
  ...temporalTlsShape,
});

export const qboFragment = z.object({
  /** Defaults to `emulator` when no Intuit client id is set, else `sandbox`. */
  QBO_ENVIRONMENT: z.enum(['sandbox', 'production', 'emulator']).optional(),
  QBO_CLIENT_ID: z.string().optional(),
  QBO_CLIENT_SECRET: z.string().optional(),
  QBO_REDIRECT_URI: z.url().optional(),
  QBO_EMULATOR_URL: z.url().default('http://127.0.0.1:8090'),
  /** How often each connected company's changes are read from QuickBooks (ChangeDataCapture). */
  QBO_CHANGE_POLL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** While a company is blocked (subscription lapsed, reset), one call per this interval probes it. */
  QBO_BLOCKED_PROBE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /**
   * A sync refused with 429 for this long (no Retry-After, our own limiter within QBO's limits):
   * taken for the monthly read quota, or another app using the company's limit; the company is blocked.
   */
  QBO_THROTTLED_BLOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  /**
   * Testing only: with QBO_ENVIRONMENT=sandbox, every Intuit URL (consent, token, revoke, Accounting
   * API) goes to this base at Intuit's paths instead, e.g. the local emulator standing in for Intuit
   * to rehearse the sandbox path offline. Refused with NODE_ENV=production and outside sandbox.
   */
  QBO_TEST_INTUIT_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
});

export const secretsFragment = z.object({
  API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  HOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** 32 bytes, base64 or hex. */
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, 'must be 32 bytes, base64 (44 chars) or hex (64 chars)')
    .optional(),
});

export const httpFragment = z.object({
  PORT: port.default(3000),
});

export const loggingFragment = z.object({
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
});

export const DEFAULT_WORKER_METRICS_PORT = 9465;

export const metricsFragment = z.object({
  /** Set: GET /metrics (API and worker) needs `Authorization: Bearer <METRICS_TOKEN>`; unset: open. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The worker's Prometheus endpoint (GET /metrics); 0: none. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_WORKER_METRICS_PORT),
});

/** Defaults of the BPro hooks' abuse limits (api/hook-rate-limit.ts; README "Hostile input"). */
export const DEFAULT_HOOK_RATE_LIMITS = { perTenant: 6000, unsignedPerSource: 600, windowSeconds: 60 };

const hookLimit = z.coerce.number().int().min(0).max(100_000_000);

/** Defaults of a tenant's lane for starting record syncs in one API process (api/tenant-intake.ts). */
export const DEFAULT_HOOK_INTAKE = { startsPerTenant: 4, waitingPerTenant: 200 };

export const hookLimitsFragment = z.object({
  /** Hooks one tenant may send per window, across every API replica; 0: no limit. */
  HOOK_RATE_LIMIT_PER_TENANT: hookLimit.default(DEFAULT_HOOK_RATE_LIMITS.perTenant),
  /** Hooks with a missing or wrong signature one source address may send per window; 0: no limit. */
  HOOK_RATE_LIMIT_UNSIGNED_PER_SOURCE: hookLimit.default(DEFAULT_HOOK_RATE_LIMITS.unsignedPerSource),
  HOOK_RATE_LIMIT_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(DEFAULT_HOOK_RATE_LIMITS.windowSeconds),
  /** Temporal start/signal calls of one tenant's hooks under way at once, per API process. */
  HOOK_STARTS_PER_TENANT: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(DEFAULT_HOOK_INTAKE.startsPerTenant),
  /** Hooks of one tenant waiting for its lane, per API process, before more get 429 `tenant_busy`. */
  HOOK_WAITING_PER_TENANT: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(DEFAULT_HOOK_INTAKE.waitingPerTenant),
});

const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isProxyAddress = (item: string) => {
  const [address = '', prefix, ...rest] = item.split('/');
  return (
    proxyNames.has(item) ||
    (rest.length === 0 && isIP(address) !== 0 && (prefix === undefined || /^\d{1,3}$/.test(prefix)))
  );
};

export const proxyFragment = z.object({
  /**
   * Express's `trust proxy`: which proxies' X-Forwarded-For gives the client's address. Unset or
   * `false`: none (the socket's address); a number: that many hops; else a comma-separated list of
   * addresses, CIDR subnets or `loopback`, `linklocal`, `uniquelocal`. `true` (believe anyone's
   * header) is refused: any client could then choose its own address.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .refine(
      (v) =>
        v === 'false' || /^\d{1,2}$/.test(v) || v.split(',').every((item) => isProxyAddress(item.trim())),
      'must be false, a hop count, or a comma-separated list of addresses, subnets or loopback/linklocal/uniquelocal',
    )
    .optional(),
});

/** TRUST_PROXY as Express's `trust proxy` setting takes it. */
export function resolveTrustProxy(value: string | undefined): false | number | string {
  if (value === undefined || value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export const DEFAULT_SHUTDOWN_GRACE_SECONDS = 30;

export const shutdownFragment = z.object({
  /**
   * On SIGTERM: how long running activities get to finish before they are cancelled (their
   * heartbeat sees it), and how long the API drains. The process exits by itself a little after.
   */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(DEFAULT_SHUTDOWN_GRACE_SECONDS),
});

export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const b = Buffer.from(value, 'base64');
  return b.length === 32 ? b : null;
}

type SecretsInput = z.infer<typeof secretsFragment> &
  z.infer<typeof nodeEnvFragment> &
  z.infer<typeof databaseFragment>;

/**
 * In production every secret (and a real database) must be given explicitly; elsewhere the
 * documented development defaults fill the gaps.
 */
export function resolveSecrets(
  env: SecretsInput,
  ctx: z.RefinementCtx,
  required: ReadonlyArray<'API_TOKEN' | 'HOOK_SECRET' | 'TOKEN_ENCRYPTION_KEY' | 'DATABASE_URL'>,
) {
  const production = env.NODE_ENV === 'production';
  if (production) {
    for (const name of required) {
      if (!env[name])
        ctx.addIssue({ code: 'custom', path: [name], message: 'is required when NODE_ENV=production' });
    }
    if (env.TOKEN_ENCRYPTION_KEY === DEV_TOKEN_ENCRYPTION_KEY)
      ctx.addIssue({
        code: 'custom',
        path: ['TOKEN_ENCRYPTION_KEY'],
        message: 'must not be the development key in production',
      });
  }
  const key = decodeKey(env.TOKEN_ENCRYPTION_KEY ?? DEV_TOKEN_ENCRYPTION_KEY) ?? Buffer.alloc(0);
  return {
    apiToken: env.API_TOKEN ?? DEV_API_TOKEN,
    hookSecret: env.HOOK_SECRET ?? DEV_HOOK_SECRET,
    tokenEncryptionKey: key,
  };
}

type QboInput = z.infer<typeof qboFragment> & z.infer<typeof nodeEnvFragment>;

export type QboSettings = {
  environment: 'sandbox' | 'production' | 'emulator';
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  emulatorUrl: string;
  /** Testing only (QBO_TEST_INTUIT_BASE_URL): stands in for every Intuit host in sandbox mode. */
  testIntuitBaseUrl?: string;
  /** QBO_CHANGE_POLL_SECONDS (default 300). */
  changePollSeconds?: number;
  /** QBO_BLOCKED_PROBE_SECONDS (default 60). */
  blockedProbeSeconds?: number;
  /** QBO_THROTTLED_BLOCK_SECONDS (default 600). */
  throttledBlockSeconds?: number;
};

export const DEFAULT_CHANGE_POLL_SECONDS = 300;
export const DEFAULT_BLOCKED_PROBE_SECONDS = 60;
export const DEFAULT_THROTTLED_BLOCK_SECONDS = 600;

/** Resolves which QuickBooks the process talks to, and checks the keys that choice needs. */
export function resolveQbo(env: QboInput, redirectDefault: string, ctx: z.RefinementCtx): QboSettings {
  const environment = env.QBO_ENVIRONMENT ?? (env.QBO_CLIENT_ID ? 'sandbox' : 'emulator');
  if (environment !== 'emulator') {
    for (const name of ['QBO_CLIENT_ID', 'QBO_CLIENT_SECRET'] as const) {
      if (!env[name])
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `is required when QBO_ENVIRONMENT=${environment}`,
        });
    }
  }
  if (env.NODE_ENV === 'production' && environment === 'emulator')
    ctx.addIssue({
      code: 'custom',
      path: ['QBO_ENVIRONMENT'],
      message: 'must be sandbox or production when NODE_ENV=production',
    });
  if (env.QBO_TEST_INTUIT_BASE_URL !== undefined) {
    if (env.NODE_ENV === 'production')
      ctx.addIssue({
        code: 'custom',
        path: ['QBO_TEST_INTUIT_BASE_URL'],
        message: 'is for tests only and must not be set when NODE_ENV=production',
      });
    if (environment !== 'sandbox')
      ctx.addIssue({
        code: 'custom',
        path: ['QBO_TEST_INTUIT_BASE_URL'],
        message: `only applies to QBO_ENVIRONMENT=sandbox (not ${environment})`,
      });
  }
  return {
    environment,
    clientId: env.QBO_CLIENT_ID ?? EMULATOR_CLIENT_ID,
    clientSecret: env.QBO_CLIENT_SECRET ?? EMULATOR_CLIENT_SECRET,
    redirectUri: env.QBO_REDIRECT_URI ?? redirectDefault,
    emulatorUrl: env.QBO_EMULATOR_URL,
    changePollSeconds: env.QBO_CHANGE_POLL_SECONDS,
    blockedProbeSeconds: env.QBO_BLOCKED_PROBE_SECONDS,
    throttledBlockSeconds: env.QBO_THROTTLED_BLOCK_SECONDS,
    ...(env.QBO_TEST_INTUIT_BASE_URL === undefined
      ? {}
      : { testIntuitBaseUrl: env.QBO_TEST_INTUIT_BASE_URL }),
  };
}
