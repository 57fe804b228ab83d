// A clean shutdown (issue 14): once the API is shutting down, BPro's hooks answer 503 with
// Retry-After; a worker process given SIGTERM mid-page lets the page finish within
// SHUTDOWN_GRACE_SECONDS and exits 0, and a new worker completes the initial sync with every
// record in QuickBooks exactly once.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createQboServices } from '../../activities/qbo/services';
import { createApp } from '../../api/app';
import { loadApiConfig } from '../../api/config';
import { signHook } from '../../api/hook-signature';
import { createShutdownState } from '../../api/shutdown-state';
import { createLogger } from '../../config/logger';
import { listIdsInScope } from '../../activities/sync/scope';
import { loadSnapshot } from '../../activities/sync/snapshot';
import { entityLinks } from '../../db/schema';
import { launchStack, type Stack } from '../../scripts/lib/stack/launch';
import { stopLife, type WorkerLife } from '../../scripts/lib/stack/worker-life';
import { loadWorkerConfig } from '../../worker/config';
import { workflowIds, type InitialSyncResult, type SyncEntity } from '../../workflows/contracts';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { qboStackOf, testStackOptions, type QboStack } from './support/qbo-stack';
import { seedConnectedTenant } from './support/sync-harness';
import { connectTestTemporal, pageActivityInFlight, uniqueTaskQueue } from './support/temporal';

const GRACE_SECONDS = 20;
const onServer = inject('databaseUrl') !== '';

let database: TestDatabase;
let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;

