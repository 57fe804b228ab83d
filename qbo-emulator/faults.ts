// Fault injection: random 5xx, random 429, added latency and commit-then-drop (the write is
// stored, then the socket is destroyed so the client never sees the answer). Global settings with
// optional per-realm overrides. `path` and `maxFaults` aim faults at one endpoint a set number
// of times (e.g. lose the answer of the first TaxService create only).
export interface FaultSettings {
  errorRate: number;
  throttleRate: number;
  dropAfterCommitRate: number;
  latencyMs: number;
  /** Faults hit only requests whose path after `/v3/company/{realmId}/` starts with this. */
  path: string | null;
  /** Faults left to inject under these settings (null: no limit); counts down per fault. */
  maxFaults: number | null;
}

export const NO_FAULTS: FaultSettings = {
  errorRate: 0,
  throttleRate: 0,
  dropAfterCommitRate: 0,
  latencyMs: 0,
  path: null,
  maxFaults: null,
};

export class FaultInjector {
  global: FaultSettings = { ...NO_FAULTS };
  readonly perRealm = new Map<string, FaultSettings>();

  constructor(private readonly random: () => number) {}

  settingsFor(realmId: string): FaultSettings {
    return this.perRealm.get(realmId) ?? this.global;
  }

  update(realmId: string | undefined, patch: Partial<FaultSettings>): FaultSettings {
    const base = realmId === undefined ? this.global : this.settingsFor(realmId);
    const next = { ...base, ...patch };
    if (realmId === undefined) this.global = next;
    else this.perRealm.set(realmId, next);
    return next;
  }

  /** Whether faults may hit a request of this path under `settings`. */
  aimsAt(settings: FaultSettings, path: string): boolean {
    return settings.path === null || path.startsWith(settings.path);
  }

  /** Rolls the dice for one fault of `rate`; a hit spends one of `settings.maxFaults`. */
  roll(rate: number, settings: FaultSettings): boolean {
    if (settings.maxFaults !== null && settings.maxFaults <= 0) return false;
    const hit = rate > 0 && this.random() < rate;
    if (hit && settings.maxFaults !== null) settings.maxFaults--;
    return hit;
  }

  reset(): void {
    this.global = { ...NO_FAULTS };
    this.perRealm.clear();
  }
}
