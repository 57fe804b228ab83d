// What a chaos run reports: the faults it injected, the traffic, how the sync settled and what the
// verification found; it starts empty and fills in as the run goes.
import type { AccountantEntry } from './accountant';
import type { Fault } from './schedule';
import type { Verification } from './verify';

export type InitialSyncStatus = {
  status: string;
  phase: string;
  entities: Record<string, { total: number; synced: number; skipped: number; failed: number }>;
};

export type ChaosReport = {
  ok: boolean;
  tenantId: string;
  elapsedMs: number;
  settleMs: number;
  /** Injected faults by kind. */
  faults: Record<Fault['kind'] | 'emulator-5xx' | 'emulator-429' | 'emulator-drop', number>;
  hooks: { sent: number; accepted: number; resent: number };
  /** What the accountant did in QuickBooks, and BPro afterwards to those records (accountant.ts). */
  accountant: AccountantEntry[];
  /** The change poller (qbo-changes:<tenant>) was running when the run settled. */
  changePoller: 'running' | 'not running' | 'unknown';
  workers: { started: number; killed: number; crashed: number };
  qbo: { requests: number; throttled: number; faultsInjected: number };
  initialSync: InitialSyncStatus | null;
  verification: Verification | null;
  /** Problems outside the verification (the sync never settled, a step failed). */
  problems: string[];
};

export function emptyReport(tenantId: string): ChaosReport {
  return {
    ok: false,
    tenantId,
    elapsedMs: 0,
    settleMs: 0,
    faults: {
      'emulator-faults': 0,
      'emulator-5xx': 0,
      'emulator-429': 0,
      'emulator-drop': 0,
      'kill-worker': 0,
      'expire-tokens': 0,
      'restart-temporal': 0,
      'drop-db-connections': 0,
      accountant: 0,
    },
    hooks: { sent: 0, accepted: 0, resent: 0 },
    accountant: [],
    changePoller: 'unknown',
    workers: { started: 0, killed: 0, crashed: 0 },
    qbo: { requests: 0, throttled: 0, faultsInjected: 0 },
    initialSync: null,
    verification: null,
    problems: [],
  };
}
