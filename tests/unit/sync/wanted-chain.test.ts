// A hook waiting for a record a page of the initial sync holds makes that record's work go first
// (wanted-records.ts). Found by tracing hooks during an initial sync's categories (issue 13): the
// hook waited seconds for a sub-category whose page task in turn waited for its parent category
// (another task of the page: not wanted with it), and for calls held in the page's batch queue
// (up to its 1 s hold) or in the company's write pool.
import { describe, expect, it, vi } from 'vitest';
import type { QboClient } from '../../../activities/qbo/client';
import { BatchQueue } from '../../../activities/qbo/batch-queue';
import { isWanted, leaseTag, wantRecord } from '../../../activities/qbo/wanted-records';
import { WritePool } from '../../../activities/qbo/write-pool';
import { noteLeaseHeld, RecordTasks } from '../../../activities/sync/record-tasks';
import { synced } from '../../../activities/sync/outcome';
import { RecordScheduler } from '../../../activities/sync/scheduler';
import type { Links } from '../../../activities/sync/types';

const tenant = `wanted-${process.pid}-${Date.now().toString(36)}`;
const tag = (bproId: string) => leaseTag(tenant, 'productCategory', bproId);

describe('a wanted record', () => {
  it("wants what its task waits for, when another task of the run is syncing that (a category's parent)", async () => {
    const tasks = new RecordTasks({ stallMs: 60_000 });
    const links = { find: () => Promise.resolve(null) } as unknown as Links;
    const scheduler = new RecordScheduler(tasks, links, true, (entity, bproId) =>
      leaseTag(tenant, entity, bproId),
    );
    let releaseParent = () => {};
    const parentGate = new Promise<void>((resolve) => (releaseParent = resolve));
    let childWaiting = () => {};
    const childWaits = new Promise<void>((resolve) => (childWaiting = resolve));
    scheduler.runRecordsWith(async (entity, bproId) => {
      const unnote = noteLeaseHeld(leaseTag(tenant, entity, bproId));
      try {
        if (bproId === 'parent') await parentGate;
        else {
          const ensured = scheduler.ensure('productCategory', 'parent', 'the child');
          childWaiting();
          await ensured;
        }
        return synced('created', `qbo-${bproId}`);
      } finally {
        unnote();
      }
    });
    const done = scheduler.runAll('productCategory', ['parent', 'child'], 'initial', () => {});
    await childWaits;
    await new Promise((resolve) => setImmediate(resolve));
    expect(isWanted([tag('parent')])).toBe(false);
    // A hook waits for the child's lease: the parent, which the child waits for, goes first too.
    wantRecord(tag('child'));
    expect(isWanted([tag('parent')])).toBe(true);
    releaseParent();
    await done;
  });

  it("has its call sent at once, not held for the batch queue's hold time", async () => {
    const queryPage = vi.fn(() => Promise.resolve([]));
    const client = {
      tagged: () => client,
      tryToken: () => Promise.resolve(true),
      queryPage,
    } as unknown as QboClient;
    const observer = { held: () => () => {}, sent: () => () => {}, leases: () => [tag('held')] };
    const queue = new BatchQueue(client, observer, { maxHoldMs: 60_000, poolKey: `${tenant}:bulk` });
    const answer = queue.queryAll('Item', [{ field: 'Name', op: '=', value: 'Large' }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(queryPage).not.toHaveBeenCalled(); // held for others to join it
    wantRecord(tag('held'));
    await expect(answer).resolves.toEqual([]);
    expect(queryPage).toHaveBeenCalledTimes(1);
  });

  it('has a write submitted to the pool sent at once when it is wanted already', () => {
    const urgent: number[] = [];
    const pooled: number[] = [];
    const pool = new WritePool<number>(
      { batchNow: () => Promise.resolve(false), plainNow: () => Promise.resolve(true) },
      { batch: (items) => pooled.push(...items), plain: (item) => pooled.push(item) },
      () => {},
      Date.now,
      { tags: (item) => [tag(`w${item}`)], send: (item) => urgent.push(item) },
    );
    wantRecord(tag('w2'));
    pool.submit([1, 2, 3]);
    expect(urgent).toEqual([2]);
    expect(pool.size).toBe(2);
  });
});
