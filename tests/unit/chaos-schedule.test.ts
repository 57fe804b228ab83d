// The chaos run's fault plan (scripts/lib/chaos/schedule.ts): reproducible from its seed, every
// kind of fault at least once, one Temporal restart, a quiet emulator at the end, and an
// accountant deleting, voiding and editing synced documents (then BPro changing some of them).
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

  it.each([20_000, 180_000])('has the accountant act a handful of times within %i ms', (durationMs) => {
    const steps = buildFaultSchedule({ ...options, durationMs }).flatMap((p) =>
      p.fault.kind === 'accountant' ? [{ atMs: p.atMs, step: p.fault.step }] : [],
    );
    const own = steps.flatMap(({ atMs, step }) => (step.by === 'accountant' ? [{ atMs, ...step }] : []));
    const bpro = steps.flatMap(({ atMs, step }) => (step.by === 'bpro' ? [{ atMs, ...step }] : []));
    const acts = (act: string) => own.filter((s) => s.act === act);
    expect(acts('delete').length).toBeGreaterThanOrEqual(3);
    expect(acts('void').length).toBeGreaterThanOrEqual(3);
    expect(acts('edit').length).toBeGreaterThanOrEqual(3);
    for (const s of acts('void')) expect(['invoice', 'payment']).toContain(s.entity);
    expect([...new Set(own.map((s) => s.entity))].sort()).toEqual(['invoice', 'payment', 'refund']);
    // In QuickBooks over 20–80 % of the run; BPro's changes to those records after the first of them.
    for (const s of own) {
      expect(s.atMs).toBeGreaterThanOrEqual(durationMs * 0.2);
      expect(s.atMs).toBeLessThan(durationMs * 0.8);
    }
    expect(bpro.map((s) => s.act).sort()).toEqual(['edit', 'edit', 'edit', 'retire', 'retire']);
    const firstOwn = Math.min(...own.map((s) => s.atMs));
    for (const s of bpro) {
      expect(s.atMs).toBeGreaterThan(firstOwn);
      expect(s.atMs).toBeLessThan(durationMs * 0.92);
    }
    for (const { step } of steps) {
      expect(step.pick).toBeGreaterThanOrEqual(0);
      expect(step.pick).toBeLessThan(1);
    }
  });

  it('describes each fault in one line', () => {
    expect(describeFault({ kind: 'kill-worker', worker: 0 })).toBe('SIGKILL worker #1');
    expect(
      describeFault({
        kind: 'emulator-faults',
        faults: { errorRate: 0.1, throttleRate: 0, dropAfterCommitRate: 0.05 },
      }),
    ).toBe('QBO emulator: 5xx 10%, 429 0%, commit-then-drop 5%');
    expect(
      describeFault({
        kind: 'accountant',
        step: { by: 'accountant', act: 'void', entity: 'payment', pick: 0.5 },
      }),
    ).toBe('accountant: void a synced payment in QuickBooks');
  });
});
