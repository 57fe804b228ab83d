// The typed QuickBooks Online Accounting API client. Every call: an access token from the
// TokenProvider (refreshed on a 401, once), a token from the realm's shared rate limiter,
// `minorversion`, a deterministic `requestid` on writes, one error classification, and a zod
// check of the response.
import { z } from 'zod';
import { classifyNetworkError, classifyResponse, QboError } from './errors';
import { buildQuery, type Condition } from './query';
import type { RealmRateLimiter } from './rate-limiter';
import type { CallKind } from './rate-limits';
import type { AccessGrant } from './token-provider';

/** Where access tokens come from (the TokenProvider, or a just-issued token during connect). */
export type AccessTokenSource = {
  accessToken(tenantId: string, options?: { rejected?: string }): Promise<AccessGrant>;
};

export const MINOR_VERSION = '75';
export const QUERY_PAGE_SIZE = 1000;
export const BATCH_LIMIT = 30;

/** Any QBO entity: Id and SyncToken checked, every other field kept. */
export const qboEntity = z.looseObject({ Id: z.string(), SyncToken: z.string().optional() });
export type QboEntity = z.infer<typeof qboEntity>;

export const companyInfoSchema = z.looseObject({
  Id: z.string(),
  CompanyName: z.string(),
  Country: z.string().optional(),
});
export const accountSchema = z.looseObject({
  Id: z.string(),
  SyncToken: z.string().optional(),
  Name: z.string(),
  AccountType: z.string(),
  AccountSubType: z.string().optional(),
  Active: z.boolean().optional(),
  FullyQualifiedName: z.string().optional(),
});
export type QboAccount = z.infer<typeof accountSchema>;

/** Accounts money can be paid from or into: Bank and Other Current Asset (qbo-api.md §6.6). */
export const CASH_ACCOUNT_TYPES = ['Bank', 'Other Current Asset'];

export type BatchItem =
  | { bId: string; operation: 'create' | 'update' | 'delete'; entity: string; body: Record<string, unknown> }
  | { bId: string; query: string };
export type BatchResult = {
  bId: string;
  entity?: QboEntity;
  query?: Record<string, unknown>;
  error?: QboError;
};

export type QboClientDeps = {
  tenantId: string;
  tokens: AccessTokenSource;
  limiter: RealmRateLimiter;
  apiBase: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Quick in-call retries of transient failures before they reach Temporal's retry policy. */
  transientRetries?: TransientRetryOptions;
};

export type TransientRetryOptions = {
  /** Further tries of one call after a 5xx, a dropped connection or a short throttle. Default 3. */
  attempts: number;
  /** First backoff; tripled each time, with jitter. Default 250 ms. */
  baseDelayMs: number;
};

/** Longest QBO-requested throttle delay waited out within a call. */
const MAX_INLINE_THROTTLE_MS = 5_000;

const DEFAULT_TRANSIENT_RETRIES: TransientRetryOptions = { attempts: 3, baseDelayMs: 250 };

/**
 * Whether a failed call is worth trying again within this call: an outage blip (5xx), a dropped
 * or reset connection (writes carry their requestid, so a retry after a lost answer replays it),
 * or a throttle with a short delay, which the rate limiter then waits out (a long one goes to
 * Temporal as `nextRetryDelay` instead of holding a worker slot). A timed-out call is not retried in place: that is Temporal's job.
 */
function isTransient(error: QboError): boolean {
  if (error.type === 'upstream_unavailable') return true;
  if (error.type === 'throttled') return (error.retryAfterMs ?? Infinity) <= MAX_INLINE_THROTTLE_MS;
  return error.type === 'network' && !/timeout|aborted/i.test(error.message);
}

type Call = {
  method: 'GET' | 'POST';
  /** Below /v3/company/{realmId}/; a function when the path itself names the realm. */
  path: string | ((realmId: string) => string);
  query?: Record<string, string>;
  body?: unknown;
  kind?: CallKind;
  requestId?: string;
};

const entityPath = (entity: string) => entity.toLowerCase();

