// The process's metrics (config/metrics.ts): the families, their labels after the code paths that
// feed them (the QBO transport with a fake fetch and limiter, the hooks route's refusals), the
// extra text sources, and the bearer check. No I/O beyond the process.
import { afterEach, describe, expect, it } from 'vitest';
import type { RealmRateLimiter } from '../../activities/qbo/rate-limiter';
import { QboTransport, requestKindOf } from '../../activities/qbo/transport';
import { countRefusedHooks, refusalOf } from '../../api/hook-metrics';
import { HttpError } from '../../api/middleware/errors';
import { useConnectionStateReader } from '../../config/metrics-connections';
import {
  addMetricsTextSource,
  countHook,
  countInitialSyncPage,
  countRecordOutcome,
  metricsAuthorized,
  metricsRegistry,
  observeHookToQbo,
  removeMetricsTextSource,
  renderMetrics,
} from '../../config/metrics';

/** The value of one sample in the registry's text (0 when absent). */
async function sample(name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await metricsRegistry.metrics();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((w) => have.includes(w)) && have.length === wanted.length) return Number(match[3]);
  }
  return 0;
}

const fakeLimiter = (waitMs = 0) =>
  ({
    acquire: () => new Promise<void>((resolve) => setTimeout(resolve, waitMs)),
    tryNow: () => Promise.resolve(true),
    throttled: () => Promise.resolve(5),
  }) as unknown as RealmRateLimiter;

function transportAnswering(answer: () => Promise<Response>, waitMs = 0) {
  return new QboTransport({
    tenantId: 't-unit',
    tokens: { accessToken: () => Promise.resolve({ accessToken: 'at', realmId: 'r-unit' }) },
    limiter: fakeLimiter(waitMs),
    apiBase: 'http://qbo.invalid',
    fetch: answer,
    transientRetries: { attempts: 0, baseDelayMs: 1 },
    priority: 'hook',
  });
}

