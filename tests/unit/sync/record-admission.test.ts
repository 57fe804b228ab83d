// A record sync's admission in a worker (activities/sync/record-admission.ts), the workflow's
// wait between deferred attempts (workflows/record-deferral.ts) and the worker's tuning settings.
import { describe, expect, it } from 'vitest';
import {
  admitRecordSync,
  BUSY_RETRY_MS,
  deferWhenPaced,
  TenantSlots,
} from '../../../activities/sync/record-admission';
import { QboError } from '../../../activities/qbo/errors';
import { defaultWorkerTuning } from '../../../config/temporal';
import { loadWorkerConfig } from '../../../worker/config';
import { tunedOptions } from '../../../worker/create-worker';
import { deferralDelayMs, type RecordDeferral } from '../../../workflows/record-deferral';

const synced = { status: 'synced' as const, qboId: '1' };

describe('per-tenant cap on record syncs in one worker', () => {
  it('runs up to the cap per tenant, defers the next at once, and frees the slot when one ends', async () => {
    const slots = new TenantSlots(2);
    const gates: Array<() => void> = [];
    const held = () =>
      admitRecordSync(slots, 'a', () => new Promise((resolve) => gates.push(() => resolve(synced))));
    const first = held();
    const second = held();
    expect(slots.runningFor('a')).toBe(2);
    await expect(admitRecordSync(slots, 'a', () => Promise.resolve(synced))).resolves.toEqual({
      status: 'deferred',
      reason: 'tenant_busy',
      retryInMs: BUSY_RETRY_MS,
    });
    // Another tenant is not affected by a's burst.
    await expect(admitRecordSync(slots, 'b', () => Promise.resolve(synced))).resolves.toEqual(synced);
    gates.shift()?.();
    await expect(first).resolves.toEqual(synced);
    expect(slots.runningFor('a')).toBe(1);
    await expect(admitRecordSync(slots, 'a', () => Promise.resolve(synced))).resolves.toEqual(synced);
    gates.shift()?.();
    await second;
    expect(slots.runningFor('a')).toBe(0);
  });

  it('frees the slot when the sync throws', async () => {
    const slots = new TenantSlots(1);
    await expect(admitRecordSync(slots, 'a', () => Promise.reject(new Error('db down')))).rejects.toThrow(
      'db down',
    );
    expect(slots.runningFor('a')).toBe(0);
  });
});

describe('long limiter waits become a deferral', () => {
  it("turns our limiter's throttle (no HTTP status) into a deferral with its delay", async () => {
    const paced = new QboError({ type: 'throttled', message: 'wait', retryAfterMs: 42_000 });
    await expect(deferWhenPaced(() => Promise.reject(paced))).resolves.toEqual({
      status: 'deferred',
      reason: 'throttled',
      retryInMs: 42_000,
    });
  });

  it("leaves QuickBooks' own 429 and other failures to Temporal's retries", async () => {
    const answered429 = new QboError({ type: 'throttled', message: '429', status: 429, retryAfterMs: 1000 });
    await expect(deferWhenPaced(() => Promise.reject(answered429))).rejects.toBe(answered429);
    const outage = new QboError({ type: 'upstream_unavailable', message: '503', status: 503 });
    await expect(deferWhenPaced(() => Promise.reject(outage))).rejects.toBe(outage);
    await expect(deferWhenPaced(() => Promise.resolve(synced))).resolves.toEqual(synced);
  });
});

describe("the workflow's wait between deferred attempts", () => {
  const busy: RecordDeferral = { status: 'deferred', reason: 'tenant_busy', retryInMs: 1000 };
  const throttled: RecordDeferral = { status: 'deferred', reason: 'throttled', retryInMs: 7000 };

  it('doubles for a busy tenant up to 30 s, with up to +50 % jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => deferralDelayMs(busy, n, 0))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(deferralDelayMs(busy, 1, 0.999)).toBe(1500);
  });

  it("follows the limiter's estimate when throttled, bounded to 5 minutes and at least 250 ms", () => {
    expect(deferralDelayMs(throttled, 3, 0)).toBe(7000);
    expect(deferralDelayMs({ ...throttled, retryInMs: 3_600_000 }, 1, 0)).toBe(300_000);
    expect(deferralDelayMs({ ...throttled, retryInMs: 0 }, 1, 0)).toBe(250);
  });
});

describe('worker tuning', () => {
  it('has documented defaults and reads the environment', () => {
    expect(loadWorkerConfig({}).temporal.worker).toEqual(defaultWorkerTuning);
    const tuned = loadWorkerConfig({
      TEMPORAL_ACTIVITY_SLOTS: '50',
      TEMPORAL_WORKFLOW_TASK_SLOTS: '20',
      TEMPORAL_MAX_CACHED_WORKFLOWS: '10',
      RECORD_SYNCS_PER_TENANT: '3',
      WORKER_HEAP_GROWING_PERCENT: '0',
    }).temporal.worker;
    expect(tuned).toEqual({
      activitySlots: 50,
      workflowTaskSlots: 20,
      maxCachedWorkflows: 10,
      recordSyncsPerTenant: 3,
      heapGrowingPercent: 0,
    });
    // Workflow task slots never exceed the cache (the SDK's rule).
    expect(tunedOptions(tuned!)).toEqual({
      maxConcurrentActivityTaskExecutions: 50,
      maxConcurrentWorkflowTaskExecutions: 10,
      maxCachedWorkflows: 10,
    });
  });

  it('refuses a cap below 1', () => {
    expect(() => loadWorkerConfig({ RECORD_SYNCS_PER_TENANT: '0' })).toThrow(/RECORD_SYNCS_PER_TENANT/);
  });
});
