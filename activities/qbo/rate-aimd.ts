// What a 429 does to a realm's limits (AIMD: additive increase, multiplicative decrease), as pure
// arithmetic over the per-realm state in qbo_sync.rate_limit_realms. Another app connected to the
// same company shares QBO's per-realm limits without telling us; cutting our rate on each 429 and
// raising it slowly learns its share instead of colliding with it every window, and a short
// pause (doubling only while 429s keep coming) costs seconds where QBO's suggested 60 s wait
// stopped every worker of the company for a minute.
//
// - Pause: QBO's Retry-After when it sends one; else `basePauseMs` (1 s), doubled (≤ 60 s) when
//   this 429 came soon after the previous pause ended (within that pause's length, and at least
//   `continueMs`, 5 s, as a call resumed after a pause may take a few seconds to be answered).
// - Rate: the buckets refill at `factor` × their rate. Each 429 multiplies it by `decrease` (0.7,
//   never below `floor` = 10 % of QBO's limits); from the end of the pause it grows back linearly,
//   from the floor to 100 % in `recoverSeconds` (120 s): from 70 % that is 40 s without a 429.
// - One episode, one cut: a 429 that arrives while the pause it caused is in force answers a
//   call sent before that pause (calls wait for tokens during it), so it neither cuts nor grows.
// Real-time numbers are QBO-time divided by the time scale (benchmarks run QBO's windows faster).

export type AimdPolicy = {
  basePauseMs: number;
  maxPauseMs: number;
  /** Factor kept on each 429. */
  decrease: number;
  /** Lowest factor: a share of QBO's limits. */
  floor: number;
  /** Factor regained per millisecond without a 429. */
  increasePerMs: number;
  /** A 429 this soon after a pause ended (or within the pause's length) means 429s continue. */
  continueMs: number;
};

export type AimdSettings = {
  basePauseSeconds?: number;
  maxPauseSeconds?: number;
  decrease?: number;
  floor?: number;
  /** From the floor back to 100 %, in QBO-time seconds. */
  recoverSeconds?: number;
  continueSeconds?: number;
};

/** The policy in real time, for an emulator running QBO's windows `timeScale` times faster. */
export function aimdPolicy(settings: AimdSettings = {}, timeScale = 1): AimdPolicy {
  const floor = settings.floor ?? 0.1;
  const recoverSeconds = settings.recoverSeconds ?? 120;
  return {
    basePauseMs: ((settings.basePauseSeconds ?? 1) * 1000) / timeScale,
    maxPauseMs: ((settings.maxPauseSeconds ?? 60) * 1000) / timeScale,
    decrease: settings.decrease ?? 0.7,
    floor,
    increasePerMs: ((1 - floor) / (recoverSeconds * 1000)) * timeScale,
    continueMs: ((settings.continueSeconds ?? 5) * 1000) / timeScale,
  };
}

/** A realm's row (times in ms since the epoch, by the database's clock; `factorAtMs` may be ahead). */
export type AimdState = {
  factor: number;
  factorAtMs: number;
  pauseMs: number;
  throttledAtMs: number | null;
};

export const FULL_RATE: AimdState = { factor: 1, factorAtMs: 0, pauseMs: 0, throttledAtMs: null };

/** The factor in force at `nowMs`. (rate-limits.ts computes the same in SQL on every take.) */
export function factorAt(state: AimdState, nowMs: number, policy: AimdPolicy): number {
  return Math.min(1, state.factor + Math.max(0, nowMs - state.factorAtMs) * policy.increasePerMs);
}

export type ThrottleVerdict = {
  state: AimdState;
  /** How long from now nobody calls the realm (real ms). */
  pauseMs: number;
  /** A new episode: the rate was cut (false: a late answer to a call sent before the pause). */
  fresh: boolean;
};

/** The realm's state after a 429 at `nowMs`; `retryAfterMs` is QBO's Retry-After, if sent. */
export function afterThrottle(
  state: AimdState,
  nowMs: number,
  policy: AimdPolicy,
  retryAfterMs?: number,
): ThrottleVerdict {
  const last = state.throttledAtMs;
  const pauseEnds = last === null ? -Infinity : last + state.pauseMs;
  if (last !== null && nowMs < pauseEnds) {
    const remaining = pauseEnds - nowMs;
    if (retryAfterMs === undefined || retryAfterMs <= remaining)
      return { state, pauseMs: remaining, fresh: false };
    // QBO asks for longer than the pause in force: extend it, without a second cut.
    return {
      state: { ...state, factorAtMs: nowMs + retryAfterMs, pauseMs: nowMs + retryAfterMs - last },
      pauseMs: retryAfterMs,
      fresh: false,
    };
  }
  const continuing = last !== null && nowMs < pauseEnds + Math.max(state.pauseMs, policy.continueMs);
  const grown = continuing ? Math.min(policy.maxPauseMs, state.pauseMs * 2) : policy.basePauseMs;
  const pauseMs = retryAfterMs ?? grown;
  return {
    state: {
      factor: Math.max(policy.floor, factorAt(state, nowMs, policy) * policy.decrease),
      // Recovery starts when calls do.
      factorAtMs: nowMs + pauseMs,
      pauseMs,
      throttledAtMs: nowMs,
    },
    pauseMs,
    fresh: true,
  };
}
