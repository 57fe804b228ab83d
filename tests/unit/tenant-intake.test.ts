// api/tenant-intake.ts: per-tenant lanes for starting record syncs in one API process.
import { describe, expect, it } from 'vitest';
import { isIntakeRefusal, TenantIntake } from '../../api/tenant-intake';

const deferred = () => {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('TenantIntake', () => {
  it('runs a tenant startsPerTenant at a time, in arrival order, and others beside it', async () => {
    const intake = new TenantIntake({ startsPerTenant: 2, waitingPerTenant: 10 });
    const gate = deferred();
    const order: string[] = [];
    const call = (tenant: string, id: string, hold = true) =>
      intake.run(tenant, async () => {
        order.push(id);
        if (hold) await gate.promise;
        return id;
      });
    const a = ['a1', 'a2', 'a3', 'a4'].map((id) => call('A', id));
    const b = call('B', 'b1', false);
    await expect(b).resolves.toBe('b1');
    expect(order).toEqual(['a1', 'a2', 'b1']);
    gate.resolve();
    await expect(Promise.all(a)).resolves.toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(order).toEqual(['a1', 'a2', 'b1', 'a3', 'a4']);
  });

  it('refuses once waitingPerTenant wait, calling nothing, with a Retry-After of at least 1 s', async () => {
    const waiting: number[] = [];
    let gauge = 0;
    const intake = new TenantIntake({ startsPerTenant: 1, waitingPerTenant: 2 }, (d) => {
      gauge += d;
      waiting.push(gauge);
    });
    const gate = deferred();
    let calls = 0;
    const start = () =>
      intake.run('A', async () => {
        calls += 1;
        await gate.promise;
        return 'ok';
      });
    const taken = [start(), start(), start()];
    await new Promise((r) => setTimeout(r, 0));
    const refused = await start();
    expect(isIntakeRefusal(refused)).toBe(true);
    expect(refused).toMatchObject({ refused: true, waiting: 2 });
    expect(isIntakeRefusal(refused) && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(calls).toBe(1);
    expect(gauge).toBe(2);
    gate.resolve();
    await Promise.all(taken);
    expect(calls).toBe(3);
    expect(gauge).toBe(0);
    // The line has drained: the tenant is taken again.
    await expect(start()).resolves.toBe('ok');
  });

  it('passes a failed start on and keeps the lane usable', async () => {
    const intake = new TenantIntake({ startsPerTenant: 1, waitingPerTenant: 0 });
    await expect(intake.run('A', () => Promise.reject(new Error('Temporal unreachable')))).rejects.toThrow(
      'Temporal unreachable',
    );
    await expect(intake.run('A', () => Promise.resolve(7))).resolves.toBe(7);
  });
});
