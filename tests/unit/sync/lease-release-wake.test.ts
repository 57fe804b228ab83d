// A record lease released in this process wakes the run waiting for it at once, instead of at its
// next poll (up to 250 ms later): a hook waiting for a record a page holds (issue 13). The lease
// table is stood in for by a map (the statements themselves are tested against PostgreSQL).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const holders = new Map<string, string>();
const tries: string[] = [];
vi.mock('../../../db/queries/record-leases', () => ({
  tryTakeLease: (_db: unknown, key: { bproId: string }, holder: string) => {
    tries.push(holder);
    const current = holders.get(key.bproId);
    if (current && current !== holder) return Promise.resolve(false);
    holders.set(key.bproId, holder);
    return Promise.resolve(true);
  },
  releaseLease: (_db: unknown, key: { bproId: string }, holder: string) => {
    if (holders.get(key.bproId) === holder) holders.delete(key.bproId);
    return Promise.resolve();
  },
  renewLeases: () => Promise.resolve(),
}));

const { RecordLeases } = await import('../../../activities/sync/leases');

describe('a lease released in this process', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is taken by the run waiting for it without waiting for its next poll', async () => {
    const page = new RecordLeases({} as never, 't1');
    const hook = new RecordLeases({} as never, 't1', true);
    let finishPage = () => {};
    const pageDone = page.hold('productCategory', 'cat-1', () => new Promise<void>((r) => (finishPage = r)));
    await vi.advanceTimersByTimeAsync(0);
    let hookRan = false;
    const hookDone = hook.hold('productCategory', 'cat-1', () => {
      hookRan = true;
      return Promise.resolve();
    });
    // The hook tried, found the page's lease and now waits for its next try (50 ms, then longer).
    await vi.advanceTimersByTimeAsync(20);
    expect(hookRan).toBe(false);
    const triesBefore = tries.length;
    finishPage();
    await pageDone;
    // No clock moved: the release woke it.
    await vi.advanceTimersByTimeAsync(0);
    expect(hookRan).toBe(true);
    expect(tries.length).toBe(triesBefore + 1);
    await hookDone;
  });
});
