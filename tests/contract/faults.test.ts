/* eslint-disable @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// Fault injection through PUT /__emulator/faults: 5xx, 429, latency and commit-then-drop, the
// case that makes a naive retry create a duplicate. Emulator only.
import { describe, expect, it } from 'vitest';
import { q, unique } from './support/client';
import { isEmulator, useTarget } from './support/target';

describe.skipIf(!isEmulator)('faults', () => {
  const t = useTarget();
  const realm = () => t.client.realmId;

  it('errorRate 1 → every request fails with a 5xx', async () => {
    await t.control('PUT', '/faults', { realmId: realm(), errorRate: 1 });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => t.client.request('GET', 'preferences')),
    );
    expect(results.every((r) => r.status === 500 || r.status === 503)).toBe(true);
    for (const r of results.filter((x) => x.status === 500))
      expect(r.json.Fault?.type ?? r.json.fault?.type).toMatch(/^(SystemFault|SERVICE)$/);
    await t.control('PUT', '/faults', { realmId: realm(), errorRate: 0 });
    expect((await t.client.request('GET', 'preferences')).status).toBe(200);
  });

  it('throttleRate 1 → 429 XML', async () => {
    await t.control('PUT', '/faults', { realmId: realm(), throttleRate: 1 });
    const r = await t.client.request('GET', 'preferences');
    expect(r.status).toBe(429);
    expect(r.text).toContain('3001');
    await t.control('PUT', '/faults', { realmId: realm(), throttleRate: 0 });
  });

  it('latencyMs delays responses', async () => {
    await t.control('PUT', '/faults', { realmId: realm(), latencyMs: 150 });
    const started = Date.now();
    await t.client.request('GET', 'preferences');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await t.control('PUT', '/faults', { realmId: realm(), latencyMs: 0 });
  });

  it('commit-then-drop: the write happens but the client gets a socket error; requestid recovers it', async () => {
    const name = unique('Dropped');
    const rid = crypto.randomUUID();
    await t.control('PUT', '/faults', { realmId: realm(), dropAfterCommitRate: 1 });
    await expect(t.client.create('Customer', { DisplayName: name }, { requestid: rid })).rejects.toThrow();
    await t.control('PUT', '/faults', { realmId: realm(), dropAfterCommitRate: 0 });
    const found = await t.client.query(`select count(*) from Customer where DisplayName = ${q(name)}`);
    expect(found.json.QueryResponse.totalCount).toBe(1);
    // A naive retry without the same requestid would hit 6240; with it QBO replays the first answer.
    const retry = await t.client.create('Customer', { DisplayName: name }, { requestid: rid });
    expect(retry.status).toBe(200);
    expect(retry.json.Customer.DisplayName).toBe(name);
    const naive = await t.client.create('Customer', { DisplayName: name });
    expect(naive.json.Fault.Error[0].code).toBe('6240');
  });

  it('global settings apply to every realm and are reported by stats', async () => {
    const s = await t.control('PUT', '/faults', {
      errorRate: 0,
      throttleRate: 0,
      latencyMs: 0,
      dropAfterCommitRate: 0,
    });
    expect(s.status).toBe(200);
    const stats = await t.control('GET', `/realms/${realm()}/stats`);
    expect(stats.json.faultsInjected).toBeGreaterThanOrEqual(8);
  });

  it('an invalid fault body → 400 with a machine-readable code', async () => {
    const r = await t.control('PUT', '/faults', { errorRate: 2 });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_request');
  });
});