describe('metrics registry', () => {
  afterEach(() => {
    removeMetricsTextSource('unit');
    useConnectionStateReader(null);
  });

  it('counts record outcomes, hooks and initial-sync pages by their labels only', async () => {
    const before = await sample('qbo_sync_records_total', { entity: 'invoice', outcome: 'needs_attention' });
    countRecordOutcome('invoice', 'needs_attention');
    countRecordOutcome('invoice', 'needs_attention');
    expect(await sample('qbo_sync_records_total', { entity: 'invoice', outcome: 'needs_attention' })).toBe(
      before + 2,
    );

    countHook('customer', 'accepted');
    countHook(undefined, 'rejected_signature');
    expect(await sample('qbo_sync_hooks_received_total', { entity: 'customer', result: 'accepted' })).toBe(1);
    expect(
      await sample('qbo_sync_hooks_received_total', { entity: 'unknown', result: 'rejected_signature' }),
    ).toBe(1);

    countInitialSyncPage('product', { synced: 3, skipped: 0, failed: 1 });
    expect(await sample('qbo_sync_initial_sync_records', { entity: 'product', state: 'synced' })).toBe(3);
    expect(await sample('qbo_sync_initial_sync_records', { entity: 'product', state: 'failed' })).toBe(1);
    expect(await sample('qbo_sync_initial_sync_records', { entity: 'product', state: 'skipped' })).toBe(0);

    const text = await metricsRegistry.metrics();
    expect(text).not.toMatch(/tenant|realm/i);
  });

  it('observes hook-to-QuickBooks latency from the receipt time, and nothing without one', async () => {
    const count = () => sample('qbo_sync_hook_to_qbo_seconds_count', { entity: 'payment' });
    const before = await count();
    observeHookToQbo('payment', undefined);
    observeHookToQbo('payment', 'not a date');
    expect(await count()).toBe(before);
    const now = Date.parse('2026-01-01T00:00:03.000Z');
    observeHookToQbo('payment', '2026-01-01T00:00:00.000Z', now);
    expect(await count()).toBe(before + 1);
    expect(await sample('qbo_sync_hook_to_qbo_seconds_sum', { entity: 'payment' })).toBeCloseTo(3, 3);
    expect(await sample('qbo_sync_hook_to_qbo_seconds_bucket', { entity: 'payment', le: '2' })).toBe(0);
    expect(await sample('qbo_sync_hook_to_qbo_seconds_bucket', { entity: 'payment', le: '5' })).toBe(1);
  });

  it('counts every QBO call by kind and status, 429s, network failures and the limiter wait', async () => {
    const ok = transportAnswering(() => Promise.resolve(Response.json({ QueryResponse: {} })), 20);
    const waits = () => sample('qbo_sync_rate_limit_wait_seconds_count', { priority: 'hook' });
    const waitsBefore = await waits();
    await ok.call({ method: 'GET', path: 'query', query: { query: 'select * from Item' } });
    await ok.call({ method: 'POST', path: 'customer', body: {} });
    expect(await sample('qbo_sync_qbo_requests_total', { kind: 'query', status: '200' })).toBe(1);
    expect(await sample('qbo_sync_qbo_requests_total', { kind: 'write', status: '200' })).toBe(1);
    expect(await waits()).toBe(waitsBefore + 2);
    expect(await sample('qbo_sync_rate_limit_wait_seconds_sum', { priority: 'hook' })).toBeGreaterThan(0.02);

    const throttled = transportAnswering(() =>
      Promise.resolve(new Response('{"Fault":{}}', { status: 429 })),
    );
    await expect(throttled.call({ method: 'GET', path: 'preferences' })).rejects.toMatchObject({
      type: 'throttled',
    });
    expect(await sample('qbo_sync_qbo_requests_total', { kind: 'read', status: '429' })).toBe(1);
    expect(await sample('qbo_sync_qbo_throttled_total')).toBe(1);

    const down = transportAnswering(() => Promise.reject(new TypeError('fetch failed')));
    await expect(down.call({ method: 'POST', path: 'batch', kind: 'batch', body: {} })).rejects.toThrow();
    expect(await sample('qbo_sync_qbo_requests_total', { kind: 'batch', status: 'network' })).toBe(1);
  });

  it('names each call kind', () => {
    expect(requestKindOf({ method: 'GET', path: 'query' })).toBe('query');
    expect(requestKindOf({ method: 'POST', path: 'query' })).toBe('query');
    expect(requestKindOf({ method: 'GET', path: 'customer/1' })).toBe('read');
    expect(requestKindOf({ method: 'GET', path: (r) => `companyinfo/${r}` })).toBe('read');
    expect(requestKindOf({ method: 'POST', path: 'invoice' })).toBe('write');
    expect(requestKindOf({ method: 'POST', path: 'batch', kind: 'batch' })).toBe('batch');
    expect(requestKindOf({ method: 'GET', path: 'cdc' })).toBe('other');
  });

  it("tells the hooks route's refusals apart and passes the error on", () => {
    expect(refusalOf(new HttpError(401, 'invalid_signature', 'x'))).toBe('rejected_signature');
    expect(refusalOf(new HttpError(401, 'stale_signature', 'x'))).toBe('rejected_signature');
    expect(refusalOf(new HttpError(400, 'invalid_hook', 'x'))).toBe('invalid');
    expect(refusalOf(new HttpError(404, 'tenant_not_found', 'x'))).toBe('tenant_not_found');
    expect(refusalOf(new HttpError(503, 'shutting_down', 'x'))).toBe('unavailable');
    expect(refusalOf(Object.assign(new Error('too large'), { status: 413 }))).toBe('invalid');
    expect(refusalOf(new Error('boom'))).toBe('error');

    const error = new HttpError(400, 'invalid_hook', 'x');
    let passed: unknown;
    const req = { method: 'POST', path: '/hooks/bpro' } as Parameters<typeof countRefusedHooks>[1];
    countRefusedHooks(error, req, {} as Parameters<typeof countRefusedHooks>[2], (e?: unknown) => {
      passed = e;
    });
    expect(passed).toBe(error);
  });

  it('reads connection states at scrape time, every state present, blocks by kind', async () => {
    useConnectionStateReader(() =>
      Promise.resolve([
        { status: 'connected', blockedKind: null, connections: 4, blockedSeconds: null },
        { status: 'connected', blockedKind: 'subscription', connections: 2, blockedSeconds: 700 },
        { status: 'reauth_required', blockedKind: null, connections: 1, blockedSeconds: null },
      ]),
    );
    expect(await sample('qbo_sync_connections', { state: 'connected' })).toBe(6);
    expect(await sample('qbo_sync_connections', { state: 'reauth_required' })).toBe(1);
    expect(await sample('qbo_sync_connections', { state: 'disconnected' })).toBe(0);
    expect(await sample('qbo_sync_connections_blocked', { kind: 'subscription' })).toBe(2);
    expect(await sample('qbo_sync_connections_blocked_seconds_max', { kind: 'subscription' })).toBe(700);
    expect((await metricsRegistry.metrics()).match(/^qbo_sync_connections\{/gm)).toHaveLength(3);

    useConnectionStateReader(() => Promise.reject(new Error('database down')));
    expect(await sample('qbo_sync_connections', { state: 'connected' })).toBe(0);
  });

  it('appends extra text sources to a scrape; one failing leaves a comment', async () => {
    addMetricsTextSource({ name: 'unit', text: () => Promise.resolve('temporal_unit_total 7') });
    const text = await renderMetrics();
    expect(text).toContain('# TYPE qbo_sync_records_total counter');
    expect(text).toMatch(/\ntemporal_unit_total 7\n$/);
    addMetricsTextSource({ name: 'unit', text: () => Promise.reject(new Error('refused')) });
    expect(await renderMetrics()).toContain('# unit metrics unavailable: Error: refused');
  });

  it('asks for the bearer token only when one is set', () => {
    expect(metricsAuthorized(undefined, undefined)).toBe(true);
    expect(metricsAuthorized('metrics-token-0123456789', undefined)).toBe(false);
    expect(metricsAuthorized('metrics-token-0123456789', 'Bearer wrong')).toBe(false);
    expect(metricsAuthorized('metrics-token-0123456789', 'Bearer metrics-token-0123456789')).toBe(true);
  });
});
