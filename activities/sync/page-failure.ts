// A page whose retries ran out (QuickBooks down for long, or a bug): its records that did not end
// are logged as failed with the reason, so the initial sync counts them and goes on.
import { findLinks } from '../../db/queries/entity-links';
import { appendLog, latestLogFor } from '../../db/queries/sync-log';
import type { EntityCounts, SyncEntity } from '../../workflows/contracts';
import type { ActivityDeps } from '../deps';

export type PageFailureInput = {
  tenantId: string;
  entity: SyncEntity;
  ids: string[];
  message: string;
  workflowId: string;
};

export async function recordPageFailure(
  deps: ActivityDeps,
  input: PageFailureInput,
): Promise<Omit<EntityCounts, 'total'>> {
  const counts = { synced: 0, skipped: 0, failed: 0 };
  const links = await findLinks(deps.db, input.tenantId, input.entity, input.ids);
  for (const bproId of input.ids) {
    if (links.has(bproId)) {
      counts.synced += 1;
      continue;
    }
    const last = await latestLogFor(deps.db, input.tenantId, input.entity, bproId);
    if (last?.workflowId === input.workflowId && (last.action === 'skipped' || last.action === 'failed')) {
      counts[last.action] += 1;
      continue;
    }
    await appendLog(deps.db, {
      tenantId: input.tenantId,
      entity: input.entity,
      bproId,
      action: 'failed',
      message: `Gave up after repeated retries: ${input.message}. Press Re-run once QuickBooks answers again.`,
      workflowId: input.workflowId,
    });
    counts.failed += 1;
  }
  return counts;
}
