// The kinds a company had none of when its initial sync started (activities/sync/snapshot.ts):
// vouched for only while that sync runs, and for at most 24 hours after it started.
import { describe, expect, it } from 'vitest';
import { nameKey, skuKey } from '../../activities/sync/lookups';
import { emptyWhileInitialSyncRuns, itemsWhileInitialSyncRuns } from '../../activities/sync/snapshot';

const HOUR = 60 * 60 * 1000;
const now = Date.parse('2025-06-01T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now - hours * HOUR);

/** An initial sync started an hour ago, still running, with the company empty of all three kinds. */
const running = {
  initialSyncStartedAt: hoursAgo(1),
  initialSyncCompletedAt: null,
  emptyAtStart: ['Customer', 'Item', 'Invoice'],
};

describe('empty at start', () => {
  it('gives the saved kinds while the initial sync runs', () => {
    expect(emptyWhileInitialSyncRuns(running, now)).toEqual(['Customer', 'Item', 'Invoice']);
    expect(emptyWhileInitialSyncRuns({ ...running, emptyAtStart: ['Item'] }, now)).toEqual(['Item']);
    expect(emptyWhileInitialSyncRuns({ ...running, initialSyncStartedAt: new Date(now) }, now)).toEqual([
      'Customer',
      'Item',
      'Invoice',
    ]);
  });

  it('nothing without settings or saved kinds', () => {
    expect(emptyWhileInitialSyncRuns(null, now)).toBeUndefined();
    expect(emptyWhileInitialSyncRuns(undefined, now)).toBeUndefined();
    expect(emptyWhileInitialSyncRuns({ ...running, emptyAtStart: null }, now)).toBeUndefined();
    expect(emptyWhileInitialSyncRuns({ ...running, emptyAtStart: [] }, now)).toBeUndefined();
  });

  it('nothing when no initial sync runs: not started, or completed', () => {
    expect(emptyWhileInitialSyncRuns({ ...running, initialSyncStartedAt: null }, now)).toBeUndefined();
    expect(
      emptyWhileInitialSyncRuns({ ...running, initialSyncCompletedAt: hoursAgo(0.5) }, now),
    ).toBeUndefined();
    expect(
      emptyWhileInitialSyncRuns(
        { ...running, initialSyncStartedAt: null, initialSyncCompletedAt: hoursAgo(0.5) },
        now,
      ),
    ).toBeUndefined();
  });

  it('nothing once the sync started more than 24 hours ago', () => {
    expect(emptyWhileInitialSyncRuns({ ...running, initialSyncStartedAt: hoursAgo(23.9) }, now)).toEqual(
      running.emptyAtStart,
    );
    expect(
      emptyWhileInitialSyncRuns({ ...running, initialSyncStartedAt: new Date(now - 24 * HOUR - 1) }, now),
    ).toBeUndefined();
    expect(
      emptyWhileInitialSyncRuns({ ...running, initialSyncStartedAt: hoursAgo(48) }, now),
    ).toBeUndefined();
  });

  it('drops kinds it does not know, and gives nothing when none is left', () => {
    expect(
      emptyWhileInitialSyncRuns({ ...running, emptyAtStart: ['Vendor', 'Item', 'customer', 'Invoice'] }, now),
    ).toEqual(['Item', 'Invoice']);
    expect(emptyWhileInitialSyncRuns({ ...running, emptyAtStart: ['Vendor', 'Bill'] }, now)).toBeUndefined();
  });

  it('measures the age from the clock it is given (Date.now by default)', () => {
    const startedNow = { ...running, initialSyncStartedAt: new Date() };
    expect(emptyWhileInitialSyncRuns(startedNow)).toEqual(running.emptyAtStart);
    expect(
      emptyWhileInitialSyncRuns(startedNow, startedNow.initialSyncStartedAt.getTime() + 25 * HOUR),
    ).toBeUndefined();
  });
});

describe('items at start', () => {
  const withItems = { ...running, skusAtStart: ['tent-2040', 'chair-1'], itemNamesAtStart: ['tent 20x40'] };
  it('gives the saved Skus and names while the initial sync runs, and nothing once it completed or is old', () => {
    expect(itemsWhileInitialSyncRuns(withItems, now)).toEqual({
      skus: new Set(['tent-2040', 'chair-1']),
      names: new Set(['tent 20x40']),
    });
    expect(itemsWhileInitialSyncRuns({ ...withItems, skusAtStart: [], itemNamesAtStart: [] }, now)).toEqual({
      skus: new Set(),
      names: new Set(),
    });
    expect(itemsWhileInitialSyncRuns({ ...withItems, skusAtStart: null }, now)).toBeUndefined();
    expect(itemsWhileInitialSyncRuns({ ...withItems, itemNamesAtStart: null }, now)).toBeUndefined();
    expect(
      itemsWhileInitialSyncRuns({ ...withItems, initialSyncCompletedAt: hoursAgo(0) }, now),
    ).toBeUndefined();
    expect(
      itemsWhileInitialSyncRuns({ ...withItems, initialSyncStartedAt: hoursAgo(25) }, now),
    ).toBeUndefined();
    expect(itemsWhileInitialSyncRuns(null, now)).toBeUndefined();
  });

  it('compares Skus trimmed in lower case, and names as QBO does (case and spacing ignored)', () => {
    expect(skuKey('  TENT-2040 ')).toBe('tent-2040');
    expect(skuKey('')).toBeNull();
    expect(skuKey('   ')).toBeNull();
    expect(skuKey(undefined)).toBeNull();
    expect(nameKey('  Tent   20x40 ')).toBe('tent 20x40');
    expect(nameKey(' ')).toBeNull();
    expect(nameKey(7)).toBeNull();
  });
});
