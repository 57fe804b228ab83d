import type { QboSettings } from '../../config/fragments';
import type { Database } from '../../db/client';
import { QboClient } from './client';
import { qboEndpoints, type QboEndpoints } from './endpoints';
import { IntuitOAuth } from './oauth';
import { RealmRateLimiter, type Priority, type RateLimiterOptions } from './rate-limiter';
import type { TransientRetryOptions } from './retry';
import { TokenCrypto } from './token-crypto';
import { TokenProvider } from './token-provider';
import type { AccessTokenSource } from './transport';

export type QboServices = {
  settings: QboSettings;
  endpoints: QboEndpoints;
  oauth: IntuitOAuth;
  crypto: TokenCrypto;
  tokens: TokenProvider;
  limiter: RealmRateLimiter;
  /**
   * A client for one tenant's company (tokens from the database unless given). `priority`:
   * 'hook' for record syncs (served first by the realm's limiter), else 'bulk' (the default).
   */
  clientFor(tenantId: string, tokens?: AccessTokenSource, options?: { priority?: Priority }): QboClient;
};

/** Everything that talks to QuickBooks, built once per process from config. */
export function createQboServices(
  db: Database,
  settings: QboSettings,
  tokenEncryptionKey: Buffer,
  options: {
    rateLimits?: RateLimiterOptions;
    fetch?: typeof fetch;
    /** In-call retries of transient QBO failures (tests set `attempts: 0` to leave them all to Temporal). */
    transientRetries?: TransientRetryOptions;
  } = {},
): QboServices {
  const endpoints = qboEndpoints(settings);
  const oauth = new IntuitOAuth(settings);
  const crypto = new TokenCrypto(tokenEncryptionKey);
  const tokens = new TokenProvider(db, crypto, oauth);
  const limiter = new RealmRateLimiter(db, options.rateLimits);
  return {
    settings,
    endpoints,
    oauth,
    crypto,
    tokens,
    limiter,
    clientFor: (tenantId, source = tokens, clientOptions = {}) =>
      new QboClient({
        tenantId,
        tokens: source,
        limiter,
        ...(clientOptions.priority ? { priority: clientOptions.priority } : {}),
        apiBase: endpoints.apiBase,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.transientRetries ? { transientRetries: options.transientRetries } : {}),
      }),
  };
}
