// The initial sync's page activity: a page of records synced in one run (side by side with a
// batching client, one after another with a plain one); a record that fails is logged and
// counted, not thrown. A retried attempt skips the records an earlier attempt finished.
import { Context } from '@temporalio/activity';
import type { EntityCounts, RecordOutcome } from '../../workflows/contracts';
import type { ActivityDeps } from '../deps';
import { withQboFailures } from '../qbo/failures';
import { throughCompanyGate } from './company-gate';
import { heartbeating } from './heartbeat';
import { createSyncRun } from './sync-run';
import type { SyncPageInput } from './types';

/** What a page attempt heartbeats: the indexes of the records done and the counts so far. */
type PageProgress = { done: number[]; counts: { synced: number; skipped: number; failed: number } };

/** Delay before retrying a page whose failed attempt still made progress. */
const RETRY_SOON_MS = 1_000;

export async function syncPage(
  deps: ActivityDeps,
  input: SyncPageInput,
): Promise<Omit<EntityCounts, 'total'>> {
  const context = Context.current();
  const resume = (context.info.heartbeatDetails as Partial<PageProgress> | undefined) ?? {};
  const counts = { synced: 0, skipped: 0, failed: 0, ...resume.counts };
  const done = new Set(resume.done ?? []);
  let progress: PageProgress = { done: [...done], counts: { ...counts } };
  const finished = done.size;
  const todo = input.ids.map((id, index) => ({ id, index })).filter((r) => !done.has(r.index));
  const record = (index: number, outcome: RecordOutcome) => {
    // A record that needs attention is not synced: the initial sync counts it with the failed ones.
    counts[outcome.status === 'needs_attention' ? 'failed' : outcome.status] += 1;
    done.add(todo[index]?.index ?? -1);
    progress = { done: [...done], counts: { ...counts } };
    context.heartbeat(progress);
  };
  return heartbeating(
    () => progress,
    () =>
      withQboFailures(
        () =>
          throughCompanyGate(deps, input.tenantId, async (epoch) => {
            const run = createSyncRun(deps, { ...input, epoch, batching: deps.batching ?? true });
            await run.runAll(
              input.entity,
              todo.map((r) => r.id),
              'initial-sync',
              record,
            );
            return counts;
          }),
        // An attempt that got records done before failing is retried soon (from where it
        // stopped), not after a backoff grown by earlier attempts: a page of 30 records may
        // meet several unrelated blips, and only a failure that repeats is worth backing off.
        (error) => (error.type !== 'throttled' && done.size > finished ? RETRY_SOON_MS : undefined),
      ),
  );
}
