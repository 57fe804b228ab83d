// Fault injection: random 5xx, random 429, added latency and commit-then-drop (the write is
// stored, then the socket is destroyed so the client never sees the answer). Global settings with
// optional per-realm overrides.
export interface FaultSettings {
  errorRate: number;
  throttleRate: number;
  dropAfterCommitRate: number;
  latencyMs: number;
}

export const NO_FAULTS: FaultSettings = {
  errorRate: 0,
  throttleRate: 0,
  dropAfterCommitRate: 0,
  latencyMs: 0,
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

  roll(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  reset(): void {
    this.global = { ...NO_FAULTS };
    this.perRealm.clear();
  }
}
