// One HTTP call to the QBO data API. Every call: an access token from the TokenProvider
// (refreshed on a 401, once per call), a token from the realm's shared rate limiter,
// `minorversion`, a deterministic `requestid` on writes, one error classification, and quick
// in-call retries of transient failures (retry.ts). Returns the parsed JSON body.
import {
  classifyNetworkError,
  classifyResponse,
  DEFAULT_THROTTLE_DELAY_MS,
  QboError,
  type HttpAnswer,
} from './errors';
import type { RealmRateLimiter } from './rate-limiter';
import type { CallKind } from './rate-limits';
import {
  DEFAULT_TRANSIENT_RETRIES,
  retryTransient,
  transientRetryOf,
  type TransientRetryOptions,
} from './retry';
import { MINOR_VERSION } from './schemas';
import type { AccessGrant } from './token-provider';

/** Where access tokens come from (the TokenProvider, or a just-issued token during connect). */
export type AccessTokenSource = {
  accessToken(tenantId: string, options?: { rejected?: string }): Promise<AccessGrant>;
};

export type TransportDeps = {
  tenantId: string;
  tokens: AccessTokenSource;
  limiter: RealmRateLimiter;
  apiBase: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Quick in-call retries of transient failures before they reach Temporal's retry policy. */
  transientRetries?: TransientRetryOptions;
};

export type Call = {
  method: 'GET' | 'POST';
  /** Below /v3/company/{realmId}/; a function when the path itself names the realm. */
  path: string | ((realmId: string) => string);
  query?: Record<string, string>;
  body?: unknown;
  kind?: CallKind;
  requestId?: string;
};

/** The grant of one call, and whether it has been refreshed yet (once per call at most). */
type CallAuth = { grant: AccessGrant; refreshed: boolean };

export class QboTransport {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: TransientRetryOptions;

  constructor(private readonly deps: TransportDeps) {
    this.fetchImpl = deps.fetch ?? fetch;
    this.timeoutMs = deps.timeoutMs ?? 60_000;
    this.retries = deps.transientRetries ?? DEFAULT_TRANSIENT_RETRIES;
  }

  /** One call with auth, limits, classification and in-call retries; the parsed JSON body. */
  async call(call: Call): Promise<unknown> {
    const auth: CallAuth = {
      grant: await this.deps.tokens.accessToken(this.deps.tenantId),
      refreshed: false,
    };
    return retryTransient(this.retries, transientRetryOf, () => this.sendAuthorized(call, auth));
  }

  /** Sends the call; after a 401 the token is refreshed (once per call) and the call sent again. */
  private async sendAuthorized(call: Call, auth: CallAuth): Promise<unknown> {
    try {
      return await this.send(call, auth.grant);
    } catch (error) {
      if (!(error instanceof QboError) || error.type !== 'auth_expired' || auth.refreshed) throw error;
      auth.refreshed = true;
      auth.grant = await this.deps.tokens.accessToken(this.deps.tenantId, {
        rejected: auth.grant.accessToken,
      });
      return this.send(call, auth.grant);
    }
  }

  /** One try: a rate-limit token, the request, the classified answer. */
  private async send(call: Call, grant: AccessGrant): Promise<unknown> {
    await this.deps.limiter.acquire(grant.realmId, call.kind ?? 'request');
    const answer = await this.exchange(call, this.url(call, grant.realmId), grant.accessToken);
    const failure = classifyResponse(answer);
    if (!failure) return answer.bodyText ? (JSON.parse(answer.bodyText) as unknown) : {};
    // QBO said slow down: the realm's limiter holds every caller back for the delay.
    if (failure.type === 'throttled')
      await this.deps.limiter.backOff(grant.realmId, failure.retryAfterMs ?? DEFAULT_THROTTLE_DELAY_MS);
    throw failure;
  }

  /** The HTTP request and its whole answer; a failure before the answer is a classified network error. */
  private async exchange(call: Call, url: URL, accessToken: string): Promise<HttpAnswer> {
    try {
      const response = await this.fetchImpl(url, {
        method: call.method,
        headers: {
          authorization: `Bearer ${accessToken}`,
          accept: 'application/json',
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: call.body === undefined ? null : JSON.stringify(call.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return { status: response.status, headers: response.headers, bodyText: await response.text() };
    } catch (error) {
      throw classifyNetworkError(error);
    }
  }

  private url(call: Call, realmId: string): URL {
    const path = typeof call.path === 'function' ? call.path(realmId) : call.path;
    const url = new URL(`${this.deps.apiBase}/v3/company/${encodeURIComponent(realmId)}/${path}`);
    for (const [k, v] of Object.entries({ ...call.query, minorversion: MINOR_VERSION }))
      url.searchParams.set(k, v);
    if (call.requestId) url.searchParams.set('requestid', call.requestId);
    return url;
  }
}
