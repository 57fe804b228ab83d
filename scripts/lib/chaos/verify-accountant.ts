// The verification of what the accountant did in QuickBooks (accountant.ts), by the rules of a
// QuickBooks-side change. Deleted or voided there: no live copy in QuickBooks (not re-created, not
// un-voided), the link still on that QBO record in state `qbo_deleted` / `qbo_voided` and the
// latest log entry `needs_attention`; unless BPro cancelled, voided or deleted the record since,
// then the link ends `voided` / `deleted` and the log `voided`. Edited there: still their version
// (BPro has not changed the record since) with an "Edited in QuickBooks" warning, or BPro's (it
// has) with a warning naming the accountant's values. No other record ends in such a state.
import type { QboEntity } from '../../../activities/qbo/schemas';
import type { entityLinks, syncLog } from '../../../db/schema';
import { isVoided, QBO_DOCUMENT, type AccountantEntry } from './accountant';
import type { AccountantEntity } from './accountant-plan';
import type { BproState } from './expected';
import { cents, str, type QboRecords } from './verify-records';

type Link = typeof entityLinks.$inferSelect;
type LogEntry = typeof syncLog.$inferSelect;

export type AccountantContext = {
  entries: readonly AccountantEntry[];
  bpro: BproState;
  links: readonly Link[];
  log: readonly LogEntry[];
  qbo: QboRecords;
};

/** One accountant action and what became of it. */
export type AccountantOutcome = {
  n: number;
  act: AccountantEntry['act'];
  entity: AccountantEntity;
  bproId: string;
  qboId: string;
  outcome: string;
  ok: boolean;
};

const key = (entity: string, bproId: string) => `${entity}:${bproId}`;

/** The accountant's delete or void of each record, and their edit of each record. */
export function accountantTouches(entries: readonly AccountantEntry[]) {
  const removed = new Map<string, AccountantEntry>();
  const edited = new Map<string, AccountantEntry>();
  for (const e of entries) {
    if (e.by !== 'accountant') continue;
    (e.act === 'edit' ? edited : removed).set(key(e.entity, e.bproId), e);
  }
  return { removed, edited };
}

/** Cancelled, voided or deleted in BPro (BPro no longer wants it in QuickBooks). */
function retiredInBpro(bpro: BproState, entity: AccountantEntity, bproId: string): boolean {
  if (entity === 'invoice') return bpro.invoices.get(bproId)?.cancelled ?? true;
  if (entity === 'payment') return bpro.payments.get(bproId)?.voided ?? true;
  return !bpro.refunds.has(bproId);
}

const firstLine = (r: QboEntity) => str(r.PrivateNote).split('\n')[0] ?? '';

/** Whether a QBO document carries this BPro record's marker (the sync's first PrivateNote line). */
function marks(entity: AccountantEntity, bproId: string, record: QboEntity): boolean {
  const line = firstLine(record);
  if (entity === 'invoice') return line.startsWith('BPro order ') && line.endsWith(`(${bproId})`);
  return line === `BPro ${entity} ${bproId}`;
}

function entriesOf(ctx: AccountantContext, entity: string, bproId: string) {
  return ctx.log.filter((e) => e.entity === entity && e.bproId === bproId);
}

function lastAction(ctx: AccountantContext, entity: string, bproId: string) {
  return entriesOf(ctx, entity, bproId)
    .filter((e) => e.action !== 'warning')
    .sort((a, b) => Number(b.id - a.id))[0];
}

