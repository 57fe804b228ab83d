// The typed QuickBooks Online Accounting API client: the entity operations, each answer checked
// with zod. The HTTP side (auth, rate limits, classification, in-call retries) is transport.ts.
import { z } from 'zod';
import { accountConditions, type AccountKind } from './accounts';
import { classifyFault, QboError } from './errors';
import { buildQuery, type Condition } from './query';
import {
  accountSchema,
  BATCH_LIMIT,
  cdcResponseSchema,
  companyInfoSchema,
  qboEntity,
  QUERY_PAGE_SIZE,
  type BatchItem,
  type BatchResult,
  type QboAccount,
  type QboEntity,
} from './schemas';
import type { CallKind } from './rate-limits';
import { QboTransport, type Call, type TransportDeps } from './transport';

export type QboClientDeps = TransportDeps;

const entityPath = (entity: string) => entity.toLowerCase();

const batchResponse = z.looseObject({ BatchItemResponse: z.array(z.looseObject({ bId: z.string() })) });

/** The BatchItemRequest of some items: queries by Query, writes by operation and entity. */
function batchRequest(items: BatchItem[]) {
  return {
    BatchItemRequest: items.map((item) =>
      'query' in item
        ? { bId: item.bId, Query: item.query }
        : { bId: item.bId, operation: item.operation, [item.entity]: item.body },
    ),
  };
}

/** One item's result from its BatchItemResponse entry (undefined: QBO sent none). */
function batchResult(item: BatchItem, response: Record<string, unknown> | undefined): BatchResult {
  if (!response)
    return {
      bId: item.bId,
      error: new QboError({ type: 'upstream_unavailable', message: 'No result for this batch item' }),
    };
  if (response.Fault) return { bId: item.bId, error: classifyFault(response.Fault) };
  if ('query' in item)
    return { bId: item.bId, query: z.record(z.string(), z.unknown()).parse(response.QueryResponse ?? {}) };
  return { bId: item.bId, entity: qboEntity.parse(response[item.entity]) };
}

export class QboClient {
  private readonly transport: QboTransport;

  constructor(
    private readonly deps: QboClientDeps,
    /** The record leases its calls are made under (`tagged`). */
    private readonly tags?: readonly string[],
    transport?: QboTransport,
  ) {
    this.transport = transport ?? new QboTransport(deps);
  }

  /** The same client, its calls made under these record leases (wanted-records.ts). */
  tagged(tags: readonly string[]): QboClient {
    return new QboClient(this.deps, tags, this.transport);
  }

  private call(call: Call): Promise<unknown> {
    return this.transport.call(this.tags ? { ...call, tags: this.tags } : call);
  }

  /** Takes a rate-limit token only if one is free now; the next call of `kind` then sends at once (transport.ts). */
  tryToken(kind: CallKind = 'request'): Promise<boolean> {
    return this.transport.tryToken(kind);
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
    const body = batchResponse.parse(
      await this.call({
        method: 'POST',
        path: 'batch',
        body: batchRequest(items),
        kind: 'batch',
        ...(requestId ? { requestId } : {}),
      }),
    );
    const byId = new Map(body.BatchItemResponse.map((r) => [r.bId, r as Record<string, unknown>]));
    return items.map((item) => batchResult(item, byId.get(item.bId)));
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
  async accounts(kind: AccountKind = 'all'): Promise<QboAccount[]> {
    return z.array(accountSchema).parse(await this.queryAll('Account', accountConditions(kind), 'Name'));
  }

  /**
   * ChangeDataCapture (qbo-api.md §7.1): what changed in these entities after `since` (ISO
   * date-time, at most 30 days back), deleted records as `status: "Deleted"`; at most 1,000 objects.
   */
  async changesSince(
    entities: readonly string[],
    since: string,
  ): Promise<Array<{ entity: string; object: QboEntity }>> {
    const body = cdcResponseSchema.parse(
      await this.call({
        method: 'GET',
        path: 'cdc',
        query: { entities: entities.join(','), changedSince: since },
      }),
    );
    const changes: Array<{ entity: string; object: QboEntity }> = [];
    for (const block of body.CDCResponse)
      for (const response of block.QueryResponse ?? [])
        for (const [entity, objects] of Object.entries(response))
          if (Array.isArray(objects))
            for (const object of objects) changes.push({ entity, object: qboEntity.parse(object) });
    return changes;
  }
}
