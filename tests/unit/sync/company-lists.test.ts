// The company lists a worker keeps across runs (activities/sync/company-lists.ts) and how a run's
// cache routes to them (run-cache.ts): kept until they expire or the tenant's lists version moves
// on, loaded once however many ask at once, never kept when the load failed, and bounded in tenants.
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { CompanyLists } from '../../../activities/sync/company-lists';
import { RecordTasks } from '../../../activities/sync/record-tasks';
import { MemoCache } from '../../../activities/sync/run-cache';

/** A load that counts its calls and answers `value` (or fails with `error`). */
function counted<T>(value: T) {
  const load = Object.assign(
    async () => {
      load.calls += 1;
      await Promise.resolve();
      if (load.error) throw load.error;
      return value;
    },
    { calls: 0, error: null as Error | null },
  );
  return load;
}

/** Lists version `version` of the connection made at `connectedAt`. */
const v = (version: number, connectedAt = 1) => ({ connectedAt, version });

/** A clock the test moves. */
function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('CompanyLists', () => {
  it('keeps a list for the tenant until it expires', async () => {
    const time = clock();
    const lists = new CompanyLists({ ttlMs: 60_000, now: time.now });
    const load = counted(['Cash']);
    expect(lists.get('t1', 'paymentMethods', load).source).toBe('loaded');
    await expect(lists.get('t1', 'paymentMethods', load).value).resolves.toEqual(['Cash']);
    time.advance(59_000);
    expect(lists.get('t1', 'paymentMethods', load).source).toBe('kept');
    expect(load.calls).toBe(1);
    time.advance(2_000);
    expect(lists.get('t1', 'paymentMethods', load).source).toBe('loaded');
    expect(load.calls).toBe(2);
    // Another tenant's list of the same name is its own.
    lists.get('t2', 'paymentMethods', load);
    expect(load.calls).toBe(3);
  });

  it('loads once for callers that ask while it loads', async () => {
    const lists = new CompanyLists();
    const load = counted({ TaxPrefs: {} });
    const first = lists.get('t1', 'preferences', load);
    const second = lists.get('t1', 'preferences', load);
    expect(second.source).toBe('loading');
    expect(await second.value).toBe(await first.value);
    expect(load.calls).toBe(1);
  });

  it('does not keep a failed load: the next caller loads again', async () => {
    const lists = new CompanyLists();
    const load = counted(['Net 30']);
    load.error = new Error('QuickBooks is down');
    const failing = lists.get('t1', 'terms', load);
    const joined = lists.get('t1', 'terms', load);
    await expect(failing.value).rejects.toThrow('QuickBooks is down');
    await expect(joined.value).rejects.toThrow('QuickBooks is down');
    load.error = null;
    const again = lists.get('t1', 'terms', load);
    expect(again.source).toBe('loaded');
    await expect(again.value).resolves.toEqual(['Net 30']);
    expect(load.calls).toBe(2);
  });

  it('drops the tenant’s lists when its lists version moves on, not for an older one', async () => {
    const lists = new CompanyLists();
    const load = counted(['Checking']);
    lists.observe('t1', v(3));
    await lists.get('t1', 'accounts', load).value;
    lists.observe('t1', v(3));
    lists.observe('t1', v(2)); // read by a run that started before the change
    expect(lists.get('t1', 'accounts', load).source).toBe('kept');
    lists.observe('t1', v(4));
    expect(lists.get('t1', 'accounts', load).source).toBe('loaded');
    expect(load.calls).toBe(2);
  });

  it('a new connection (another company, or a reset one) drops them whatever its version', async () => {
    const lists = new CompanyLists();
    const load = counted(['Checking']);
    lists.observe('t1', v(7, 1));
    await lists.get('t1', 'accounts', load).value;
    lists.observe('t1', v(0, 2));
    const again = lists.get('t1', 'accounts', load);
    expect(again.source).toBe('loaded');
    await again.value;
    lists.observe('t1', v(9, 1)); // read before the reconnect
    expect(lists.get('t1', 'accounts', load).source).toBe('kept');
  });

  it('a load still running when the version moves on is not kept for the new version', async () => {
    const lists = new CompanyLists();
    const load = counted(['old list']);
    lists.observe('t1', v(1));
    const running = lists.get('t1', 'taxCodes', load);
    lists.observe('t1', v(2));
    await running.value;
    expect(lists.get('t1', 'taxCodes', load).source).toBe('loaded');
  });

  it('forgets one list, and loads afresh when asked (a support re-run)', async () => {
    const lists = new CompanyLists();
    const load = counted(['rate']);
    await lists.get('t1', 'taxRates', load).value;
    lists.forget('t1', 'taxRates');
    expect(lists.get('t1', 'taxRates', load).source).toBe('loaded');
    await lists.get('t1', 'taxRates', load, true).value;
    expect(load.calls).toBe(3);
    expect(lists.get('t1', 'taxRates', load).source).toBe('kept');
  });

  it('keeps at most maxTenants tenants, dropping the least recently used', async () => {
    const lists = new CompanyLists({ maxTenants: 2 });
    const load = counted(['x']);
    await lists.get('t1', 'terms', load).value;
    await lists.get('t2', 'terms', load).value;
    await lists.get('t1', 'terms', load).value; // t1 used again: t2 is now the oldest
    await lists.get('t3', 'terms', load).value;
    expect(lists.size).toBe(2);
    expect(lists.get('t1', 'terms', load).source).toBe('kept');
    expect(lists.get('t2', 'terms', load).source).toBe('loaded');
  });
});

describe('MemoCache: company lists shared across runs, everything else per run', () => {
  const db = {} as Database; // `forget` of a company list writes to it; not called here
  const run = (lists: CompanyLists, fresh = false) =>
    new MemoCache(new RecordTasks(), { tenantId: 't1', db, lists, fresh });

  it('two runs of a tenant read a company list once; a per-run key once per run', async () => {
    const lists = new CompanyLists();
    const accounts = counted(['Sales']);
    const settings = counted({ startDate: null });
    const [a, b] = [run(lists), run(lists)];
    await Promise.all([a.get('accounts', accounts), b.get('accounts', accounts)]);
    await Promise.all([a.get('settings', settings), b.get('settings', settings)]);
    await a.get('settings', settings);
    expect(accounts.calls).toBe(1);
    expect(settings.calls).toBe(2);
  });

  it('a support re-run reads the company lists again, once, and the runs after it get that copy', async () => {
    const lists = new CompanyLists();
    const load = counted(['Cash']);
    await run(lists).get('paymentMethods', load);
    const rerun = run(lists, true);
    await rerun.get('paymentMethods', load);
    await rerun.get('paymentMethods', load);
    await run(lists).get('paymentMethods', load);
    expect(load.calls).toBe(2);
  });

  it('a failed load is kept neither by the run nor for the company', async () => {
    const lists = new CompanyLists();
    const load = counted(['Net 30']);
    load.error = new Error('throttled');
    const cache = run(lists);
    await expect(cache.get('terms', load)).rejects.toThrow('throttled');
    load.error = null;
    await expect(cache.get('terms', load)).resolves.toEqual(['Net 30']);
    expect(load.calls).toBe(2);
  });
});
