// The batching client against the emulator over HTTP: records running side by side share QBO
// batch requests, a lone call goes out plain, item failures stay with their item, and tasks that
// wait for each other forever are released with an error instead of hanging the page.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BatchQueue } from '../../activities/qbo/batch-queue';
import { RecordTasks } from '../../activities/sync/record-tasks';
import type { QboClient } from '../../activities/qbo/client';
import { QboError } from '../../activities/qbo/errors';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../support/database';
import { startQboStack, type QboStack } from './support/qbo-stack';
import { connectTestTemporal } from './support/temporal';

/** A batch queue with the sync's record tasks deciding when what it holds goes out. */
function batchingPair(client: QboClient, options: { maxHoldMs?: number; stallMs?: number } = {}) {
  const tasks = new RecordTasks(options.stallMs ? { stallMs: options.stallMs } : {});
  const queue = new BatchQueue(client, tasks, options.maxHoldMs ? { maxHoldMs: options.maxHoldMs } : {});
  tasks.sendHeldWith(() => queue.flush());
  return Object.assign(queue, {
    task: <T>(fn: () => Promise<T>) => tasks.task(fn),
    wait: <T>(promise: Promise<T>, stalled: () => Error) => tasks.wait(promise, stalled),
  });
}
type BatchingClient = ReturnType<typeof batchingPair>;

