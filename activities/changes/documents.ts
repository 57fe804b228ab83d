// An invoice, payment or refund receipt the sync wrote, changed by someone else in QuickBooks:
// deleted or voided there → needs attention (never re-created or un-voided silently); edited
// there → the log says so now, and BPro's version replaces the fields the sync sends on the
// record's next change (named again then). Our own writes carry the SyncToken we stored: ignored.
import { findLinkByQboId } from '../../db/queries/entity-links';
import type { QboEntity } from '../qbo/schemas';
import {
  deletedInQboMessage,
  fingerprintOf,
  isVoidedInQbo,
  lastUpdatedOf,
  voidedInQboMessage,
} from '../sync/qbo-side';
import { logOnce, setLinkState, type ChangeContext } from './context';

export async function documentChanged(
  ctx: ChangeContext,
  entity: 'invoice' | 'payment' | 'refund',
  object: QboEntity,
): Promise<void> {
  const link = await findLinkByQboId(ctx.db, ctx.tenantId, entity, object.Id);
  if (!link || link.state !== 'active') return;
  const on = lastUpdatedOf(object);
  const record = { entity, bproId: link.bproId, qboId: link.qboId };
  if (object.status === 'Deleted') {
    if (await setLinkState(ctx, link, 'qbo_deleted'))
      await logOnce(ctx, { ...record, action: 'needs_attention', message: deletedInQboMessage(on) });
  } else if (isVoidedInQbo(object)) {
    if (await setLinkState(ctx, link, 'qbo_voided'))
      await logOnce(ctx, { ...record, action: 'needs_attention', message: voidedInQboMessage(on) });
  } else if (
    object.SyncToken !== undefined &&
    object.SyncToken !== link.qboSyncToken &&
    // Same header as the sync wrote: a payment applied to it, not an edit.
    (link.qboFingerprint === null || fingerprintOf(object) !== link.qboFingerprint)
  ) {
    await logOnce(ctx, {
      ...record,
      action: 'warning',
      message: `Edited in QuickBooks${on ? ` on ${on.slice(0, 10)}` : ''}: kept until the record next changes in BPro, whose version then replaces the fields the sync sends (the log will name the accountant's values)`,
    });
  }
}
