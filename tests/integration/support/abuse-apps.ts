// The abuse tests' set-up (tests/integration/api-abuse*.test.ts): API apps built with createApp on
// the run's PostgreSQL and Temporal server, as many as a test wants (two on one database are two
// replicas behind a load balancer), each with its own environment (limits, TRUST_PROXY). No
// emulator: the tenants are made in the database, a "connected" one by its row alone.
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { createQboServices } from '../../../activities/qbo/services';
import { createApp } from '../../../api/app';
import { loadApiConfig } from '../../../api/config';
import { signHook } from '../../../api/hook-signature';
import { createLogger } from '../../../config/logger';
import type { Database } from '../../../db/client';
import { markInitialSyncStarted } from '../../../db/queries/settings';
import { upsertTenant } from '../../../db/queries/tenants';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../../support/database';
import { connectTestTemporal, uniqueTaskQueue } from './temporal';

export const ABUSE_API_TOKEN = 'abuse-api-token-0123456789';
export const ABUSE_HOOK_SECRET = 'abuse-hook-secret-0123456789';

export type Answer = { status: number; headers: Headers; body: Record<string, unknown> | string };

export function useAbuseApps() {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  const closers: Array<() => Promise<unknown>> = [];
  const taskQueue = uniqueTaskQueue('abuse');

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
  });
  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await temporal?.close();
    await database?.close();
  });

  /** An API app on a free port with these variables on top of the test's; answers its base URL. */
  async function serve(env: NodeJS.ProcessEnv = {}, db?: Database, client?: Client): Promise<string> {
    const config = loadApiConfig({
      API_TOKEN: ABUSE_API_TOKEN,
      HOOK_SECRET: ABUSE_HOOK_SECRET,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      ...env,
    });
    const deps = db ?? database.db;
    const app = createApp({
      config,
      db: deps,
      qbo: createQboServices(deps, config.qbo, config.tokenEncryptionKey),
      temporal: client ?? temporal.client,
      log: createLogger('api-test', 'error'),
    });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** A tenant; `connected`: with a connection row and its initial sync started (hooks start syncs). */
  async function tenant(options: { enabled?: boolean; connected?: boolean } = {}): Promise<string> {
    const id = uniqueTenantId('abuse');
    await upsertTenant(database.db, { id, name: 'Abuse Rentals', qboEnabled: options.enabled ?? false });
    if (options.connected) {
      await database.sql`insert into qbo_sync.qbo_connections (tenant_id, realm_id, environment, status)
        values (${id}, '4620816365', 'emulator', 'connected')`;
      await markInitialSyncStarted(database.db, id);
    }
    return id;
  }

  return {
    get database() {
      return database;
    },
    get temporal() {
      return temporal;
    },
    serve,
    tenant,
  };
}

export const hookBody = (tenantId: string, id = '10042') =>
  JSON.stringify({
    tenantId,
    entity: 'invoice',
    id,
    event: 'updated',
    occurredAt: '2026-11-25T19:00:00.000Z',
  });

/** POSTs a hook; `signature`: the header (null: none; default: signed now with the test's secret). */
export async function postHook(
  base: string,
  raw: string,
  options: { signature?: string | null; from?: string } = {},
): Promise<Answer> {
  const signature = options.signature === undefined ? signHook(ABUSE_HOOK_SECRET, raw) : options.signature;
  const res = await fetch(`${base}/api/v1/hooks/bpro`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'x-bpro-signature': signature }),
      ...(options.from ? { 'x-forwarded-for': options.from } : {}),
    },
    body: raw,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

/** An address no other test uses (TEST-NET-2 and -3 blocks), for the per-source limit's key. */
export const uniqueSource = () =>
  `198.51.${Math.floor(Math.random() * 100) + 100}.${Math.floor(Math.random() * 254) + 1}`;
