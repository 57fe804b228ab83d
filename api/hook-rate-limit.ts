// The BPro hooks' abuse limits (README "Hostile input and abuse limits"): per tenant for signed
// hooks, per source address for hooks whose signature is missing or wrong. express-rate-limit
// does the counting and the headers (RateLimit, RateLimit-Policy, and Retry-After on a refusal);
// its counters live in PostgreSQL (rate-limit-store.ts), so the limits hold across API replicas.
// A refusal is a 429 in the error envelope, through the app's error handler like any other.
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { ApiDeps } from './deps';
import { HttpError } from './middleware/errors';
import { PostgresRateLimitStore } from './rate-limit-store';

export type HookRateLimits = { perTenant: number; unsignedPerSource: number; windowSeconds: number };

/** Whom a request counts against: undefined when the limit does not apply to it. */
export type LimitKey = (req: Request) => string | undefined;

type Limit = { name: string; limit: number; key: LimitKey; refusal: (key: string) => string };

function limiter({ db, log, config }: ApiDeps, { name, limit, key, refusal }: Limit): RequestHandler {
  if (limit === 0) return (_req, _res, next) => next();
  const { windowSeconds } = config.hookRateLimits;
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit,
    store: new PostgresRateLimitStore(db, name),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skip: (req) => key(req) === undefined,
    keyGenerator: (req) => key(req) ?? '',
    // The database down: hooks cannot be taken anyway (the tenant lookup fails); the limit adds no
    // second failure of its own.
    passOnStoreError: true,
    logger: {
      error: (error: unknown, message?: string) =>
        log.error(message ?? 'hook rate limit', { limit: name, error: String(error) }),
      warn: (error: unknown, message?: string) =>
        log.warn(message ?? 'hook rate limit', { limit: name, error: String(error) }),
    },
    handler: (req, _res, next) =>
      next(
        new HttpError(429, 'rate_limited', refusal(key(req) ?? ''), {
          limit,
          windowSeconds,
        }),
      ),
  });
}

/** The two limiters of POST /hooks/bpro; the route says whom each request counts against. */
export function hookRateLimiters(
  deps: ApiDeps,
  keys: { unsignedSource: LimitKey; tenant: LimitKey },
): { unsigned: RequestHandler; tenant: RequestHandler } {
  const { perTenant, unsignedPerSource, windowSeconds } = deps.config.hookRateLimits;
  const per = `per ${windowSeconds} s`;
  return {
    unsigned: limiter(deps, {
      name: 'hook-source',
      limit: unsignedPerSource,
      key: keys.unsignedSource,
      refusal: () =>
        `Too many hooks without a valid signature from this address (at most ${unsignedPerSource} ${per}); ` +
        'try again after Retry-After seconds',
    }),
    tenant: limiter(deps, {
      name: 'hook-tenant',
      limit: perTenant,
      key: keys.tenant,
      refusal: (tenantId) =>
        `Too many hooks for tenant "${tenantId}" (at most ${perTenant} ${per}); ` +
        'send this one again after Retry-After seconds',
    }),
  };
}

/** A request's source address as the per-source limit counts it (an IPv6 /56 as one source). */
export const sourceOf = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