/** The problems of a record the accountant deleted or voided, and the outcome in a few words. */
export function checkRemoved(ctx: AccountantContext, entry: AccountantEntry): AccountantOutcome {
  const { entity, bproId, qboId } = entry;
  const type = QBO_DOCUMENT[entity];
  const wrong: string[] = [];
  const link = ctx.links.find((l) => l.entity === entity && l.bproId === bproId);
  const record = ctx.qbo[type]?.get(qboId);
  if (entry.act === 'delete' && record) wrong.push(`the ${type} ${qboId} it deleted is in QuickBooks again`);
  if (entry.act === 'void' && !record) wrong.push(`the ${type} ${qboId} it voided is gone from QuickBooks`);
  if (entry.act === 'void' && record && !isVoided(record))
    wrong.push(`the ${type} ${qboId} it voided is not void any more (total ${str(record.TotalAmt)})`);
  for (const other of ctx.qbo[type]?.values() ?? [])
    if (other.Id !== qboId && marks(entity, bproId, other) && !isVoided(other) && cents(other.TotalAmt) !== 0)
      wrong.push(`re-created in QuickBooks as ${type} ${other.Id}`);
  if (!link) wrong.push('its link is gone');
  else if (link.qboId !== qboId) wrong.push(`linked to ${type} ${link.qboId} now, not to ${qboId}`);
  const retired = retiredInBpro(ctx.bpro, entity, bproId);
  const want = retired
    ? { states: ['voided', 'deleted'], log: 'voided' }
    : { states: [entry.act === 'delete' ? 'qbo_deleted' : 'qbo_voided'], log: 'needs_attention' };
  if (link && !want.states.includes(link.state))
    wrong.push(`link state ${link.state}, expected ${want.states.join(' or ')}`);
  const last = lastAction(ctx, entity, bproId);
  if (last?.action !== want.log)
    wrong.push(
      `latest log entry ${last ? `${last.action}: ${brief(last.message)}` : 'none'}, expected ${want.log}`,
    );
  const outcome = retired
    ? `cancelled/voided/deleted in BPro since: link ${link?.state ?? 'none'}, log ${last?.action ?? 'none'}`
    : `needs attention (link ${link?.state ?? 'none'}), no live copy in QuickBooks`;
  return { ...pick(entry), outcome: wrong.length ? wrong.join('; ') : outcome, ok: wrong.length === 0 };
}

/** The problems of a record the accountant edited (its PrivateNote got their line). */
export function checkEdited(ctx: AccountantContext, entry: AccountantEntry): AccountantOutcome {
  const { entity, bproId } = entry;
  const tag = entry.tag ?? '';
  if (retiredInBpro(ctx.bpro, entity, bproId))
    return { ...pick(entry), outcome: 'cancelled/voided/deleted in BPro since (checked as such)', ok: true };
  const link = ctx.links.find((l) => l.entity === entity && l.bproId === bproId);
  const record = link ? ctx.qbo[QBO_DOCUMENT[entity]]?.get(link.qboId) : undefined;
  if (!record) return { ...pick(entry), outcome: 'not in QuickBooks (see above)', ok: false };
  const warnings = entriesOf(ctx, entity, bproId).filter((e) => e.action === 'warning');
  const bproChanged =
    ctx.entries.some(
      (e) => e.by === 'bpro' && e.act === 'edit' && e.entity === entity && e.bproId === bproId,
    ) ||
    entriesOf(ctx, entity, bproId).some((e) => e.action === 'updated' && e.at.getTime() > entry.at.getTime());
  const wrong: string[] = [];
  let outcome: string;
  if (str(record.PrivateNote).includes(tag)) {
    outcome = 'the accountant\'s version kept, with an "Edited in QuickBooks" warning';
    if (!warnings.some((w) => str(w.message).startsWith('Edited in QuickBooks')))
      wrong.push('no "Edited in QuickBooks" warning in the log');
    if (bproChanged) wrong.push("BPro changed it since, but QuickBooks still has the accountant's version");
  } else {
    outcome = "BPro's version since BPro changed it, with a warning naming the accountant's values";
    if (
      !warnings.some((w) => str(w.message).startsWith('Edited in QuickBooks') && str(w.message).includes(tag))
    )
      wrong.push(`BPro's version replaced the accountant's, but no warning names their "${tag}"`);
    if (!bproChanged) wrong.push("the accountant's edit is gone, though BPro did not change the record");
  }
  return { ...pick(entry), outcome: wrong.length ? wrong.join('; ') : outcome, ok: wrong.length === 0 };
}

/** Links in a QuickBooks-side state (or unlinked) that no accountant action explains. */
export function unexplainedStates(
  ctx: AccountantContext,
  removed: ReadonlyMap<string, AccountantEntry>,
): string[] {
  return ctx.links
    .filter((l) => ['qbo_deleted', 'qbo_voided', 'unlinked'].includes(l.state))
    .filter((l) => !removed.has(key(l.entity, l.bproId)))
    .map((l) => {
      const last = lastAction(ctx, l.entity, l.bproId);
      return `${l.entity} ${l.bproId}: link state ${l.state}, but nobody deleted or voided it in QuickBooks (latest log: ${last ? `${last.action}: ${brief(last.message)}` : 'none'})`;
    });
}

const pick = (e: AccountantEntry) => ({
  n: e.n,
  act: e.act,
  entity: e.entity,
  bproId: e.bproId,
  qboId: e.qboId,
});

/** A log message on one line, at most 160 characters. */
export function brief(message: string | null): string {
  const line = (message ?? '').replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
