// The chaos run's fault plan (scripts/lib/chaos/schedule.ts): reproducible from its seed, every
// kind of fault at least once, one Temporal restart, and a quiet emulator at the end.
import { describe, expect, it } from 'vitest';
import { buildFaultSchedule, describeFault, type Fault } from '../../scripts/lib/chaos/schedule';

const options = { seed: 42, durationMs: 180_000, workers: 2, killEveryMs: 15_000, faultWindowMs: 15_000 };
const kinds = (plan: ReturnType<typeof buildFaultSchedule>, kind: Fault['kind']) =>
  plan.filter((p) => p.fault.kind === kind);

describe('the chaos fault plan', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(buildFaultSchedule(options)).toEqual(buildFaultSchedule(options));
    expect(buildFaultSchedule({ ...options, seed: 43 })).not.toEqual(buildFaultSchedule(options));
  });

  it.each([20_000, 60_000, 180_000])('covers every kind of fault within %i ms', (durationMs) => {
    const plan = buildFaultSchedule({
      ...options,
      durationMs,
      killEveryMs: durationMs / 6,
      faultWindowMs: durationMs / 8,
    });
    expect(plan.map((p) => p.atMs)).toEqual([...plan.map((p) => p.atMs)].sort((a, b) => a - b));
    expect(plan.every((p) => p.atMs >= 0 && p.atMs <= durationMs)).toBe(true);

    const restarts = kinds(plan, 'restart-temporal');
    expect(restarts).toHaveLength(1);
    expect(restarts[0]?.atMs).toBeGreaterThanOrEqual(durationMs * 0.35);
    expect(restarts[0]?.atMs).toBeLessThanOrEqual(durationMs * 0.6);
    expect(kinds(plan, 'drop-db-connections').length).toBeGreaterThan(0);
    expect(kinds(plan, 'expire-tokens').length).toBeGreaterThan(0);
    const killed = kinds(plan, 'kill-worker');
    expect(killed.length).toBeGreaterThan(0);
    for (const k of killed) if (k.fault.kind === 'kill-worker') expect([0, 1]).toContain(k.fault.worker);

    const windows = kinds(plan, 'emulator-faults').map((p) =>
      p.fault.kind === 'emulator-faults' ? p.fault.faults : null,
    );
    expect(windows.some((w) => (w?.errorRate ?? 0) > 0)).toBe(true);
    expect(windows.some((w) => (w?.throttleRate ?? 0) > 0)).toBe(true);
    expect(windows.some((w) => (w?.dropAfterCommitRate ?? 0) > 0)).toBe(true);
    expect(windows.at(-1)).toEqual({ errorRate: 0, throttleRate: 0, dropAfterCommitRate: 0 });
    expect(plan.at(-1)?.atMs).toBe(durationMs);
  });

  it('describes each fault in one line', () => {
    expect(describeFault({ kind: 'kill-worker', worker: 0 })).toBe('SIGKILL worker #1');
    expect(
      describeFault({
        kind: 'emulator-faults',
        faults: { errorRate: 0.1, throttleRate: 0, dropAfterCommitRate: 0.05 },
      }),
    ).toBe('QBO emulator: 5xx 10%, 429 0%, commit-then-drop 5%');
  });
});
