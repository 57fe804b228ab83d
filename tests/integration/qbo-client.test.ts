import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QboClient } from '../../activities/qbo/client';
import { classifyResponse, QboError } from '../../activities/qbo/errors';
import { requestIdFor } from '../../activities/qbo/request-id';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../support/database';
import { startQboStack, type QboStack } from './support/qbo-stack';
import { connectTestTemporal } from './support/temporal';

const rid = (name: string) =>
  requestIdFor({
    tenantId: 't',
    entity: 'test',
    bproId: name,
    operation: 'create',
    sourceVersion: String(Math.random()),
  });

describe('the QBO client against the emulator over HTTP', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let stack: QboStack;
  let client: QboClient;
  /** The same client without in-call retries: each failure as classified. */
  let bare: QboClient;
  let realmId: string;
  let tenantId: string;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    // No limits on either side: this file tests the client, not the rate limits.
    stack = await startQboStack(
      database.db,
      temporal.client,
      { perMinute: null, perSecond: null, batchPerMinute: null },
      { rateLimits: { limits: { perMinute: 1e6, perSecond: 1e5, batchPerMinute: 1e6 } } },
    );
    tenantId = uniqueTenantId('client');
    await stack.api(`/api/v1/tenants/${tenantId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Client test', qboEnabled: true }),
    });
    realmId = await stack.createRealm('Client Test Co');
    expect((await stack.connect(tenantId, { realmId })).status).toBe(200);
    client = stack.qbo.clientFor(tenantId);
    bare = new QboClient({
      tenantId,
      tokens: stack.qbo.tokens,
      limiter: stack.qbo.limiter,
      apiBase: stack.qbo.endpoints.apiBase,
      transientRetries: { attempts: 0, baseDelayMs: 0 },
    });
  });
  afterEach(async () => {
    await stack?.control('PUT', '/faults', {
      errorRate: 0,
      throttleRate: 0,
      dropAfterCommitRate: 0,
      latencyMs: 0,
    });
  });
  afterAll(async () => {
    await stack?.close();
    await temporal?.close();
    await database?.close();
  });

  const failure = async (promise: Promise<unknown>): Promise<QboError> => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QboError);
    return error as QboError;
  };

  it('creates, reads, sparse-updates and finds records with awkward names', async () => {
    const name = "O'Brien \\ Sons: Crème & Co";
    const created = await client.create('Customer', { DisplayName: name.replace(':', '') }, rid('c1'));
    expect(created.SyncToken).toBe('0');
    const read = await client.read('Customer', created.Id);
    expect(read.DisplayName).toBe(name.replace(':', ''));
    const updated = await client.update(
      'Customer',
      { Id: created.Id, SyncToken: '0', CompanyName: 'Crème Co' },
      rid('u1'),
    );
    expect(updated).toMatchObject({
      SyncToken: '1',
      CompanyName: 'Crème Co',
      DisplayName: name.replace(':', ''),
    });
    const found = await client.queryAll('Customer', [
      { field: 'DisplayName', op: '=', value: name.replace(':', '') },
    ]);
    expect(found.map((c) => c.Id)).toEqual([created.Id]);
  });

  it('pages a query to the end past the 1000-row cap, and counts', async () => {
    const names = Array.from({ length: 1010 }, (_, i) => `Paging Customer ${String(i).padStart(4, '0')}`);
    for (let i = 0; i < names.length; i += 30) {
      const results = await client.batch(
        names.slice(i, i + 30).map((DisplayName, j) => ({
          bId: `b${i + j}`,
          operation: 'create' as const,
          entity: 'Customer',
          body: { DisplayName },
        })),
        rid(`batch-${i}`),
      );
      expect(results.every((r) => r.entity && !r.error)).toBe(true);
    }
    const all = await client.queryAll('Customer', [
      { field: 'DisplayName', op: 'LIKE', value: 'Paging Customer %' },
    ]);
    expect(all).toHaveLength(1010);
    expect(new Set(all.map((c) => c.Id)).size).toBe(1010);
    expect(
      await client.count('Customer', [{ field: 'DisplayName', op: 'LIKE', value: 'Paging Customer %' }]),
    ).toBe(1010);
  });

  it('returns per-item results from a batch, failures classified', async () => {
    await client.create('Customer', { DisplayName: 'Batch Existing' }, rid('be'));
    const results = await client.batch(
      [
        { bId: 'ok', operation: 'create', entity: 'Customer', body: { DisplayName: 'Batch New' } },
        { bId: 'dup', operation: 'create', entity: 'Customer', body: { DisplayName: 'Batch Existing' } },
        { bId: 'q', query: "select * from Customer where DisplayName = 'Batch Existing'" },
      ],
      rid('batch-mixed'),
    );
    expect(results[0]?.entity?.Id).toBeTruthy();
    expect(results[1]?.error).toMatchObject({ type: 'duplicate_name', code: '6240', retryable: false });
    expect(results[2]?.query?.Customer).toHaveLength(1);
  });

  it('classifies duplicate names, stale SyncTokens, missing references and validation errors', async () => {
    const c = await client.create('Customer', { DisplayName: 'Classify Me' }, rid('cm'));
    expect(
      await failure(client.create('Customer', { DisplayName: 'Classify Me' }, rid('cm2'))),
    ).toMatchObject({
      type: 'duplicate_name',
      code: '6240',
    });
    await client.update('Customer', { Id: c.Id, SyncToken: '0', Notes: 'x' }, rid('cm3'));
    expect(
      await failure(client.update('Customer', { Id: c.Id, SyncToken: '0', Notes: 'y' }, rid('cm4'))),
    ).toMatchObject({
      type: 'stale_object',
      code: '5010',
      retryable: true,
    });
    expect(await failure(client.read('Customer', '999999'))).toMatchObject({
      type: 'not_found_or_inactive',
      retryable: false,
    });
    const noName = await failure(client.create('Customer', { Notes: 'no name at all' }, rid('nn')));
    expect(noName).toMatchObject({ type: 'validation', retryable: false });
    expect(noName.intuitTid).toBeTruthy();
  });

  it('classifies a duplicate DocNumber', async () => {
    const customer = await client.create('Customer', { DisplayName: 'Doc Number Customer' }, rid('dn'));
    const items = await client.queryAll('Item', [{ field: 'Type', op: '=', value: 'Service' }]);
    const item = items[0];
    expect(item).toBeDefined();
    const invoice = {
      CustomerRef: { value: customer.Id },
      DocNumber: 'BP-1001',
      Line: [
        {
          DetailType: 'SalesItemLineDetail',
          Amount: 10,
          SalesItemLineDetail: { ItemRef: { value: item?.Id }, Qty: 1, UnitPrice: 10 },
        },
      ],
    };
    await client.create('Invoice', invoice, rid('inv1'));
    expect(await failure(client.create('Invoice', invoice, rid('inv2')))).toMatchObject({
      type: 'duplicate_doc_number',
      code: '6140',
    });
  });

  it('retries blips within the call: a lost answer is replayed by its requestid, a lasting outage still fails', async () => {
    await stack.control('PUT', '/faults', { realmId, dropAfterCommitRate: 1 });
    const created = await client.create('Customer', { DisplayName: 'Answer Lost Once' }, rid('lost-once'));
    await stack.control('PUT', '/faults', { realmId, dropAfterCommitRate: 0 });
    const found = await client.queryAll('Customer', [
      { field: 'DisplayName', op: '=', value: 'Answer Lost Once' },
    ]);
    expect(found.map((c) => c.Id)).toEqual([created.Id]);

    await stack.control('PUT', '/faults', { realmId, errorRate: 1 });
    expect(await failure(client.read('Customer', created.Id))).toMatchObject({
      type: 'upstream_unavailable',
      retryable: true,
    });
  });

  it('retries a dropped connection in place but leaves a timed-out call to Temporal', async () => {
    let sent = 0;
    const counting: typeof fetch = (input, init) => {
      sent += 1;
      return fetch(input, init);
    };
    const impatient = new QboClient({
      tenantId,
      tokens: stack.qbo.tokens,
      limiter: stack.qbo.limiter,
      apiBase: stack.qbo.endpoints.apiBase,
      fetch: counting,
      timeoutMs: 300,
      transientRetries: { attempts: 2, baseDelayMs: 0 },
    });
    // The first answer is lost; the retry replays the stored write by its requestid.
    await stack.control('PUT', '/faults', { realmId, errorRate: 0, dropAfterCommitRate: 1 });
    const created = await impatient.create('Customer', { DisplayName: 'Dropped Then Replayed' }, rid('dtr'));
    expect(created.Id).toBeTruthy();
    expect(sent).toBe(2);

    sent = 0;
    await stack.control('PUT', '/faults', { realmId, dropAfterCommitRate: 0, latencyMs: 2_000 });
    expect(await failure(impatient.preferences())).toMatchObject({
      type: 'network',
      timedOut: true,
      retryable: true,
    });
    expect(sent).toBe(1);
    await stack.control('PUT', '/faults', { realmId, latencyMs: 0 });
  });

  it('classifies throttling, 5xx and dropped connections; a replayed requestid creates nothing twice', async () => {
    await stack.control('PUT', '/faults', { realmId, errorRate: 1 });
    expect(await failure(bare.read('Customer', '1'))).toMatchObject({
      type: 'upstream_unavailable',
      retryable: true,
    });

    await stack.control('PUT', '/faults', { realmId, errorRate: 0, dropAfterCommitRate: 1 });
    const id = rid('dropped');
    expect(await failure(bare.create('Customer', { DisplayName: 'Dropped Response' }, id))).toMatchObject({
      type: 'network',
      retryable: true,
    });
    await stack.control('PUT', '/faults', { realmId, dropAfterCommitRate: 0 });
    const replayed = await client.create('Customer', { DisplayName: 'Dropped Response' }, id);
    const found = await client.queryAll('Customer', [
      { field: 'DisplayName', op: '=', value: 'Dropped Response' },
    ]);
    expect(found.map((c) => c.Id)).toEqual([replayed.Id]);

    await stack.control('PUT', '/faults', { realmId, throttleRate: 1 });
    expect(await failure(bare.read('Customer', replayed.Id))).toMatchObject({
      type: 'throttled',
      code: '3001',
      retryAfterMs: 1_000, // no Retry-After: the realm limiter's first, short pause (rate-aimd.ts)
    });
  });

  it('classifies the emulator’s raw 401 as an expired token', async () => {
    const res = await fetch(`${stack.emulatorUrl}/v3/company/${realmId}/companyinfo/${realmId}`, {
      headers: { authorization: 'Bearer not-a-token', accept: 'application/json' },
    });
    expect(
      classifyResponse({ status: res.status, bodyText: await res.text(), headers: res.headers }),
    ).toMatchObject({
      type: 'auth_expired',
      status: 401,
    });
  });
});
