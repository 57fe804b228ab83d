// Records another run waits for (activities/qbo/wanted-records.ts): wanted for a second after each
// announcement, with the dependencies their run is syncing first; listeners hear each one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  isWanted,
  leaseTag,
  noteNeeds,
  onWantedRecord,
  wantRecord,
} from '../../activities/qbo/wanted-records';

describe('wanted records', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is wanted for a second after each announcement, and listeners hear it', () => {
    const tag = leaseTag('t-wanted-1', 'product', 'p1');
    const heard: string[] = [];
    const stop = onWantedRecord((t) => heard.push(t));
    expect(isWanted([tag])).toBe(false);
    wantRecord(tag);
    expect(isWanted(['other', tag])).toBe(true);
    expect(isWanted(undefined)).toBe(false);
    vi.advanceTimersByTime(1_001);
    expect(isWanted([tag])).toBe(false);
    stop();
    wantRecord(tag);
    expect(heard).toEqual([tag]);
  });

  it('wants the dependencies a wanted record waits for, through chains and cycles, until the note ends', () => {
    const product = leaseTag('t-wanted-2', 'product', 'p1');
    const category = leaseTag('t-wanted-2', 'productCategory', 'c1');
    const parent = leaseTag('t-wanted-2', 'productCategory', 'c0');
    const endProduct = noteNeeds([product], category);
    const endCategory = noteNeeds([category], parent);
    const endCycle = noteNeeds([parent], product);
    wantRecord(product);
    expect(isWanted([category])).toBe(true);
    expect(isWanted([parent])).toBe(true);
    vi.advanceTimersByTime(1_001);
    endProduct();
    endCategory();
    endCycle();
    wantRecord(product);
    expect(isWanted([category])).toBe(false);
    expect(isWanted([parent])).toBe(false);
  });
});
