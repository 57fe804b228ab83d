// initialSync histories replay on today's workflow code (a nondeterminism here would fail every
// initial sync running during a deploy). `initial-sync-before-dependencies.bin`: recorded with the
// code before the `customers-beside-products` patch (one phase after another: customers only once
// products were done); `initial-sync-by-dependencies.bin`: today's code, each entity set started as
// soon as what it needs was done. Both complete syncs of a tenant with two records per set, on a
// worker whose activities answered at once. (Replaying the second on the older code fails with a
// DeterminismViolationError: the check is not blind.) Binary History protos, as record-sync-replay.
import { readFile } from 'node:fs/promises';
import { temporal as proto } from '@temporalio/proto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import { testFile } from './support/temporal';

const history = async (name: string) =>
  proto.api.history.v1.History.decode(
    await readFile(testFile(`../fixtures/histories/${name}`, import.meta.url)),
  );

type Event = proto.api.history.v1.IHistoryEvent;

/** The event index at which each entity set's child started, and at which it completed. */
function childTimes(events: Event[]) {
  const byInitiated = new Map<string, string>();
  const started: Record<string, number> = {};
  const completed: Record<string, number> = {};
  events.forEach((e, i) => {
    const init = e.startChildWorkflowExecutionInitiatedEventAttributes;
    if (init?.workflowId) byInitiated.set(String(e.eventId), init.workflowId.split('/').pop() ?? '');
    const start = e.childWorkflowExecutionStartedEventAttributes;
    if (start) started[byInitiated.get(String(start.initiatedEventId)) ?? '?'] = i;
    const done = e.childWorkflowExecutionCompletedEventAttributes;
    if (done) completed[byInitiated.get(String(done.initiatedEventId)) ?? '?'] = i;
  });
  return { started, completed };
}

describe('initialSync replay', () => {
  let workflowBundle: { code: string };
  beforeAll(async () => {
    workflowBundle = { code: (await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH })).code };
  }, 60_000);

  it('replays a sync recorded phase by phase, and one recorded by dependencies', async () => {
    const before = await history('initial-sync-before-dependencies.bin');
    const after = await history('initial-sync-by-dependencies.bin');
    for (const recorded of [before, after]) {
      expect(recorded.events?.at(-1)?.workflowExecutionCompletedEventAttributes).toBeTruthy();
      // Its children's ids derive from its own: replay under the id it ran with.
      const child = recorded.events?.find((e) => e.startChildWorkflowExecutionInitiatedEventAttributes);
      const workflowId =
        child?.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId?.split('/')[0];
      await expect(
        Worker.runReplayHistory({ workflowBundle }, recorded, workflowId),
      ).resolves.toBeUndefined();
    }
    // What the patch changed: customers used to start only after products were done; now they
    // start beside products, once categories are done, and invoices still wait for both.
    const old = childTimes(before.events ?? []);
    expect(old.started.customer).toBeGreaterThan(old.completed.product ?? Infinity);
    const now = childTimes(after.events ?? []);
    expect(now.started.customer).toBeLessThan(now.completed.product ?? -1);
    expect(now.started.customer).toBeGreaterThan(now.completed.productCategory ?? Infinity);
    expect(now.started.invoice).toBeGreaterThan(
      Math.max(now.completed.product ?? Infinity, now.completed.customer ?? Infinity),
    );
    expect(Object.keys(now.completed).sort()).toEqual(Object.keys(old.completed).sort());
  });
});