describe('BatchQueue with record tasks', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let stack: QboStack;
  let client: QboClient;
  let realmId: string;
  let seq = 0;
  const name = (prefix: string) => `${prefix} ${process.pid}-${++seq}`;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    stack = await startQboStack(
      database.db,
      temporal.client,
      { perMinute: null, perSecond: null, batchPerMinute: null },
      {
        rateLimits: { limits: { perMinute: 1e6, perSecond: 1e5, batchPerMinute: 1e6 } },
        transientRetries: { attempts: 0, baseDelayMs: 0 },
      },
    );
    const tenantId = uniqueTenantId('batching');
    await stack.api(`/api/v1/tenants/${tenantId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Batching test', qboEnabled: true }),
    });
    realmId = await stack.createRealm('Batching Test Co');
    expect((await stack.connect(tenantId, { realmId })).status).toBe(200);
    client = stack.qbo.clientFor(tenantId);
  });
  afterEach(async () => {
    await stack?.control('PUT', '/faults', {
      realmId,
      errorRate: 0,
      throttleRate: 0,
      dropAfterCommitRate: 0,
    });
  });
  afterAll(async () => {
    await stack?.close();
    await temporal?.close();
    await database?.close();
  });

  const requests = async () => {
    const stats = (await (await stack.control('GET', `/realms/${realmId}/stats`)).json()) as {
      requests: number;
    };
    return stats.requests;
  };

  /** A record's usual round trips: look up by name, create when missing. */
  const lookUpThenCreate = async (batching: BatchingClient, displayName: string) => {
    const found = await batching.queryAll('Customer', [
      { field: 'DisplayName', op: '=', value: displayName },
    ]);
    return found[0] ?? batching.create('Customer', { DisplayName: displayName }, `rid-${displayName}`);
  };

  it('30 records side by side: one merged lookup and one create batch', async () => {
    const batching = batchingPair(client);
    const before = await requests();
    const names = Array.from({ length: 30 }, () => name('Side'));
    const created = await Promise.all(names.map((n) => batching.task(() => lookUpThenCreate(batching, n))));
    expect(created.map((c) => c.DisplayName)).toEqual(names);
    expect(new Set(created.map((c) => c.Id)).size).toBe(30);
    // The 30 lookups went out as one `DisplayName IN (…)` statement: a plain query, not a batch.
    expect(batching.stats).toEqual({ batchCalls: 1, batchedItems: 30, plainCalls: 1 });
    expect((await requests()) - before).toBe(2);
  });

  it('more than 30 waiting items go out as full batches of 30 and the rest', async () => {
    const batching = batchingPair(client);
    const names = Array.from({ length: 45 }, () => name('Many'));
    await Promise.all(names.map((n) => batching.task(() => lookUpThenCreate(batching, n))));
    // Lookups: one merged statement per 30 held (plain); creates: batches of 30 and the rest.
    expect(batching.stats).toEqual({ batchCalls: 2, batchedItems: 45, plainCalls: 2 });
  });

  it('a lone record goes out as plain calls (a batch of one would spend a batch token)', async () => {
    const batching = batchingPair(client);
    const n = name('Alone');
    const created = await batching.task(() => lookUpThenCreate(batching, n));
    expect(created.DisplayName).toBe(n);
    expect(batching.stats).toEqual({ batchCalls: 0, batchedItems: 0, plainCalls: 2 });
    // The plain create kept its own request id: sending it again replays the same record.
    const again = await client.create('Customer', { DisplayName: n }, `rid-${n}`);
    expect(again.Id).toBe(created.Id);
  });

  it("an item's failure stays with its item (the same name twice in one batch: 6240 for one)", async () => {
    const batching = batchingPair(client);
    const n = name('Twice');
    const results = await Promise.allSettled(
      [1, 2].map((i) =>
        batching.task(() => batching.create('Customer', { DisplayName: n }, `twice-${n}-${i}`)),
      ),
    );
    const failures = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(failures).toHaveLength(1);
    expect((failures[0] as PromiseRejectedResult).reason).toMatchObject({
      type: 'duplicate_name',
      code: '6240',
    });
    expect(batching.stats.batchCalls).toBe(1);
  });

  it('a failed batch call fails every item in it with the classified error', async () => {
    const batching = batchingPair(client);
    await stack.control('PUT', '/faults', { realmId, errorRate: 1 });
    const results = await Promise.allSettled(
      [name('Down'), name('Down')].map((n) => batching.task(() => lookUpThenCreate(batching, n))),
    );
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(QboError);
      expect((r as PromiseRejectedResult).reason).toMatchObject({ retryable: true });
    }
  });

  it('reads inactive records in a batch, and a missing one gets QBO’s own answer', async () => {
    const batching = batchingPair(client);
    const c = await client.create('Customer', { DisplayName: name('Sleeping') }, `rid-sleep-${seq}`);
    await client.update(
      'Customer',
      { Id: c.Id, SyncToken: c.SyncToken ?? '0', Active: false },
      `rid-sleep-off-${seq}`,
    );
    const [read, missing] = await Promise.allSettled([
      batching.task(() => batching.read('Customer', c.Id)),
      batching.task(() => batching.read('Customer', '999999')),
    ]);
    expect(read).toMatchObject({ status: 'fulfilled', value: { Id: c.Id, Active: false } });
    expect(missing.status).toBe('rejected');
    expect((missing as PromiseRejectedResult).reason).toBeInstanceOf(QboError);
  });

  it('a task waiting for another one does not hold up the batch that one waits for', async () => {
    const batching = batchingPair(client);
    const shared = name('Shared');
    let first: Promise<unknown> | undefined;
    const results = await Promise.all(
      [0, 1, 2].map((i) =>
        batching.task(async () => {
          if (i === 0) {
            first = lookUpThenCreate(batching, shared);
            return first;
          }
          await Promise.resolve();
          return batching.wait(first as Promise<unknown>, () => new Error('stalled'));
        }),
      ),
    );
    expect(new Set(results.map((r) => (r as { Id: string }).Id)).size).toBe(1);
  });

  it('a call a finished task left behind does not confuse who is waiting', { timeout: 5_000 }, async () => {
    // Held items would wait 10 s if the client miscounted the tasks that wait.
    const batching = batchingPair(client, { maxHoldMs: 10_000 });
    const leftBehind: Array<Promise<unknown>> = [];
    await batching.task(async () => {
      leftBehind.push(
        batching.queryAll('Customer', [{ field: 'DisplayName', op: '=', value: name('Left') }]),
      );
      await Promise.resolve();
    });
    await Promise.all(leftBehind);
    const names = [name('After'), name('After')];
    await Promise.all(names.map((n) => batching.task(() => lookUpThenCreate(batching, n))));
    // The left-behind lookup, the two lookups merged, the two creates in a batch.
    expect(batching.stats).toEqual({ batchCalls: 1, batchedItems: 2, plainCalls: 2 });
  });

  it('a wait for work the client does not see (a slow database read) is not taken for a stall', async () => {
    const batching = batchingPair(client, { stallMs: 1_000 });
    const slowRead = new Promise((resolve) => setTimeout(() => resolve('row'), 300));
    const value = await batching.task(() => batching.wait(slowRead, () => new Error('stalled')));
    expect(value).toBe('row');
  });

  it('tasks that wait for each other forever are released with the stall error', async () => {
    const batching = batchingPair(client);
    let release: Array<(v: unknown) => void> = [];
    const never = [0, 1].map(() => new Promise((resolve) => release.push(resolve)));
    const results = await Promise.allSettled(
      [0, 1].map((i) =>
        batching.task(() => batching.wait(never[1 - i] as Promise<unknown>, () => new Error(`cycle ${i}`))),
      ),
    );
    expect(results.map((r) => ((r as PromiseRejectedResult).reason as Error).message)).toEqual([
      'cycle 0',
      'cycle 1',
    ]);
    release.forEach((r) => r(null));
    release = [];
  });
});