beforeAll(async () => {
  [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
});
afterAll(async () => {
  await temporal?.close();
  await database?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, probe: () => Promise<T | null | false>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe('SHUTDOWN_GRACE_SECONDS', () => {
  it('defaults to 30 and refuses what is not a whole number of seconds within an hour', () => {
    expect(loadWorkerConfig({}).shutdownGraceSeconds).toBe(30);
    expect(loadApiConfig({ SHUTDOWN_GRACE_SECONDS: '0' }).shutdownGraceSeconds).toBe(0);
    for (const bad of ['-1', '2.5', 'soon', '3601'])
      expect(() => loadWorkerConfig({ SHUTDOWN_GRACE_SECONDS: bad }), bad).toThrow(/SHUTDOWN_GRACE_SECONDS/);
  });
});

describe('BPro hooks while the API is shutting down', () => {
  const hookSecret = 'shutdown-test-hook-secret-0123456789';
  let server: Server;
  let base: string;
  const shutdown = createShutdownState();

  beforeAll(async () => {
    const config = loadApiConfig({
      HOOK_SECRET: hookSecret,
      TEMPORAL_ADDRESS: temporal.address,
      SHUTDOWN_GRACE_SECONDS: '7',
    });
    const app = createApp(
      {
        config,
        db: database.db,
        qbo: createQboServices(database.db, config.qbo, config.tokenEncryptionKey),
        temporal: temporal.client,
        log: createLogger('api-test', 'error'),
      },
      { shutdown },
    );
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  const postHook = () => {
    const raw = JSON.stringify({
      tenantId: 'no-such-tenant',
      entity: 'customer',
      id: 'c-1',
      event: 'updated',
      occurredAt: new Date().toISOString(),
    });
    return fetch(`${base}/api/v1/hooks/bpro`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bpro-signature': signHook(hookSecret, raw) },
      body: raw,
    });
  };

  it('answer as usual, then 503 with Retry-After in the error envelope once shutting down began', async () => {
    const before = await postHook();
    expect(before.status).toBe(404);
    expect(before.headers.get('retry-after')).toBeNull();

    shutdown.begin();
    const during = await postHook();
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('7');
    const body = (await during.json()) as { error?: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error?.code).toBe('shutting_down');
    expect(body.error?.message).toMatch(/shutting down/);
    // An API call that is not a hook still answers (the token check here) while shutting down.
    expect((await fetch(`${base}/api/v1/tenants`)).status).toBe(401);
  });
});

const pageInFlight = (tenantId: string) => pageActivityInFlight(temporal.client, tenantId);

/** How the attempt of an activity that ended ended: its Started event's identity and its outcome. */
async function activityOutcome(workflowId: string, activityId: string) {
  const events = (await temporal.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityId === activityId);
  const id = scheduled?.eventId?.toString();
  const of = (attrs: { scheduledEventId?: Long | number | null } | null | undefined) =>
    attrs?.scheduledEventId?.toString() === id;
  const started = events.find((e) => of(e.activityTaskStartedEventAttributes));
  return {
    identity: started?.activityTaskStartedEventAttributes?.identity ?? null,
    attempt: started?.activityTaskStartedEventAttributes?.attempt ?? null,
    completed: events.some((e) => of(e.activityTaskCompletedEventAttributes)),
  };
}
type Long = { toString: () => string };

describe.runIf(onServer)('SIGTERM to a worker process while a page runs', () => {
  let stack: Stack;
  let qbo: QboStack;
  const lives: WorkerLife[] = [];
  const spawn = () => {
    const life = stack.spawnWorker({ applicationName: 'qbo-sync-shutdown-test' });
    lives.push(life);
    return life;
  };

  beforeAll(async () => {
    stack = await launchStack({
      ...testStackOptions(
        { db: database.db, url: database.url, embedded: database.embedded },
        { client: temporal.client, address: temporal.address },
        { perMinute: null, perSecond: null, batchPerMinute: null },
        {
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            LOG_LEVEL: 'warn',
            SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
          },
          rateLimits: { limits: { perMinute: 1e6, perSecond: 1e5, batchPerMinute: 1e6 } },
        },
      ),
      taskQueue: uniqueTaskQueue('shutdown'),
    });
    qbo = qboStackOf(stack);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(lives.map((life) => stopLife(life, 0)));
    await stack?.stop();
  });

  it('exits 0 within the grace period, and a new worker completes the sync without duplicates', async () => {
    const { tenantId, realmId, dataset } = await seedConnectedTenant(qbo, database, {
      size: 'tiny',
      seed: 11,
      disabledMethods: ['Account'],
    });
    const client = qbo.qbo.clientFor(tenantId);
    const everyRecord = [{ field: 'Active', op: 'IN' as const, value: [true, false] }];
    const qboIds = async (type: 'Customer' | 'Invoice') =>
      new Set((await client.queryAll(type, type === 'Customer' ? everyRecord : [])).map((r) => r.Id));
    const seeded = { Customer: await qboIds('Customer'), Invoice: await qboIds('Invoice') };

    const first = spawn();
    await first.ready;
    // A little latency per QBO call, so a page takes long enough to be caught mid-way.
    expect((await qbo.control('PUT', '/faults', { realmId, latencyMs: 25 })).ok).toBe(true);
    const started = await qbo.api(`/api/v1/tenants/${tenantId}/qbo/initial-sync`, { method: 'POST' });
    expect(started.status, await started.clone().text()).toBe(202);
    const handle = temporal.client.workflow.getHandle<
      (i: { tenantId: string }) => Promise<InitialSyncResult>
    >(workflowIds.initialSync(tenantId));
    const interrupted = await until('a page being synced', () => pageInFlight(tenantId));

    const signalled = Date.now();
    first.shutdown(); // SIGTERM
    const exit = await first.ended;
    const tookMs = Date.now() - signalled;
    if (process.env.DEBUG_SHUTDOWN) console.warn(`worker exited ${tookMs} ms after SIGTERM`);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(GRACE_SECONDS * 1000);
    // The page it held was finished by it while draining: not left to time out for another worker.
    const outcome = await activityOutcome(interrupted.workflowId, interrupted.activityId);
    expect(outcome).toMatchObject({ attempt: 1, completed: true });
    expect(outcome.identity).toMatch(new RegExp(`^${String(first.pid)}@`));

    const second = spawn();
    await second.ready;
    const result = await handle.result();

    // Every customer and invoice BPro has in scope is linked (or skipped with a reason), and
    // QuickBooks has exactly one record per link: none lost, none twice.
    const links = await database.db.select().from(entityLinks).where(eq(entityLinks.tenantId, tenantId));
    const snapshot = await loadSnapshot(database.db, tenantId);
    const checks: Array<[SyncEntity, 'Customer' | 'Invoice']> = [
      ['customer', 'Customer'],
      ['invoice', 'Invoice'],
    ];
    for (const [entity, qboType] of checks) {
      const inBpro = await listIdsInScope(database.db, {
        tenantId,
        entity,
        snapshot,
        cursor: null,
        limit: 100_000,
      });
      const counts = result.entities[entity];
      expect(counts?.total, entity).toBe(inBpro.ids.length);
      expect(counts?.failed, entity).toBe(0);
      expect(counts?.synced, entity).toBeGreaterThan(0);
      const ours = links.filter((l) => l.entity === entity);
      expect(ours.length, entity).toBe(counts?.synced);
      expect(new Set(ours.map((l) => l.bproId)).size, entity).toBe(ours.length);
      expect(
        ours.every((l) => inBpro.ids.includes(l.bproId)),
        entity,
      ).toBe(true);
      const linked = ours.map((l) => l.qboId);
      expect(new Set(linked).size, `${entity}: two BPro records share a QBO record`).toBe(linked.length);
      const added = [...(await qboIds(qboType))].filter((id) => !seeded[qboType].has(id));
      expect(added.sort(), `${qboType}: in QBO once per linked BPro record`).toEqual([...linked].sort());
    }
    expect(dataset.customers.length).toBeGreaterThan(0);

    // Idle, the second one stops at once, and cleanly too.
    expect(await stopLife(second, GRACE_SECONDS * 1000)).toEqual({ code: 0, signal: null });
  }, 180_000);
});
