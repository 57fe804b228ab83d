// The arithmetic behind `npm run bench` (scripts/lib/bench/metrics.ts).
import { describe, expect, it } from 'vitest';
import {
  budgetRatio,
  floorRatio,
  floorWritesPerMinute,
  idealBatchedSeconds,
  minimumSeconds,
  percentile,
  plainRequestsPerMinute,
  scaleSizes,
  summarizeLatency,
} from '../../scripts/lib/bench/metrics';
import { derive, reportPaths } from '../../scripts/lib/bench/report';
import type { SyncMeasurement } from '../../scripts/lib/bench/sync-pass';

describe('bench metrics', () => {
  it('minimum time: the binding one of 500/min, 40 batch calls/min and 10/s', () => {
    expect(minimumSeconds({ all: 1000, batch: 0 })).toBe(120); // 1000 / 500 per min
    expect(minimumSeconds({ all: 100, batch: 80 })).toBe(120); // 80 / 40 per min
    expect(minimumSeconds({ all: 50, batch: 0 })).toBe(6); // 50 / 10 per s beats 50 / 500 per min
    expect(minimumSeconds({ all: 0, batch: 0 })).toBe(0);
  });

  it('ideal floor: records in full 30-item batch calls at 40 per minute', () => {
    expect(idealBatchedSeconds(1200)).toBe(60);
    expect(idealBatchedSeconds(31)).toBe(3); // 2 batch calls
  });

  it('physical floor: 40 batch calls × 30 items + the other 460 requests, 1,660 writes per minute', () => {
    expect(plainRequestsPerMinute()).toBe(460);
    expect(floorWritesPerMinute()).toBe(1660);
    expect(floorWritesPerMinute({ perMinute: 100, perSecond: 10, batchPerMinute: 10 }, 20)).toBe(290);
  });

  it('floorRatio: (records / 1,660) / QBO minutes taken', () => {
    expect(floorRatio(1660, 60)).toBeCloseTo(1);
    // issue 13's figures: 12,273 records in 29.1 QBO minutes
    expect(floorRatio(12_273, 29.1 * 60)).toBeCloseTo(0.254, 3);
    expect(floorRatio(830, 120)).toBeCloseTo(0.25);
    expect(floorRatio(100, 0)).toBe(0);
  });

  it('ratio is minimum / taken, 0 when nothing was taken', () => {
    expect(budgetRatio(90, 100)).toBeCloseTo(0.9);
    expect(budgetRatio(1, 0)).toBe(0);
  });

  it('nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unsorted
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
    expect(summarizeLatency([3, 1, 2])).toEqual({ count: 3, p50: 2, p95: 3, p99: 3, max: 3 });
  });

  it('scales sizes, keeping at least one of each kind the preset has', () => {
    expect(scaleSizes({ a: 50, b: 5000, c: 0 }, 0.01)).toEqual({ a: 1, b: 50, c: 0 });
    expect(scaleSizes({ a: 50 }, 1)).toEqual({ a: 50 });
  });
});

describe('bench pass figures (scripts/lib/bench/report.ts)', () => {
  const measured = (over: Partial<SyncMeasurement> = {}): SyncMeasurement => ({
    status: 'completed',
    entities: {},
    records: { total: 3320, synced: 3320, skipped: 0, failed: 0 },
    calls: { query: 100, read: 20, write: 110, batch: 120, batchItems: 3300, all: 350, throttled429: 0 },
    realSeconds: 40,
    worker: { cpuSeconds: 20, peakRssMiB: 300, peakReset: true },
    limiterStatements: 664,
    otherCpuSeconds: { benchProcess: 8, temporalServer: 12 },
    history: { executions: 1, events: 10, workflows: 1, spans: {} },
    ...over,
  });

  it('derives floorRatio, budgets and cores from one pass at time × 3', () => {
    // 40 s real × 3 = 2 QBO-minutes; 3,320 records = 2 minutes of the 1,660/min floor.
    const d = derive('batched', 3, measured()).derived;
    expect(d.floorRatio).toBeCloseTo(1);
    expect(d.batchItemsPerRecord).toBeCloseTo(3300 / 3320);
    expect(d.batchItemsPerBatch).toBeCloseTo(27.5);
    expect(d.plainCallsPerQboMinute).toBeCloseTo(115); // 230 plain calls in 2 QBO-minutes
    expect(d.plainBudgetUsed).toBeCloseTo(115 / 460);
    expect(d.limiterStatementsPerRecord).toBeCloseTo(0.2);
    expect(d.workerCores).toBeCloseTo(0.5);
    expect(d.stackCores).toBeCloseTo(1);
  });

  it('reports null where the worker or the Temporal server gave no count', () => {
    const d = derive(
      'naive',
      1,
      measured({ limiterStatements: null, otherCpuSeconds: { benchProcess: 1, temporalServer: null } }),
    ).derived;
    expect(d.limiterStatementsPerRecord).toBeNull();
    expect(d.stackCores).toBeNull();
    expect(d.floorRatio).toBeCloseTo(3320 / 1660 / (40 / 60));
  });

  it('writes to a directory or beside a .json file', () => {
    expect(reportPaths('/tmp/x.json')).toEqual({ json: '/tmp/x.json', md: '/tmp/x.md' });
    expect(reportPaths('docs/benchmarks')).toEqual({
      json: 'docs/benchmarks/latest.json',
      md: 'docs/benchmarks/latest.md',
    });
  });
});
