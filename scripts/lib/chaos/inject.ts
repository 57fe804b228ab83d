// The fault plan (schedule.ts) carried out on timers: each fault injected into the running stack
// and counted in the report, with a timeline line.
import type { Accountant } from './accountant';
import type { ChaosReport } from './outcome';
import { describeFault, type Fault } from './schedule';
import type { ChaosStack } from './stack';

type Log = (text: string) => void;
type Target = { stack: ChaosStack; realmId: string; report: ChaosReport; log: Log; accountant?: Accountant };

/** Schedules every fault of the plan; returns a function that cancels those still to come. */
export function scheduleFaults(plan: Array<{ atMs: number; fault: Fault }>, target: Target): () => void {
  const timers = new Set<NodeJS.Timeout>();
  for (const { atMs, fault } of plan) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      void injectFault(target, fault);
    }, atMs);
    timers.add(timer);
  }
  return () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}

async function injectFault(target: Target, fault: Fault): Promise<void> {
  const { report, log } = target;
  try {
    const line = await carryOut(target, fault);
    if (line === null) return;
    report.faults[fault.kind] += 1;
    log(line);
  } catch (error) {
    log(`${describeFault(fault)} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Injects one fault; returns its timeline line, or null when it did not count as a fault. */
async function carryOut(
  { stack, realmId, report, log, accountant }: Target,
  fault: Fault,
): Promise<string | null> {
  switch (fault.kind) {
    case 'emulator-faults': {
      const res = await stack.control('PUT', '/faults', { realmId, ...fault.faults });
      if (!res.ok) throw new Error(`emulator answered ${res.status}`);
      const { errorRate, throttleRate, dropAfterCommitRate } = fault.faults;
      if (errorRate > 0) report.faults['emulator-5xx'] += 1;
      if (throttleRate > 0) report.faults['emulator-429'] += 1;
      if (dropAfterCommitRate > 0) report.faults['emulator-drop'] += 1;
      if (errorRate + throttleRate + dropAfterCommitRate > 0) return describeFault(fault);
      log(describeFault(fault)); // a quiet window: not a fault
      return null;
    }
    case 'kill-worker': {
      const n = stack.workers.size;
      let killed = -1;
      for (let i = 0; i < n && killed < 0; i += 1)
        if (stack.workers.kill(fault.worker + i)) killed = (fault.worker + i) % n;
      if (killed >= 0) return describeFault({ kind: 'kill-worker', worker: killed });
      log(`${describeFault(fault)}: no worker is up right now; skipped`);
      return null;
    }
    case 'expire-tokens': {
      const res = await stack.control('POST', `/realms/${realmId}/expire-tokens`);
      if (!res.ok) throw new Error(`emulator answered ${res.status}`);
      return describeFault(fault);
    }
    case 'restart-temporal': {
      log(`${describeFault(fault)} ...`);
      const ms = await stack.restartTemporal();
      return `Temporal dev server back after ${(ms / 1000).toFixed(1)} s (same history file)`;
    }
    case 'drop-db-connections': {
      const n = await stack.dropDatabaseConnections();
      return `${describeFault(fault)}: ${n} connections terminated`;
    }
    case 'accountant':
      return accountant ? accountant.carryOut(fault.step) : null;
  }
}
