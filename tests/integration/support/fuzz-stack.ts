// The fuzz tests' set-up (tests/integration/api-fuzz*.test.ts): the API and a QBO emulator on the
// run's Temporal server and PostgreSQL (the same launcher as every API test), with a Temporal
// client that counts what the API starts or signals, and tenants in each state: connected with
// the initial sync started (a valid hook would start a workflow), enabled but not connected,
// switched off. No worker polls the API's task queue.
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, expect } from 'vitest';
import { signPageLink } from '../../../api/pages/access';
import { markInitialSyncStarted } from '../../../db/queries/settings';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../../support/database';
import { API_TOKEN, startQboStack, type QboStack } from './qbo-stack';
import { connectTestTemporal, uniqueTaskQueue } from './temporal';
import { tenantFingerprint } from './fuzz-fingerprint';

export const FUZZ_HOOK_SECRET = 'fuzz-hook-secret-0123456789abcdef';
export const FUZZ_METRICS_TOKEN = 'fuzz-metrics-token-0123456789';

/** Temporal calls that change something (start, signal, cancel, terminate, update). */
const TEMPORAL_WRITES = new Set([
  'start',
  'execute',
  'signalWithStart',
  'signal',
  'cancel',
  'terminate',
  'executeUpdate',
  'startUpdate',
]);

/** `target` with every write call counted, and handles it returns wrapped the same way. */
function counting<T extends object>(target: T, count: (what: string) => void): T {
  return new Proxy(target, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop, t);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        if (typeof prop === 'string' && TEMPORAL_WRITES.has(prop)) count(prop);
        const result = fn.apply(t, args);
        return prop === 'getHandle' && typeof result === 'object' && result !== null
          ? counting(result, count)
          : result;
      };
    },
  });
}

/** The client the API gets: the real one, its `workflow` API counting writes into `log`. */
function recordingClient(client: Client, log: string[]): Client {
  const workflow = counting(client.workflow, (what) => log.push(what));
  return new Proxy(client, {
    get(t, prop) {
      if (prop === 'workflow') return workflow;
      const value: unknown = Reflect.get(t, prop, t);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

export type Fixtures = {
  /** Connected, initial sync started: a valid hook or action would do something. */
  connected: string;
  unconnected: string;
  disabled: string;
  /** Well-formed, never created. */
  ghost: string;
  /** The connected tenant's page session cookie (`name=value`) and a form's CSRF token. */
  cookie: string;
  csrf: string;
};

export type FuzzStack = ReturnType<typeof useFuzzStack>;

/** Starts the stack and the fixtures before the file's tests, stops them after. */
export function useFuzzStack(env: NodeJS.ProcessEnv = {}) {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let stack: QboStack;
  let client: Client;
  const temporalWrites: string[] = [];
  const fixtures = {} as Fixtures;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    client = recordingClient(temporal.client, temporalWrites);
    stack = await startQboStack(
      database.db,
      client,
      {},
      {
        env: {
          HOOK_SECRET: FUZZ_HOOK_SECRET,
          METRICS_TOKEN: FUZZ_METRICS_TOKEN,
          TEMPORAL_TASK_QUEUE: uniqueTaskQueue('fuzz'),
          // The limits have their own tests (api-abuse-rate-limits.test.ts). Here the tenant limit
          // counts (its own keys) but never refuses; the per-source one is off, as every request
          // comes from 127.0.0.1, a key this run's other tests count against too.
          HOOK_RATE_LIMIT_PER_TENANT: '100000000',
          HOOK_RATE_LIMIT_UNSIGNED_PER_SOURCE: '0',
          ...env,
        },
      },
    );
    await makeFixtures();
  });
  afterAll(async () => {
    await stack?.close();
    await temporal?.close();
    await database?.close();
  });

  async function putTenant(enabled: boolean) {
    const tenantId = uniqueTenantId('fuzz');
    const res = await stack.api(`/api/v1/tenants/${tenantId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Fuzz Rentals', qboEnabled: enabled }),
    });
    expect(res.status).toBe(200);
    return tenantId;
  }

  async function makeFixtures() {
    fixtures.connected = await putTenant(true);
    const realmId = await stack.createRealm('Fuzz Rentals LLC');
    expect((await stack.connect(fixtures.connected, { realmId })).status).toBe(200);
    await markInitialSyncStarted(database.db, fixtures.connected);
    for (const [i, name] of ['Cash', 'Check', 'Visa'].entries())
      await database.sql`insert into bpro.payment_methods (tenant_id, id, name) values (${fixtures.connected}, ${`pm-${i + 1}`}, ${name})`;
    fixtures.unconnected = await putTenant(true);
    fixtures.disabled = await putTenant(false);
    fixtures.ghost = uniqueTenantId('fuzz-ghost');
    const link = await fetch(`${stack.apiUrl}${signPageLink(API_TOKEN, fixtures.connected)}`, {
      redirect: 'manual',
    });
    expect(link.status).toBe(303);
    fixtures.cookie = (link.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await (
      await fetch(`${stack.apiUrl}/tenants/${fixtures.connected}/quickbooks`, {
        headers: { cookie: fixtures.cookie },
      })
    ).text();
    fixtures.csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(fixtures.csrf).not.toBe('');
    temporalWrites.length = 0;
  }

  return {
    get stack() {
      return stack;
    },
    get database() {
      return database;
    },
    /** The API's Temporal client (its writes are counted too). */
    get temporal() {
      return client;
    },
    fixtures,
    /** Temporal write calls the API made since the stack started (after the fixtures). */
    temporalWrites,
    /** Content hash of every row of these tenants, in every table keyed by tenant. */
    // PostgreSQL's text cannot hold NUL: no tenant row can have such an id, so none is looked for.
    fingerprint: (tenantIds: string[]) =>
      tenantFingerprint(database.sql, [
        ...new Set([
          ...tenantIds.filter((id) => !id.includes('\u0000')),
          fixtures.connected,
          fixtures.unconnected,
          fixtures.disabled,
          fixtures.ghost,
        ]),
      ]),
  };
}
