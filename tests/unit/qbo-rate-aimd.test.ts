import { describe, expect, it } from 'vitest';
import {
  afterThrottle,
  aimdPolicy,
  factorAt,
  FULL_RATE,
  type AimdState,
} from '../../activities/qbo/rate-aimd';
import { bucketSpecs, HOOK_RESERVE } from '../../activities/qbo/rate-limits';

describe('AIMD after 429s (rate-aimd.ts)', () => {
  const policy = aimdPolicy();

  it('a first 429 without Retry-After pauses 1 s and cuts the rate to 70 %', () => {
    const v = afterThrottle(FULL_RATE, 1_000_000, policy);
    expect(v).toMatchObject({ pauseMs: 1_000, fresh: true });
    // The rate starts to recover when the pause ends.
    expect(v.state).toEqual({ factor: 0.7, factorAtMs: 1_001_000, pauseMs: 1_000, throttledAtMs: 1_000_000 });
    expect(factorAt(v.state, 1_001_000, policy)).toBe(0.7);
  });

  it('honours Retry-After as the pause, still cutting the rate', () => {
    const v = afterThrottle(FULL_RATE, 5_000, policy, 7_000);
    expect(v.pauseMs).toBe(7_000);
    expect(v.state.factor).toBeCloseTo(0.7);
  });

  it('doubles the pause (up to 60 s) only while 429s keep coming', () => {
    let state: AimdState = FULL_RATE;
    let now = 0;
    const pauses: number[] = [];
    for (let i = 0; i < 9; i += 1) {
      const v = afterThrottle(state, now, policy);
      pauses.push(v.pauseMs);
      state = v.state;
      now += v.pauseMs + 10; // the first call after the pause is refused again
    }
    expect(pauses).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    // Then calm for longer than a pause after it ended: the next 429 pauses 1 s again.
    expect(afterThrottle(state, now + 60_000 + 60_001, policy).pauseMs).toBe(1_000);
    // After a short pause, a 429 within 5 s of its end still counts as continuing (a slow answer).
    const once = afterThrottle(FULL_RATE, 0, policy).state;
    expect(afterThrottle(once, 1_000 + 4_900, policy).pauseMs).toBe(2_000);
    expect(afterThrottle(once, 1_000 + 5_100, policy).pauseMs).toBe(1_000);
  });

  it('counts a burst of late answers (during the pause) once', () => {
    const first = afterThrottle(FULL_RATE, 0, policy);
    const late = afterThrottle(first.state, 300, policy);
    expect(late).toEqual({ state: first.state, pauseMs: 700, fresh: false });
    // A longer Retry-After on a late answer extends the pause without a second cut.
    const longer = afterThrottle(first.state, 300, policy, 5_000);
    expect(longer).toMatchObject({ pauseMs: 5_000, fresh: false });
    expect(longer.state).toMatchObject({ factor: 0.7, factorAtMs: 5_300, pauseMs: 5_300, throttledAtMs: 0 });
  });

  it('cuts multiplicatively to a floor of 10 %, then recovers linearly to 100 % in two minutes', () => {
    let state: AimdState = FULL_RATE;
    let now = 0;
    for (let i = 0; i < 8; i += 1) {
      const v = afterThrottle(state, now, policy);
      state = v.state;
      now += v.pauseMs + 10;
    }
    // 0.7⁷ ≈ 0.08: the floor (no recovery during the pauses, 10 ms after each).
    expect(state.factor).toBe(0.1);
    expect(afterThrottle(state, now, policy).state.factor).toBe(0.1);
    const at = state.factorAtMs;
    expect(factorAt(state, at + 60_000, policy)).toBeCloseTo(0.55);
    expect(factorAt(state, at + 120_000, policy)).toBe(1);
    // From 70 %: 40 s after the 1 s pause back to full.
    const once = afterThrottle(FULL_RATE, 0, policy).state;
    expect(factorAt(once, 21_000, policy)).toBeCloseTo(0.85);
    expect(factorAt(once, 41_000, policy)).toBeCloseTo(1);
    // A cut applies to the rate reached so far, not the stored one.
    expect(afterThrottle(once, 21_000, policy).state.factor).toBeCloseTo(0.85 * 0.7);
  });

  it('runs in QBO time: an emulator 10× faster pauses 100 ms and recovers in 12 s', () => {
    const fast = aimdPolicy({}, 10);
    expect(afterThrottle(FULL_RATE, 0, fast).pauseMs).toBe(100);
    expect(fast.continueMs).toBe(500);
    expect(factorAt({ ...FULL_RATE, factor: 0.1 }, 12_000, fast)).toBeCloseTo(1);
    expect(factorAt({ ...FULL_RATE, factor: 0.1 }, 6_000, fast)).toBeCloseTo(0.55);
    expect(aimdPolicy({ recoverSeconds: 30, floor: 0.2, basePauseSeconds: 2 }).basePauseMs).toBe(2_000);
  });
});

describe('hook reserve (rate-limits.ts)', () => {
  it('leaves QBO’s steady rate to bulk: the reserve fits in the per-minute bucket without lowering its refill', () => {
    const [minute, second] = bucketSpecs().request;
    expect(minute).toMatchObject({ capacity: 1.5 + HOOK_RESERVE, reserve: HOOK_RESERVE });
    expect(minute?.refillPerSecond).toBeCloseTo((490 - 6.5) / 60);
    // Bulk needs 1 + R ≤ C, with room left over so a late caller loses no refill to the cap.
    expect(1 + HOOK_RESERVE).toBeLessThan(minute?.capacity ?? 0);
    expect(second).toMatchObject({ capacity: 1.5 });
    expect(second?.reserve).toBeUndefined();
    expect(bucketSpecs(undefined, 0.02, 1, 0).request[0]).toMatchObject({ capacity: 10 });
    // The per-second bucket refills faster than the per-minute one binds: it is full when a hook comes.
    expect(second?.refillPerSecond ?? 0).toBeGreaterThan(minute?.refillPerSecond ?? Infinity);
  });

  it('grows a small limit’s bucket to hold the reserve, keeping C + r·T within the limit', () => {
    const [minute] = bucketSpecs({ perMinute: 60, perSecond: 5, batchPerMinute: 6 }, 0.02, 1, 3).request;
    expect(minute?.capacity).toBe(4.5);
    expect((minute?.capacity ?? 0) + (minute?.refillPerSecond ?? 0) * 60).toBeCloseTo(60 * 0.98);
  });
});
