// What someone else did in QuickBooks to a record the sync wrote, and the rule for each case:
// deleted or voided there → the record needs attention (never re-created or un-voided silently);
// edited there → BPro's version replaces the fields the sync owns, and the log says what the
// accountant's version was. (The change poller finds these between BPro edits; a sync of the
// record finds them when it reads the linked copy.)
import type { QboEntity } from '../qbo/schemas';
import { needsAttention, skipped } from './outcome';
import type { EntityLink, LinkEntity, Step, SyncContext } from './types';

/** When QuickBooks last changed the record (its MetaData), if it says. */
export const lastUpdatedOf = (object: QboEntity): string | undefined =>
  (object.MetaData as { LastUpdatedTime?: string } | undefined)?.LastUpdatedTime;

export const isVoidedInQbo = (e: QboEntity) =>
  Number(e.TotalAmt ?? 0) === 0 && typeof e.PrivateNote === 'string' && e.PrivateNote.startsWith('Voided');

const day = (at: Date | string | undefined) =>
  (at instanceof Date ? at.toISOString() : (at ?? new Date().toISOString())).slice(0, 10);

const CHOICES = 'press Re-create in QuickBooks to send it again, or Unlink to leave it out of QuickBooks';

export const deletedInQboMessage = (on?: Date | string) =>
  `Deleted in QuickBooks on ${day(on)}: BPro's changes are not sent; ${CHOICES}`;
export const voidedInQboMessage = (on?: Date | string) =>
  `Voided in QuickBooks on ${day(on)}: BPro's changes are not sent (that would bring it back to full value); ${CHOICES}`;

/**
 * A document's header fields the sync writes (date, number, customer, total, note), or null for
 * records without them. A moved SyncToken with the same fingerprint is not an edit of these
 * (QBO also moves an invoice's SyncToken when a payment is applied to it).
 */
export function fingerprintOf(qbo: Record<string, unknown>): string | null {
  if (qbo.TotalAmt === undefined) return null;
  const ref = qbo.CustomerRef as { value?: unknown } | undefined;
  return JSON.stringify([qbo.TxnDate, qbo.DocNumber, ref?.value, Number(qbo.TotalAmt), qbo.PrivateNote]);
}

/** Marks the link as deleted or voided in QuickBooks and returns the step that says so. */
export async function markChangedInQbo(
  ctx: SyncContext,
  entity: LinkEntity,
  link: Pick<EntityLink, 'bproId' | 'qboId' | 'qboSyncToken' | 'sourceHash' | 'qboFingerprint'>,
  how: 'qbo_deleted' | 'qbo_voided',
  on?: Date | string,
): Promise<Step> {
  const qbo = { Id: link.qboId, SyncToken: link.qboSyncToken ?? undefined };
  await ctx.links.save(entity, link.bproId, qbo, link.sourceHash, how, link.qboFingerprint);
  return needsAttention(how === 'qbo_deleted' ? deletedInQboMessage(on) : voidedInQboMessage(on), link.qboId);
}

/** The step of a record whose link is held back by a QuickBooks-side change or by support, else null. */
export function heldBack(link: EntityLink): Step | null {
  if (link.state === 'qbo_deleted') return needsAttention(deletedInQboMessage(link.syncedAt), link.qboId);
  if (link.state === 'qbo_voided') return needsAttention(voidedInQboMessage(link.syncedAt), link.qboId);
  if (link.state === 'unlinked')
    return skipped(
      `Unlinked from QuickBooks by support on ${day(link.syncedAt)}; Re-create to send it again`,
    );
  return null;
}

const refValue = (value: unknown) =>
  value && typeof value === 'object' && 'value' in value ? String(value.value) : undefined;

/**
 * Whether someone else changed the document's header since the sync last wrote it: its SyncToken
 * moved on and its fingerprint with it (a payment applied to an invoice moves only the SyncToken).
 */
export function editedSinceWritten(
  link: Pick<EntityLink, 'qboSyncToken' | 'qboFingerprint'> | null,
  current: QboEntity,
): boolean {
  if (!link?.qboSyncToken || current.SyncToken === undefined || current.SyncToken === link.qboSyncToken)
    return false;
  return !link.qboFingerprint || fingerprintOf(current) !== link.qboFingerprint;
}

/** The warning logged before the sync voids or deletes a document the accountant had edited. */
export const editedBeforeRetiredMessage = (how: 'voided' | 'deleted', reason: string, on?: string) =>
  `Edited in QuickBooks${on ? ` on ${on.slice(0, 10)}` : ''} since the sync last wrote it; ${how} there all the same (${reason})`;

/** A field's value as the log shows it (a reference by its id); undefined for nested objects. */
const shown = (value: unknown): string | undefined => {
  const ref = refValue(value);
  if (ref !== undefined) return ref;
  if (value !== null && typeof value === 'object') return undefined;
  return JSON.stringify(value);
};

/**
 * When the QBO copy changed since the sync last wrote it (its SyncToken moved on), the warning
 * naming the accountant's values BPro's version replaces; undefined when nobody else touched it.
 */
export function editedInQbo(
  link: Pick<EntityLink, 'qboSyncToken' | 'qboFingerprint'> | null,
  current: QboEntity,
  body: Record<string, unknown>,
): string | undefined {
  if (!editedSinceWritten(link, current)) return undefined;
  const differing = Object.keys(body)
    .map((key) => ({ key, theirs: shown(current[key]), ours: shown(body[key]) }))
    .filter((f) => f.theirs !== undefined && f.ours !== undefined && f.theirs !== f.ours)
    .map((f) => `${f.key} ${f.theirs}`);
  if (differing.length === 0) return undefined;
  const what = `; the accountant's version had ${differing.join(', ')}`;
  return `Edited in QuickBooks since the sync last wrote it${what}. BPro is the source of truth for the fields the sync sends: BPro's version replaces it (fields it does not send, such as class or custom fields, are kept)`;
}
