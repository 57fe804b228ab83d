// Metrics in Prometheus text (issue 14): the API's GET /metrics after a signed hook synced a
// record through the real path (API → recordSync on a real worker → the QBO emulator), behind
// METRICS_TOKEN; and a worker process's own endpoint (WORKER_METRICS_PORT) with the Temporal
// SDK's `temporal_*` families appended to ours.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { signHook } from '../../api/hook-signature';
import { freeLoopbackPort } from '../../worker/runtime-logging';
import { postHook, resultOf } from './support/record-hooks';
import { insertCustomer } from './support/record-rows';
import { database, h, temporal, useRecordSyncTenant } from './support/record-sync-tenant';
import { uniqueTaskQueue } from './support/temporal';

const METRICS_TOKEN = 'integration-metrics-token-0123456789';
const auth = { authorization: `Bearer ${METRICS_TOKEN}` };

/** Every sample of `name` whose labels include `labels`, summed (0 when none). */
function sum(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',');
    if (wanted.every((w) => have.includes(w))) total += Number(match[3]);
  }
  return total;
}

async function scrape(url: string, headers: Record<string, string> = auth): Promise<string> {
  const res = await fetch(url, { headers });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

describe('metrics: Prometheus text on the API and the worker', () => {
  useRecordSyncTenant({ env: { METRICS_TOKEN } });
  const apiMetrics = () => `${h.stack.apiUrl}/metrics`;

  it('GET /metrics needs the bearer token when METRICS_TOKEN is set', async () => {
    expect((await fetch(apiMetrics())).status).toBe(401);
    expect((await fetch(apiMetrics(), { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(
      401,
    );
    // The API token is not the metrics token.
    const apiToken = { authorization: `Bearer ${h.stack.config.apiToken}` };
    expect((await fetch(apiMetrics(), { headers: apiToken })).status).toBe(401);
    expect(await scrape(apiMetrics())).toContain('# TYPE qbo_sync_records_total counter');
  });

  it('after a hook syncs a record: its outcome, the hook, the QBO calls, the latency, the connections', async () => {
    const before = await scrape(apiMetrics());
    const id = await insertCustomer({ displayName: 'Metrics Meadow Rentals', firstName: 'Mia' });
    const outcome = await resultOf(await postHook('customer', id, 'created'));
    expect(outcome.status).toBe('synced');
    const after = await scrape(apiMetrics());

    const delta = (name: string, labels: Record<string, string> = {}) =>
      sum(after, name, labels) - sum(before, name, labels);
    expect(delta('qbo_sync_records_total', { entity: 'customer', outcome: 'synced' })).toBe(1);
    expect(delta('qbo_sync_hooks_received_total', { entity: 'customer', result: 'accepted' })).toBe(1);
    expect(delta('qbo_sync_hook_to_qbo_seconds_count', { entity: 'customer' })).toBe(1);
    expect(delta('qbo_sync_qbo_requests_total', { kind: 'write', status: '200' })).toBeGreaterThan(0);
    expect(sum(after, 'qbo_sync_qbo_requests_total', { status: '200' })).toBeGreaterThan(0);
    expect(sum(after, 'qbo_sync_rate_limit_wait_seconds_count')).toBeGreaterThan(0);
    // The tenant's initial sync ran before: its pages' records are counted without a tenant label.
    expect(sum(after, 'qbo_sync_initial_sync_records', { state: 'synced' })).toBeGreaterThan(0);
    expect(sum(after, 'qbo_sync_connections', { state: 'connected' })).toBeGreaterThanOrEqual(1);
    expect(after).toMatch(/^qbo_sync_connections\{state="disconnected"\} \d+$/m);
    expect(after).not.toContain(h.tenantId);
    expect(after).not.toContain(h.realmId);
  });

  it('counts a refused hook by why', async () => {
    const raw = JSON.stringify({ tenantId: h.tenantId, entity: 'customer', id: 'x', event: 'updated' });
    const signature = signHook('not-the-hook-secret-0123456789', raw);
    const before = await scrape(apiMetrics());
    const res = await fetch(`${h.stack.apiUrl}/api/v1/hooks/bpro`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bpro-signature': signature },
      body: raw,
    });
    expect(res.status).toBe(401);
    const after = await scrape(apiMetrics());
    const labels = { entity: 'unknown', result: 'rejected_signature' };
    expect(sum(after, 'qbo_sync_hooks_received_total', labels)).toBe(
      sum(before, 'qbo_sync_hooks_received_total', labels) + 1,
    );
  });

  describe('a worker process', () => {
    let child: ChildProcess | null = null;
    afterAll(async () => {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    });

    it('serves our families and the Temporal SDK’s on WORKER_METRICS_PORT, behind the token', async (ctx) => {
      if (database.embedded) return ctx.skip(); // a worker process needs a PostgreSQL server
      const port = await freeLoopbackPort();
      child = spawn(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(new URL('./support/metrics-worker.ts', import.meta.url))],
        {
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            NODE_ENV: 'development',
            LOG_LEVEL: 'warn',
            DATABASE_URL: database.url,
            TEMPORAL_ADDRESS: temporal.address,
            TEMPORAL_TASK_QUEUE: uniqueTaskQueue('metrics-worker'),
            QBO_ENVIRONMENT: 'emulator',
            QBO_EMULATOR_URL: h.stack.emulatorUrl,
            METRICS_TOKEN,
            WORKER_METRICS_PORT: String(port),
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child?.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /metrics (\S+)\n/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child?.once('exit', (code) => reject(new Error(`the worker exited early (${String(code)})`)));
      });
      expect(url).toBe(`http://127.0.0.1:${port}/metrics`);

      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url.replace('/metrics', '/other'), { headers: auth })).status).toBe(404);
      const text = await scrape(url);
      expect(text).toContain('# TYPE qbo_sync_records_total counter');
      expect(text).toContain('# TYPE qbo_sync_qbo_requests_total counter');
      expect(text).toMatch(/^# TYPE temporal_\w+ /m);
      expect(text).toMatch(/^temporal_\w+(\{[^}]*\})? \S+/m);
      expect(text).not.toContain('metrics unavailable');
    });
  });
});
