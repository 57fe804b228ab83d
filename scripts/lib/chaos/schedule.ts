// The chaos run's fault plan: a list of timed faults drawn from a seed, so one seed always gives
// the same timeline. Pure (no clock, no I/O); run.ts carries it out.
import { Random } from '../../../db/bpro-generator/random';
import { accountantPlan, describeStep, type AccountantStep } from './accountant-plan';

export type EmulatorFaults = { errorRate: number; throttleRate: number; dropAfterCommitRate: number };

export type Fault =
  | { kind: 'emulator-faults'; faults: EmulatorFaults }
  | { kind: 'kill-worker'; worker: number }
  | { kind: 'expire-tokens' }
  | { kind: 'restart-temporal' }
  | { kind: 'drop-db-connections' }
  /** Someone working in QuickBooks (accountant-plan.ts), or BPro changing what they touched. */
  | { kind: 'accountant'; step: AccountantStep };

export type TimedFault = { atMs: number; fault: Fault };

export type ScheduleOptions = {
  seed: number;
  durationMs: number;
  workers: number;
  /** Mean gap between worker kills. */
  killEveryMs: number;
  /** Mean length of one emulator fault window. */
  faultWindowMs: number;
};

const NONE: EmulatorFaults = { errorRate: 0, throttleRate: 0, dropAfterCommitRate: 0 };

/** A gap around `mean`: uniform in [mean/2, 3·mean/2]. */
const around = (random: Random, mean: number) => Math.round(mean / 2 + random.next() * mean);

/**
 * The plan for one run. Every kind of fault happens at least once: emulator fault windows
 * (5xx, 429 and commit-then-drop, alone and mixed, with quiet gaps), worker SIGKILLs, token
 * expiries, exactly one Temporal restart (in the middle third) and three drops of the service's
 * database connections. The emulator is quiet again at the end. An accountant deletes, voids and
 * edits synced documents in QuickBooks meanwhile, and BPro later changes some of those records.
 */
export function buildFaultSchedule(options: ScheduleOptions): TimedFault[] {
  const random = new Random(`chaos/${options.seed}`);
  const { durationMs } = options;
  const plan: TimedFault[] = [];

  const windows = random.fork('windows');
  const kinds: Array<keyof EmulatorFaults | 'mixed' | 'quiet'> = [
    'errorRate',
    'throttleRate',
    'dropAfterCommitRate',
    'mixed',
    'quiet',
  ];
  let turn = 0;
  for (let at = around(windows, options.faultWindowMs / 2); at < durationMs; turn += 1) {
    // The first three windows cover each fault kind alone; then any mix.
    const kind = turn < 3 ? kinds[turn] : windows.pick(kinds);
    const rate = () => Math.round((0.05 + windows.next() * 0.15) * 100) / 100;
    let faults: EmulatorFaults = NONE;
    if (kind === 'mixed') faults = { errorRate: rate(), throttleRate: rate(), dropAfterCommitRate: rate() };
    else if (kind && kind !== 'quiet') faults = { ...NONE, [kind]: rate() };
    plan.push({ atMs: at, fault: { kind: 'emulator-faults', faults } });
    at += around(windows, options.faultWindowMs);
  }
  plan.push({ atMs: durationMs, fault: { kind: 'emulator-faults', faults: NONE } });

  const kills = random.fork('kills');
  // The first kill comes early, while the initial sync is surely still running.
  for (
    let at = around(kills, options.killEveryMs / 2);
    at < durationMs;
    at += around(kills, options.killEveryMs)
  ) {
    plan.push({ atMs: at, fault: { kind: 'kill-worker', worker: kills.int(0, options.workers - 1) } });
  }

  const once = random.fork('once');
  const between = (from: number, to: number) => Math.round(durationMs * (from + once.next() * (to - from)));
  plan.push({ atMs: between(0.35, 0.6), fault: { kind: 'restart-temporal' } });
  // Dropped connections: one early, while the initial sync is busiest, then two more.
  plan.push({ atMs: between(0.05, 0.15), fault: { kind: 'drop-db-connections' } });
  plan.push({ atMs: between(0.3, 0.45), fault: { kind: 'drop-db-connections' } });
  plan.push({ atMs: between(0.7, 0.9), fault: { kind: 'drop-db-connections' } });
  plan.push({ atMs: between(0.05, 0.25), fault: { kind: 'expire-tokens' } });
  plan.push({ atMs: between(0.6, 0.95), fault: { kind: 'expire-tokens' } });
  for (const { atMs, step } of accountantPlan(random.fork('accountant'), durationMs))
    plan.push({ atMs, fault: { kind: 'accountant', step } });

  return plan.sort((a, b) => a.atMs - b.atMs);
}

/** One line of the timeline for a fault. */
export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'emulator-faults': {
      const { errorRate, throttleRate, dropAfterCommitRate } = fault.faults;
      if (errorRate + throttleRate + dropAfterCommitRate === 0) return 'QBO emulator: no injected faults';
      const pct = (n: number) => `${Math.round(n * 100)}%`;
      return `QBO emulator: 5xx ${pct(errorRate)}, 429 ${pct(throttleRate)}, commit-then-drop ${pct(dropAfterCommitRate)}`;
    }
    case 'kill-worker':
      return `SIGKILL worker #${fault.worker + 1}`;
    case 'expire-tokens':
      return "expire the realm's access tokens";
    case 'restart-temporal':
      return 'restart the Temporal dev server';
    case 'drop-db-connections':
      return "terminate the service's PostgreSQL connections (pg_terminate_backend)";
    case 'accountant':
      return describeStep(fault.step);
  }
}
