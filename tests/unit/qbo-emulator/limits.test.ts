import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../qbo-emulator/faults';
import { RateLimiter } from '../../../qbo-emulator/limits';

describe('rate limiter', () => {
  const qbo = { perMinute: 500, perSecond: 10, batchPerMinute: 40, timeScale: 1 };

  it('admits 10 per second per realm, then again a second later', () => {
    const l = new RateLimiter(qbo);
    const t0 = 1_000_000;
    const admitted = Array.from({ length: 12 }, () => l.admit('r1', t0, false)).filter(Boolean).length;
    expect(admitted).toBe(10);
    expect(l.admit('r2', t0, false)).toBe(true);
    expect(l.admit('r1', t0 + 1000, false)).toBe(true);
  });

  it('admits 500 per minute', () => {
    const l = new RateLimiter({ ...qbo, perSecond: null });
    const t0 = 0;
    let ok = 0;
    for (let i = 0; i < 600; i++) if (l.admit('r', t0 + i * 10, false)) ok++;
    expect(ok).toBe(500);
    expect(l.admit('r', t0 + 60_000, false)).toBe(true);
  });

  it('limits batch calls to 40 per minute on top of the request limits', () => {
    const l = new RateLimiter({ ...qbo, perSecond: null });
    let ok = 0;
    for (let i = 0; i < 45; i++) if (l.admit('r', i, true)) ok++;
    expect(ok).toBe(40);
    expect(l.admit('r', 50, false)).toBe(true);
  });

  it('timeScale shrinks the windows; null disables a limit', () => {
    const l = new RateLimiter({ ...qbo, timeScale: 10 });
    for (let i = 0; i < 10; i++) l.admit('r', 0, false);
    expect(l.admit('r', 50, false)).toBe(false);
    expect(l.admit('r', 100, false)).toBe(true);
    const off = new RateLimiter({ perMinute: null, perSecond: null, batchPerMinute: null, timeScale: 1 });
    expect(Array.from({ length: 1000 }, () => off.admit('r', 0, true)).every(Boolean)).toBe(true);
  });
});

describe('fault injector', () => {
  it('uses per-realm settings over the global ones and rolls against the random source', () => {
    const f = new FaultInjector(() => 0.3);
    f.update(undefined, { errorRate: 0.2 });
    f.update('r1', { errorRate: 0.5 });
    const r1 = f.settingsFor('r1');
    const r2 = f.settingsFor('r2');
    expect(f.roll(r2.errorRate, r2)).toBe(false);
    expect(f.roll(r1.errorRate, r1)).toBe(true);
    expect(f.roll(0, r1)).toBe(false);
  });

  it('aims faults at one path, at most maxFaults times', () => {
    const f = new FaultInjector(() => 0);
    const s = f.update('r', { dropAfterCommitRate: 1, path: 'taxservice', maxFaults: 2 });
    expect(f.aimsAt(s, 'taxservice/taxcode')).toBe(true);
    expect(f.aimsAt(s, 'customer')).toBe(false);
    expect([1, 2, 3].map(() => f.roll(s.dropAfterCommitRate, s))).toEqual([true, true, false]);
    expect(f.settingsFor('r').maxFaults).toBe(0);
    const unlimited = f.update('r', { maxFaults: null });
    expect([1, 2, 3].every(() => f.roll(unlimited.dropAfterCommitRate, unlimited))).toBe(true);
  });
});
