// Per-realm rate limits as sliding windows: requests per second and per minute, batch calls per
// minute. `timeScale` > 1 shrinks the windows so benchmarks can run faster than real time.
export interface LimitSettings {
  perMinute: number | null;
  perSecond: number | null;
  batchPerMinute: number | null;
  timeScale: number;
}

interface Windows {
  second: number[];
  minute: number[];
  batch: number[];
}

function prune(log: number[], now: number, windowMs: number): void {
  let i = 0;
  while (i < log.length && (log[i] as number) <= now - windowMs) i++;
  if (i > 0) log.splice(0, i);
}

export class RateLimiter {
  private readonly realms = new Map<string, Windows>();

  constructor(public settings: LimitSettings) {}

  /** Records the request and returns true if it is within the limits; false means 429. */
  admit(realmId: string, now: number, isBatch: boolean): boolean {
    const s = this.settings;
    let w = this.realms.get(realmId);
    if (!w) {
      w = { second: [], minute: [], batch: [] };
      this.realms.set(realmId, w);
    }
    const sec = 1000 / s.timeScale;
    const min = 60_000 / s.timeScale;
    prune(w.second, now, sec);
    prune(w.minute, now, min);
    prune(w.batch, now, min);
    if (s.perSecond !== null && w.second.length >= s.perSecond) return false;
    if (s.perMinute !== null && w.minute.length >= s.perMinute) return false;
    if (isBatch && s.batchPerMinute !== null && w.batch.length >= s.batchPerMinute) return false;
    if (s.perSecond !== null) w.second.push(now);
    if (s.perMinute !== null) w.minute.push(now);
    if (isBatch && s.batchPerMinute !== null) w.batch.push(now);
    return true;
  }

  reset(): void {
    this.realms.clear();
  }
}