export class QboClient {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly deps: QboClientDeps) {
    this.fetchImpl = deps.fetch ?? fetch;
    this.timeoutMs = deps.timeoutMs ?? 60_000;
    this.retries = deps.transientRetries ?? DEFAULT_TRANSIENT_RETRIES;
  }

  private readonly retries: TransientRetryOptions;

  /** One HTTP call with auth, limits and classification; returns the parsed JSON body. */
  async call(call: Call): Promise<unknown> {
    let grant = await this.deps.tokens.accessToken(this.deps.tenantId);
    let refreshed = false;
    for (let transient = 0; ;) {
      await this.deps.limiter.acquire(grant.realmId, call.kind ?? 'request');
      const path = typeof call.path === 'function' ? call.path(grant.realmId) : call.path;
      const url = new URL(`${this.deps.apiBase}/v3/company/${encodeURIComponent(grant.realmId)}/${path}`);
      for (const [k, v] of Object.entries({ ...call.query, minorversion: MINOR_VERSION }))
        url.searchParams.set(k, v);
      if (call.requestId) url.searchParams.set('requestid', call.requestId);
      let response: Response;
      let bodyText: string;
      try {
        response = await this.fetchImpl(url, {
          method: call.method,
          headers: {
            authorization: `Bearer ${grant.accessToken}`,
            accept: 'application/json',
            ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: call.body === undefined ? null : JSON.stringify(call.body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        bodyText = await response.text();
      } catch (error) {
        const failure = classifyNetworkError(error);
        if (transient < this.retries.attempts && isTransient(failure)) {
          await this.pause(transient++);
          continue;
        }
        throw failure;
      }
      const failure = classifyResponse({ status: response.status, bodyText, headers: response.headers });
      if (!failure) return bodyText ? (JSON.parse(bodyText) as unknown) : {};
      if (failure.type === 'auth_expired' && !refreshed) {
        refreshed = true;
        grant = await this.deps.tokens.accessToken(this.deps.tenantId, { rejected: grant.accessToken });
        continue;
      }
      if (failure.type === 'throttled')
        await this.deps.limiter.backOff(grant.realmId, failure.retryAfterMs ?? 60_000);
      if (transient < this.retries.attempts && isTransient(failure)) {
        // A throttle's delay is waited out by the limiter on the next acquire.
        if (failure.type !== 'throttled') await this.pause(transient);
        transient += 1;
        continue;
      }
      throw failure;
    }
  }

  private pause(retry: number): Promise<void> {
    const delay = this.retries.baseDelayMs * 3 ** retry * (0.75 + Math.random() * 0.5);
    return new Promise((resolve) => setTimeout(resolve, delay));
  }

  private async entityCall(entity: string, call: Call): Promise<QboEntity> {
    const body = z.record(z.string(), z.unknown()).parse(await this.call(call));
    return qboEntity.parse(body[entity]);
  }

  read(entity: string, id: string): Promise<QboEntity> {
    return this.entityCall(entity, {
      method: 'GET',
      path: `${entityPath(entity)}/${encodeURIComponent(id)}`,
    });
  }

  create(
    entity: string,
    body: Record<string, unknown>,
    requestId: string,
    include?: string,
  ): Promise<QboEntity> {
    return this.entityCall(entity, {
      method: 'POST',
      path: entityPath(entity),
      body,
      requestId,
      ...(include ? { query: { include } } : {}),
    });
  }

  /** Sparse by default: only the given fields change. Needs Id and the current SyncToken. */
  update(
    entity: string,
    body: QboEntity,
    requestId: string,
    options: { sparse?: boolean } = {},
  ): Promise<QboEntity> {
    return this.entityCall(entity, {
      method: 'POST',
      path: entityPath(entity),
      query: { operation: 'update' },
      body: { ...body, sparse: options.sparse ?? true },
      requestId,
    });
  }

  async delete(entity: string, ref: { Id: string; SyncToken: string }, requestId: string): Promise<void> {
    await this.call({
      method: 'POST',
      path: entityPath(entity),
      query: { operation: 'delete' },
      body: ref,
      requestId,
    });
  }

  /** Void keeps the record and zeroes it: invoices by operation=void, payments by include=void. */
  void(
    entity: 'Invoice' | 'Payment' | 'SalesReceipt',
    ref: { Id: string; SyncToken: string },
    requestId: string,
  ): Promise<QboEntity> {
    return entity === 'Payment'
      ? this.entityCall(entity, {
          method: 'POST',
          path: 'payment',
          query: { operation: 'update', include: 'void' },
          body: { ...ref, sparse: true },
          requestId,
        })
      : this.entityCall(entity, {
          method: 'POST',
          path: entityPath(entity),
          query: { operation: 'void' },
          body: ref,
          requestId,
        });
  }

  /** One page of a query. */
  async queryPage(statement: string, entity: string): Promise<QboEntity[]> {
    const body = z
      .looseObject({ QueryResponse: z.record(z.string(), z.unknown()).optional() })
      .parse(await this.call({ method: 'GET', path: 'query', query: { query: statement } }));
    return z.array(qboEntity).parse(body.QueryResponse?.[entity] ?? []);
  }

  /** Every matching record, paging by 1000 until a short page. */
  async queryAll(entity: string, where: Condition[] = [], orderBy = 'Id'): Promise<QboEntity[]> {
    const all: QboEntity[] = [];
    for (let start = 1; ; start += QUERY_PAGE_SIZE) {
      const page = await this.queryPage(
        buildQuery(entity, { where, orderBy, start, max: QUERY_PAGE_SIZE }),
        entity,
      );
      all.push(...page);
      if (page.length < QUERY_PAGE_SIZE) return all;
    }
  }

  async count(entity: string, where: Condition[] = []): Promise<number> {
    const body = z
      .looseObject({ QueryResponse: z.looseObject({ totalCount: z.number().optional() }).optional() })
      .parse(
        await this.call({
          method: 'GET',
          path: 'query',
          query: { query: buildQuery(entity, { where, count: true }) },
        }),
      );
    return body.QueryResponse?.totalCount ?? 0;
  }

  /**
   * Up to 30 independent operations in one call; each item succeeds or fails on its own. A batch
   * of writes should carry a request id (≤ 36 characters); one of lookups should not (a replay
   * would answer from the past).
   */
  async batch(items: BatchItem[], requestId?: string): Promise<BatchResult[]> {
    if (items.length === 0) return [];
    if (items.length > BATCH_LIMIT)
      throw new Error(`A QBO batch holds at most ${BATCH_LIMIT} items (got ${items.length})`);
    const request = {
      BatchItemRequest: items.map((item) =>
        'query' in item
          ? { bId: item.bId, Query: item.query }
          : { bId: item.bId, operation: item.operation, [item.entity]: item.body },
      ),
    };
    const body = z.looseObject({ BatchItemResponse: z.array(z.looseObject({ bId: z.string() })) }).parse(
      await this.call({
        method: 'POST',
        path: 'batch',
        body: request,
        kind: 'batch',
        ...(requestId ? { requestId } : {}),
      }),
    );
    const byId = new Map(body.BatchItemResponse.map((r) => [r.bId, r as Record<string, unknown>]));
    return items.map((item) => {
      const response = byId.get(item.bId);
      if (!response)
        return {
          bId: item.bId,
          error: new QboError({ type: 'upstream_unavailable', message: 'No result for this batch item' }),
        };
      if (response.Fault) {
        const error = classifyResponse({
          status: 400,
          bodyText: JSON.stringify({ Fault: response.Fault }),
          headers: { get: () => null },
        });
        return {
          bId: item.bId,
          error: error ?? new QboError({ type: 'validation', message: 'Batch item failed' }),
        };
      }
      if ('query' in item)
        return {
          bId: item.bId,
          query: z.record(z.string(), z.unknown()).parse(response.QueryResponse ?? {}),
        };
      return { bId: item.bId, entity: qboEntity.parse(response[item.entity]) };
    });
  }

  /** TaxService: a tax code with its rates (new rates are created with it). */
  async createTaxCode(
    body: Record<string, unknown>,
    requestId: string,
  ): Promise<{ TaxCodeId: string; TaxCode?: string; TaxRateDetails?: unknown[] }> {
    return z
      .looseObject({
        TaxCodeId: z.string(),
        TaxCode: z.string().optional(),
        TaxRateDetails: z.array(z.unknown()).optional(),
      })
      .parse(await this.call({ method: 'POST', path: 'taxservice/taxcode', body, requestId }));
  }

  async companyInfo(): Promise<z.infer<typeof companyInfoSchema>> {
    const body = z
      .looseObject({ CompanyInfo: companyInfoSchema })
      .parse(
        await this.call({ method: 'GET', path: (realmId) => `companyinfo/${encodeURIComponent(realmId)}` }),
      );
    return body.CompanyInfo;
  }

  async preferences(): Promise<Record<string, unknown>> {
    const body = z
      .looseObject({ Preferences: z.record(z.string(), z.unknown()) })
      .parse(await this.call({ method: 'GET', path: 'preferences' }));
    return body.Preferences;
  }

  /** Active accounts; `cash` = those refunds can be paid from (Bank, Other Current Asset). */
  async accounts(kind: 'all' | 'cash' = 'all'): Promise<QboAccount[]> {
    const where: Condition[] =
      kind === 'cash' ? [{ field: 'AccountType', op: 'IN', value: CASH_ACCOUNT_TYPES }] : [];
    return z.array(accountSchema).parse(await this.queryAll('Account', where, 'Name'));
  }
}
