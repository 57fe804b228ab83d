// One HTTP call to the QBO data API. Every call: an access token from the TokenProvider
// (refreshed on a 401, once per call), a token from the realm's shared rate limiter at the
// client's priority (or one taken beforehand: `tokenTaken`, `tryToken`), `minorversion`, a
// deterministic `requestid` on writes, one error classification, and quick in-call retries of
// transient failures (retry.ts). A 429 cuts the realm's rate and pauses it briefly (rate-aimd.ts);
// the error carries that pause as `retryAfterMs`. Returns the parsed JSON body.
import {
  countQboRequest,
  qboThrottledTotal,
  timeRateLimitWait,
  type QboRequestKind,
} from '../../config/metrics';
import { classifyNetworkError, classifyResponse, parseRetryAfter, QboError, type HttpAnswer } from './errors';
import type { Priority, RealmRateLimiter } from './rate-limiter';
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
  /** Record syncs are 'hook' (served first); everything else 'bulk' (the default). */
  priority?: Priority;
};

export type Call = {
  method: 'GET' | 'POST';
  /** Below /v3/company/{realmId}/; a function when the path itself names the realm. */
  path: string | ((realmId: string) => string);
  query?: Record<string, string>;
  body?: unknown;
  kind?: CallKind;
  requestId?: string;
  /** The caller already took this call's rate-limit token (RealmRateLimiter.tryNow): its first try sends at once. */
  tokenTaken?: true;
  /** The record leases the call is made under: served as a hook's while another run waits for one (wanted-records.ts). */
  tags?: readonly string[] | undefined;
};

/** The grant of one call, whether it has been refreshed yet (once per call at most), and a token in hand. */
type CallAuth = { grant: AccessGrant; refreshed: boolean; tokenInHand: boolean };

/** A token from `tryToken` not used within this long is dropped (a late call could crowd a later window). */
const TOKEN_IN_HAND_MS = 1_000;

export class QboTransport {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: TransientRetryOptions;
  private readonly priority: Priority;
  /** When each token `tryToken` took (per call kind) was taken; the next calls of that kind use them. */
  private readonly tokensInHand: Record<CallKind, number[]> = { request: [], batch: [] };

  constructor(private readonly deps: TransportDeps) {
    this.fetchImpl = deps.fetch ?? fetch;
    this.timeoutMs = deps.timeoutMs ?? 60_000;
    this.retries = deps.transientRetries ?? DEFAULT_TRANSIENT_RETRIES;
    this.priority = deps.priority ?? 'bulk';
  }

  /**
   * Takes a rate-limit token for a call of `kind` only if one is free right now; if so, the next
   * call of that kind (within a second) goes out without waiting. For lanes: e.g. send plainly
   * when the batch bucket is empty but the plain one is not.
   */
  async tryToken(kind: CallKind = 'request'): Promise<boolean> {
    const { realmId } = await this.deps.tokens.accessToken(this.deps.tenantId);
    const taken = await this.deps.limiter.tryNow(realmId, kind, this.priority);
    if (taken) this.tokensInHand[kind].push(Date.now());
    return taken;
  }

  private useTokenInHand(kind: CallKind): boolean {
    const taken = this.tokensInHand[kind];
    while ((taken[0] ?? Infinity) < Date.now() - TOKEN_IN_HAND_MS) taken.shift();
    return taken.shift() !== undefined;
  }

  /** One call with auth, limits, classification and in-call retries; the parsed JSON body. */
  async call(call: Call): Promise<unknown> {
    const auth: CallAuth = {
      grant: await this.deps.tokens.accessToken(this.deps.tenantId),
      refreshed: false,
      tokenInHand: call.tokenTaken === true,
    };
    return retryTransient(this.retries, transientRetryOf, () => this.sendAuthorized(call, auth));
  }

  /** Sends the call; after a 401 the token is refreshed (once per call) and the call sent again. */
  private async sendAuthorized(call: Call, auth: CallAuth): Promise<unknown> {
    try {
      return await this.send(call, auth);
    } catch (error) {
      if (!(error instanceof QboError) || error.type !== 'auth_expired' || auth.refreshed) throw error;
      auth.refreshed = true;
      auth.grant = await this.deps.tokens.accessToken(this.deps.tenantId, {
        rejected: auth.grant.accessToken,
      });
      return this.send(call, auth);
    }
  }

  /** One try: a rate-limit token, the request, the classified answer. */
  private async send(call: Call, auth: CallAuth): Promise<unknown> {
    const { grant } = auth;
    const kind = call.kind ?? 'request';
    // A token taken beforehand pays for the first try only; every further try takes its own.
    if (auth.tokenInHand) auth.tokenInHand = false;
    else if (!this.useTokenInHand(kind)) await this.waitForToken(grant.realmId, kind, call.tags);
    const answer = await this.exchange(call, this.url(call, grant.realmId), grant.accessToken);
    const failure = classifyResponse(answer);
    if (!failure) return answer.bodyText ? (JSON.parse(answer.bodyText) as unknown) : {};
    if (failure.type !== 'throttled') throw failure;
    qboThrottledTotal.inc();
    // QBO said slow down: the realm's rate is cut and every caller held back for a short pause
    // (QBO's Retry-After when it sent one), which the error carries for whoever retries.
    const retryAfter = parseRetryAfter(answer.headers.get('retry-after'));
    throw failure.withRetryAfter(await this.deps.limiter.throttled(grant.realmId, retryAfter));
  }

  /** A token from the realm's limiter; the wait is measured (qbo_sync_rate_limit_wait_seconds). */
  private async waitForToken(realmId: string, kind: CallKind, tags?: readonly string[]): Promise<void> {
    const waited = timeRateLimitWait(this.priority);
    try {
      await this.deps.limiter.acquire(realmId, kind, this.priority, tags);
    } finally {
      waited();
    }
  }

  /** The HTTP request and its whole answer; a failure before the answer is a classified network error. */
  private async exchange(call: Call, url: URL, accessToken: string): Promise<HttpAnswer> {
    // Counted once the call ends: its status, or `network` when no status came back.
    let status: number | 'network' = 'network';
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
      status = response.status;
      return { status: response.status, headers: response.headers, bodyText: await response.text() };
    } catch (error) {
      throw classifyNetworkError(error);
    } finally {
      countQboRequest(requestKindOf(call), status);
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

/** What a call is, for qbo_sync_qbo_requests_total{kind}: ChangeDataCapture is `other`. */
export function requestKindOf(call: Pick<Call, 'method' | 'path' | 'kind'>): QboRequestKind {
  const path = typeof call.path === 'function' ? '' : call.path;
  if (call.kind === 'batch' || path === 'batch') return 'batch';
  if (path === 'query') return 'query';
  if (call.method === 'POST') return 'write';
  if (path === 'cdc') return 'other';
  return 'read';
}
