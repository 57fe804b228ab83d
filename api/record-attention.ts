// What support decides for a record someone deleted or voided in QuickBooks (its link is
// `qbo_deleted` / `qbo_voided`, its newest log entry `needs_attention`): Re-create it there as a new
// record, or Unlink it (leave it out of QuickBooks). An unlinked record may be re-created later.
import { changeLinkState, deleteLinkInState, findLink, type LinkState } from '../db/queries/entity-links';
import { clearPendingCreate } from '../db/queries/pending-creates';
import { appendLog } from '../db/queries/sync-log';
import { entityLabels, workflowIds, type SyncEntity } from '../workflows/contracts';
import type { ApiDeps } from './deps';
import { HttpError } from './middleware/errors';
import { rerunRecord } from './record-reruns';

export type AttentionRecord = { tenantId: string; entity: SyncEntity; id: string };

export const RECREATABLE_STATES = ['qbo_deleted', 'qbo_voided', 'unlinked'] as const satisfies LinkState[];
export const UNLINKABLE_STATES = ['qbo_deleted', 'qbo_voided'] as const satisfies LinkState[];

export const RECREATE_MESSAGE = 'Re-create requested by support';
export const UNLINK_MESSAGE = 'Unlinked from QuickBooks by support';

const stateWords: Record<LinkState, string> = {
  active: 'is linked to a QuickBooks record',
  voided: 'was voided in QuickBooks by the sync',
  deleted: 'was deleted in QuickBooks by the sync',
  qbo_voided: 'was voided in QuickBooks',
  qbo_deleted: 'was deleted in QuickBooks',
  unlinked: 'is already unlinked from QuickBooks',
};

/** 409 `invalid_link_state`: the record's link does not allow the action (with what it is). */
async function refused(deps: Pick<ApiDeps, 'db'>, record: AttentionRecord, action: 'recreate' | 'unlink') {
  const link = await findLink(deps.db, record.tenantId, record.entity, record.id);
  const what = `${entityLabels[record.entity].one} ${record.id}`;
  const now = link
    ? `it ${stateWords[link.state]} (QuickBooks id ${link.qboId})`
    : 'it has no link to QuickBooks';
  const only =
    action === 'recreate'
      ? 'can be re-created in QuickBooks only when it was deleted or voided there, or unlinked by support'
      : 'can be unlinked from QuickBooks only when it was deleted or voided there';
  return new HttpError(409, 'invalid_link_state', `${what} ${only}; ${now}.`, {
    linkState: link?.state ?? null,
    allowed: action === 'recreate' ? RECREATABLE_STATES : UNLINKABLE_STATES,
  });
}

/**
 * Re-create: the link (and any note of an interrupted create) goes, the log says support asked,
 * and the record's sync starts as a Re-run does, creating a new QuickBooks record.
 */
export async function recreateRecord(
  deps: ApiDeps,
  record: AttentionRecord,
): Promise<{ workflowId: string; temporalUrl: string }> {
  const { tenantId, entity, id } = record;
  const key = { tenantId, entity, bproId: id };
  const removed = await deps.db.transaction(async (tx) => {
    const link = await deleteLinkInState(tx, key, RECREATABLE_STATES);
    if (!link) return null;
    await clearPendingCreate(tx, key);
    await appendLog(tx, {
      ...key,
      action: 'skipped',
      message: RECREATE_MESSAGE,
      qboId: link.qboId,
      workflowId: workflowIds.recordSync(tenantId, entity, id),
    });
    return link;
  });
  if (!removed) throw await refused(deps, record, 'recreate');
  deps.log.info('record re-create requested', { tenantId, entity, id, qboId: removed.qboId });
  return rerunRecord(deps, record);
}

/** Unlink: the link stays (for history) as `unlinked`; the sync leaves the record out. No QBO call. */
export async function unlinkRecord(
  deps: ApiDeps,
  record: AttentionRecord,
): Promise<{ linkState: 'unlinked'; qboId: string }> {
  const { tenantId, entity, id } = record;
  const key = { tenantId, entity, bproId: id };
  const changed = await deps.db.transaction(async (tx) => {
    const link = await changeLinkState(tx, key, 'unlinked', UNLINKABLE_STATES);
    if (link) await appendLog(tx, { ...key, action: 'skipped', message: UNLINK_MESSAGE, qboId: link.qboId });
    return link;
  });
  if (!changed) throw await refused(deps, record, 'unlink');
  deps.log.info('record unlinked from QuickBooks', { tenantId, entity, id, qboId: changed.qboId });
  return { linkState: 'unlinked', qboId: changed.qboId };
}
