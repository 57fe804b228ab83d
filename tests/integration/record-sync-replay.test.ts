// recordSync histories replay on today's workflow code (a nondeterminism here would fail every
// record sync running during a deploy). `record-sync-before-deferral.bin`: recorded with the code
// before issue 13's deferral and priority (two coalesced passes); `record-sync-deferred.bin`:
// today's code, answered `deferred` twice before syncing. Binary History protos (History.encode
// of the client's fetchHistory()), as the SDK's own replay fixtures: the JSON form needs the SDK's
// protojson, which fails with this install's two copies of protobufjs. (Replaying the deferred
// one on the older code fails with a DeterminismViolationError: the check is not blind.)
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

describe('recordSync replay', () => {
  let workflowBundle: { code: string };
  beforeAll(async () => {
    workflowBundle = { code: (await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH })).code };
  }, 60_000);

  // [fixture, syncRecord activities in it]: two passes; two deferred attempts and the sync.
  it.each([
    ['record-sync-before-deferral.bin', 2],
    ['record-sync-deferred.bin', 3],
  ])('replays %s without nondeterminism', async (name, activities) => {
    const recorded = await history(name);
    const events = recorded.events ?? [];
    expect(events.at(-1)?.workflowExecutionCompletedEventAttributes).toBeTruthy();
    const syncs = events.filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'syncRecord',
    );
    expect(syncs.length).toBe(activities);
    await expect(Worker.runReplayHistory({ workflowBundle }, recorded)).resolves.toBeUndefined();
  });
});
