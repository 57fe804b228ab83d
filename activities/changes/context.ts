// What applying one QuickBooks change needs: the tenant's database rows and a QBO client.
import type { Database } from '../../db/client';
import { saveLink, type EntityLink } from '../../db/queries/entity-links';
import { appendLog, latestLogFor } from '../../db/queries/sync-log';
import type { SyncEntity } from '../../workflows/contracts';
import type { QboClient } from '../qbo/client';

export type ChangeContext = {
  db: Database;
  tenantId: string;
  workflowId: string;
  qbo: QboClient;
};

/** Sets a link's state (keeping its QBO id, SyncToken and hash). */
export function setLinkState(
  ctx: ChangeContext,
  link: EntityLink,
  state: EntityLink['state'],
): Promise<void> {
  return saveLink(ctx.db, { ...link, state });
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
