// Pure arithmetic of `npm run bench`: the minimum time QuickBooks' limits allow for the calls a
// run made, the ratio to the time it took, the ideal floor of a fully batched sync, the physical
// floor (floorRatio), and latency percentiles. No I/O, so it is unit-tested
// (tests/unit/bench-metrics.test.ts).
import { QBO_LIMITS, type QboLimits } from '../../../activities/qbo/rate-limits';

/** Calls a run made, as the emulator counted those it admitted. */
export type CallCounts = { all: number; batch: number };

/**
 * The least time, in QBO seconds (emulated, i.e. after the time scale), that QBO's per-realm
 * limits allow for these calls: max(all / 500 per minute, batch / 40 per minute, all / 10 per
 * second).
 */
export function minimumSeconds(calls: CallCounts, limits: QboLimits = QBO_LIMITS): number {
  return Math.max(
    (calls.all / limits.perMinute) * 60,
    (calls.batch / limits.batchPerMinute) * 60,
    calls.all / limits.perSecond,
  );
}

/**
 * The floor for `records` if each were one item of a full batch (`batchSize` items a call) and
 * nothing else were called: the limit to compare designs with, not a target a sync can reach
 * (it needs match queries, dependencies and reads too).
 */
export function idealBatchedSeconds(records: number, batchSize = 30, limits: QboLimits = QBO_LIMITS): number {
  const batches = Math.ceil(records / batchSize);
  return minimumSeconds({ all: batches, batch: batches }, limits);
}

/**
 * Writes a company can take per QBO minute at most, if every request carried a write:
 * 40 batch calls × 30 items + the other 460 requests one write each = 1,660 (issue 13).
 */
export function floorWritesPerMinute(limits: QboLimits = QBO_LIMITS, batchSize = 30): number {
  return limits.batchPerMinute * batchSize + plainRequestsPerMinute(limits);
}

/** The requests per minute left for plain (non-batch) calls when every batch call is made. */
export function plainRequestsPerMinute(limits: QboLimits = QBO_LIMITS): number {
  return limits.perMinute - limits.batchPerMinute;
}

/**
 * (records / 1,660) / QBO minutes taken: 1 = the physical floor QBO's limits allow, whatever
 * calls the sync chose to make. 0 when no time was taken.
 */
export function floorRatio(records: number, takenQboSeconds: number, limits: QboLimits = QBO_LIMITS): number {
  if (takenQboSeconds <= 0) return 0;
  return records / floorWritesPerMinute(limits) / (takenQboSeconds / 60);
}

/** minimum / actual (1 = QBO's budget was busy the whole time). */
export function budgetRatio(minimum: number, actual: number): number {
  return actual > 0 ? minimum / actual : 0;
}

/** Nearest-rank percentile (p in 0..100) of the values; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export type LatencySummary = {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
};

export function summarizeLatency(ms: readonly number[]): LatencySummary {
  return {
    count: ms.length,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    max: ms.length === 0 ? null : Math.max(...ms),
  };
}

/** Sizes scaled by `scale` (each at least 1 where the preset has any). */
export function scaleSizes<T extends Record<string, number>>(sizes: T, scale: number): T {
  return Object.fromEntries(
    Object.entries(sizes).map(([k, v]) => [k, v === 0 ? 0 : Math.max(1, Math.round(v * scale))]),
  ) as T;
}
