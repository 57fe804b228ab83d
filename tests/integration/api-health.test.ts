import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQboServices } from '../../activities/qbo/services';
import { createApp } from '../../api/app';
import { loadApiConfig } from '../../api/config';
import { createLogger } from '../../config/logger';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { connectTestTemporal } from './support/temporal';

describe('API over HTTP: health, auth and the error envelope', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let server: Server;
  let base: string;
  const token = 'test-api-token-0123456789';

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    const config = loadApiConfig({ API_TOKEN: token, TEMPORAL_ADDRESS: temporal.address });
    const app = createApp({
      config,
      db: database.db,
      qbo: createQboServices(database.db, config.qbo, config.tokenEncryptionKey),
      temporal: temporal.client,
      log: createLogger('api-test', 'error'),
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, () => resolve(s));
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await temporal?.close();
    await database?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

  it('reports the database and Temporal as up', async () => {
    const res = await get('/api/v1/health', { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: 'ok', temporal: 'ok' });
  });

  it('refuses a missing or wrong token with 401 and a machine-readable code', async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer nope' },
      { authorization: 'Basic abc' },
    ];
    for (const headers of attempts) {
      const res = await get('/api/v1/health', headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('answers unknown routes and malformed JSON with the error envelope', async () => {
    const missing = await get('/api/v1/nothing-here', { authorization: `Bearer ${token}` });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });

    const malformed = await fetch(`${base}/api/v1/health`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"tenantId": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'malformed_json' } });
  });
});
