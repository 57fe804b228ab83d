// The sync API tests' set-up (tests/integration/api-sync-*.test.ts): the API and the QBO emulator
// on the run's Temporal dev server and PostgreSQL, with a task queue no worker polls, so
// executions stay as the API left them. Plus the helpers that make tenants and call the API.
import { afterAll, beforeAll, expect } from 'vitest';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../../support/database';
import { startQboStack, type QboStack } from './qbo-stack';
import { connectTestTemporal, uniqueTaskQueue } from './temporal';

export const HOOK_SECRET = 'integration-hook-secret-0123456789';
export const BPRO_PAYMENT_METHODS = [
  'Cash',
  'Check',
  'Debit',
  'Visa',
  'MasterCard',
  'Amex',
  'Discover',
  'Account',
];
/** QBO's defaults (qbo-emulator/seed.ts) have these; not Debit, Amex or Account. */
export const IN_QBO = new Set(['Cash', 'Check', 'Visa', 'MasterCard', 'Discover']);

export type Json = Record<string, unknown>;
type TestTemporal = Awaited<ReturnType<typeof connectTestTemporal>>;

export const jsonInit = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const pmId = (name: string) => `pm-${BPRO_PAYMENT_METHODS.indexOf(name) + 1}`;

/** Starts the stack before the file's tests and stops it after them. */
export function useApiSyncStack() {
  let database: TestDatabase;
  let temporal: TestTemporal;
  let stack: QboStack;
  const taskQueue = uniqueTaskQueue('api-sync');

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    stack = await startQboStack(
      database.db,
      temporal.client,
      {},
      { env: { HOOK_SECRET, TEMPORAL_TASK_QUEUE: taskQueue } },
    );
  });
  afterAll(async () => {
    await stack?.close();
    await temporal?.close();
    await database?.close();
  });

  async function call(path: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
    const res = await stack.api(path, init);
    return { status: res.status, body: (await res.json()) as Json };
  }

  async function tenant(options: { enabled?: boolean; prefix?: string } = {}): Promise<string> {
    const tenantId = uniqueTenantId(options.prefix ?? 'sync');
    const res = await call(
      `/api/v1/tenants/${tenantId}`,
      jsonInit('PUT', { name: 'Party Rentals', qboEnabled: options.enabled ?? true }),
    );
    expect(res.status).toBe(200);
    return tenantId;
  }

  async function connectedTenant(prefix?: string): Promise<{ tenantId: string; realmId: string }> {
    const tenantId = await tenant(prefix ? { prefix } : {});
    const realmId = await stack.createRealm('Party Rentals LLC');
    expect((await stack.connect(tenantId, { realmId })).status).toBe(200);
    return { tenantId, realmId };
  }

  async function seedPaymentMethods(tenantId: string) {
    for (const [i, name] of BPRO_PAYMENT_METHODS.entries())
      await database.sql`insert into bpro.payment_methods (tenant_id, id, name) values (${tenantId}, ${`pm-${i + 1}`}, ${name})`;
  }

  return {
    taskQueue,
    get database() {
      return database;
    },
    get temporal() {
      return temporal;
    },
    get stack() {
      return stack;
    },
    call,
    tenant,
    connectedTenant,
    seedPaymentMethods,
  };
}

export type ApiSyncStack = ReturnType<typeof useApiSyncStack>;
