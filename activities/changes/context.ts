// What applying one QuickBooks change needs: the tenant's database rows and a QBO client.
import type { Database } from '../../db/client';
import { changeLinkState, type EntityLink } from '../../db/queries/entity-links';
import { appendLog, latestLogFor } from '../../db/queries/sync-log';
import type { SyncEntity } from '../../workflows/contracts';
import type { QboClient } from '../qbo/client';

export type ChangeContext = {
  db: Database;
  tenantId: string;
  workflowId: string;
  qbo: QboClient;
};

/**
 * Moves a live link to `state` (keeping its QBO id, SyncToken and hash); false when the link is no
 * longer live (a record sync retired it meanwhile, e.g. BPro voided it too): then nothing is said.
 */
export async function setLinkState(
  ctx: ChangeContext,
  link: EntityLink,
  state: EntityLink['state'],
): Promise<boolean> {
  const key = { tenantId: link.tenantId, entity: link.entity, bproId: link.bproId };
  return (await changeLinkState(ctx.db, key, state, ['active'])) !== null;
}

/** A log entry from the poller, unless the record's latest entry already says exactly that. */
export async function logOnce(
  ctx: ChangeContext,
  entry: {
    entity: SyncEntity;
    bproId: string;
    action: 'needs_attention' | 'warning' | 'linked';
    message: string;
    qboId: string;
  },
): Promise<void> {
  const latest = await latestLogFor(ctx.db, ctx.tenantId, entry.entity, entry.bproId);
  if (latest?.action === entry.action && latest.message === entry.message) return;
  await appendLog(ctx.db, { tenantId: ctx.tenantId, workflowId: ctx.workflowId, ...entry });
}
