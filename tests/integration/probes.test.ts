// The orchestrator's probes (issue 14): GET /livez and GET /readyz at the root of the API, without
// the API token, bodies that say nothing but the status; /readyz 503 when the database is
// unreachable or once the process is shutting down.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQboServices } from '../../activities/qbo/services';
import { createApp } from '../../api/app';
import { loadApiConfig } from '../../api/config';
import { createShutdownState, type ShutdownState } from '../../api/shutdown-state';
import { createLogger } from '../../config/logger';
import { createDb, type Database, type DbHandle } from '../../db/client';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { connectTestTemporal } from './support/temporal';

const TOKEN = 'test-api-token-0123456789';
/** Nothing listens on port 1: a database that refuses every connection at once. */
const UNREACHABLE_DB = 'postgres://postgres@127.0.0.1:1/qbo_sync_nowhere';

let database: TestDatabase;
let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
});
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await temporal?.close();
  await database?.close();
});

/** The API app on a free port, on the given database and Temporal client; answers its base URL. */
async function serve(
  options: { db?: Database; client?: Client; shutdown?: ShutdownState } = {},
): Promise<string> {
  const config = loadApiConfig({ API_TOKEN: TOKEN, TEMPORAL_ADDRESS: temporal.address });
  const db = options.db ?? database.db;
  const app = createApp(
    {
      config,
      db,
      qbo: createQboServices(db, config.qbo, config.tokenEncryptionKey),
      temporal: options.client ?? temporal.client,
      log: createLogger('api-test', 'error'),
    },
    options.shutdown ? { shutdown: options.shutdown } : {},
  );
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return {
    status: res.status,
    body: await res.json(),
    cacheControl: res.headers.get('cache-control'),
  };
}

describe('GET /livez and GET /readyz', () => {
  it('answer without a token while the database and Temporal are up', async () => {
    const base = await serve();
    expect(await get(`${base}/livez`)).toEqual({
      status: 200,
      body: { status: 'ok' },
      cacheControl: 'no-store',
    });
    expect(await get(`${base}/readyz`)).toEqual({
      status: 200,
      body: { status: 'ready' },
      cacheControl: 'no-store',
    });
    // Only at the root: under /api/v1 they are unknown routes behind the token.
    expect((await get(`${base}/api/v1/readyz`)).status).toBe(401);
  });

  it('/readyz answers 503 "not_ready", and nothing more, when the database is unreachable', async () => {
    const unreachable: DbHandle = createDb(UNREACHABLE_DB, { max: 1 });
    closers.push(() => unreachable.close());
    const base = await serve({ db: unreachable.db });
    expect(await get(`${base}/readyz`)).toEqual({
      status: 503,
      body: { status: 'not_ready' },
      cacheControl: 'no-store',
    });
    expect(await get(`${base}/livez`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    // The detail stays behind the token, as it was.
    expect(await get(`${base}/api/v1/health`, { authorization: `Bearer ${TOKEN}` })).toMatchObject({
      status: 503,
      body: { status: 'degraded', db: 'down', temporal: 'ok' },
    });
  });

  it('/readyz answers 503 when Temporal is unreachable, within its time limit', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 });
    closers.push(() => connection.close());
    const base = await serve({ client: new Client({ connection }) });
    const started = Date.now();
    expect(await get(`${base}/readyz`)).toMatchObject({ status: 503, body: { status: 'not_ready' } });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('/readyz answers 503 once shutting down began, while /livez still answers 200', async () => {
    const shutdown = createShutdownState();
    const base = await serve({ shutdown });
    expect((await get(`${base}/readyz`)).status).toBe(200);
    shutdown.begin();
    expect(await get(`${base}/readyz`)).toMatchObject({ status: 503, body: { status: 'not_ready' } });
    expect(await get(`${base}/livez`)).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
