// A document BPro no longer wants in QuickBooks (deleted, cancelled, voided): invoices and
// payments are voided (kept for the audit trail), refund receipts deleted (QBO cannot void those
// through the API, qbo-api.md §6.9). The link stays, in state `voided` / `deleted`, so a re-run
// does not bring it back.
import type { QboEntity } from '../qbo/schemas';
import { QboError } from '../qbo/errors';
import type { DocumentSpec } from './document-spec';
import { VOIDED_EARLIER_COPY } from './log-wording';
import { editedBeforeRetiredMessage, editedSinceWritten, isVoidedInQbo, lastUpdatedOf } from './qbo-side';
import { skipped, synced } from './outcome';
import type { DocumentEntity, EntityLink, Step, SyncContext } from './types';

type BeforeRetiring = (current: QboEntity, how: 'voided' | 'deleted') => Promise<void>;

/**
 * Logs, before the void or delete, that the accountant had edited the linked copy since the sync
 * last wrote it, so that support sees whose changes the retirement covered.
 */
function warnIfEdited(
  ctx: SyncContext,
  entity: DocumentEntity,
  bproId: string,
  link: EntityLink,
  reason: string,
): BeforeRetiring {
  return async (current, how) => {
    if (!editedSinceWritten(link, current)) return;
    const message = editedBeforeRetiredMessage(how, reason, lastUpdatedOf(current));
    await ctx.log.warnBeforeWrite(entity, bproId, message, current.Id);
  };
}

/** Voids a document (idempotent: an already-voided one is left alone). */
async function voidDocument(
  ctx: SyncContext,
  target: { entity: DocumentEntity; qboEntity: 'Invoice' | 'Payment'; bproId: string },
  current: QboEntity,
  options: { message?: string; beforeRetiring?: BeforeRetiring } = {},
): Promise<Step> {
  if (isVoidedInQbo(current)) {
    // Void there already (the accountant was first): BPro wants it void too, so it is ours now.
    await ctx.links.save(target.entity, target.bproId, current, null, 'voided');
    return synced('voided', current.Id, 'Already void in QuickBooks');
  }
  await options.beforeRetiring?.(current, 'voided');
  const voided = await ctx.qbo.void(
    target.qboEntity,
    { Id: current.Id, SyncToken: current.SyncToken ?? '0' },
    ctx.requestIds.update(target.entity, target.bproId, { void: current.SyncToken }),
  );
  await ctx.links.save(target.entity, target.bproId, voided, null, 'voided');
  return synced('voided', current.Id, options.message);
}

/** Deletes a refund receipt (one already gone is fine); `read`: the receipt as just read. */
async function deleteDocument(
  ctx: SyncContext,
  target: { entity: DocumentEntity; qboEntity: 'RefundReceipt'; bproId: string },
  link: Pick<EntityLink, 'qboId' | 'state'>,
  options: { read?: QboEntity; beforeRetiring?: BeforeRetiring } = {},
): Promise<Step> {
  if (link.state === 'deleted')
    return synced('voided', link.qboId, 'Deleted in BPro; already deleted in QuickBooks');
  const current =
    options.read ??
    (await ctx.qbo.read(target.qboEntity, link.qboId).catch((error: unknown) => {
      if (error instanceof QboError && error.type === 'not_found_or_inactive') return null;
      throw error;
    }));
  if (current) {
    await options.beforeRetiring?.(current, 'deleted');
    const ref = { Id: current.Id, SyncToken: current.SyncToken ?? '0' };
    await ctx.qbo.delete(
      target.qboEntity,
      ref,
      ctx.requestIds.update(target.entity, target.bproId, { delete: ref }),
    );
  }
  await ctx.links.save(target.entity, target.bproId, { Id: link.qboId }, null, 'deleted');
  return synced('voided', link.qboId, 'Deleted in BPro: its refund receipt was deleted in QuickBooks');
}

/**
 * Retires the linked document; without a link, the copy an interrupted earlier run may have
 * created (`earlierCopy`), else the record is skipped with `reason`.
 */
export async function retire<Row>(
  ctx: SyncContext,
  spec: DocumentSpec<Row>,
  link: EntityLink | null,
  bproId: string,
  reason: string,
): Promise<Step> {
  if (link?.state === 'qbo_deleted' || link?.state === 'qbo_voided' || link?.state === 'unlinked') {
    // Already gone (or left out) on the QuickBooks side: nothing to void or delete there.
    const state = spec.retireBy === 'delete' ? 'deleted' : 'voided';
    await ctx.links.save(spec.entity, bproId, { Id: link.qboId }, null, state);
    return synced(
      'voided',
      link.qboId,
      `${reason}; not in QuickBooks any more (${link.state.replace('_', ' ')})`,
    );
  }
  if (link) {
    const beforeRetiring = warnIfEdited(ctx, spec.entity, bproId, link, reason);
    if (spec.retireBy === 'delete') return deleteDocument(ctx, { ...spec, bproId }, link, { beforeRetiring });
    const current = await ctx.qbo.read(spec.qboEntity, link.qboId).catch((error: unknown) => {
      if (error instanceof QboError && error.type === 'not_found_or_inactive') return null;
      throw error;
    });
    if (!current) {
      await ctx.links.save(spec.entity, bproId, { Id: link.qboId }, null, 'voided');
      return synced(
        'voided',
        link.qboId,
        'Cancelled or deleted in BPro; it was already deleted in QuickBooks',
      );
    }
    return voidDocument(ctx, { ...spec, bproId }, current, { beforeRetiring });
  }
  const copy = await ctx.documents.earlierCopy(spec.entity, bproId);
  if (!copy) return skipped(reason);
  if (spec.retireBy === 'delete')
    return deleteDocument(ctx, { ...spec, bproId }, { qboId: copy.Id, state: 'active' }, { read: copy });
  return voidDocument(ctx, { ...spec, bproId }, copy, { message: `${reason}; ${VOIDED_EARLIER_COPY}` });
}
