// Customers and jobs (sub-customers). Matched by DisplayName (active or not) before creating; a
// name another kind of record holds (6240) gets a deterministic disambiguated name. The start date
// (design.md §1): one created before it syncs only as a dependency of a synced document.
import { getCustomer } from '../../../db/queries/bpro';
import {
  customerBody,
  customerDisplayName,
  foreignCurrencyMessage,
  foreignCurrencyOf,
  matchCustomer,
} from '../../mapping/customer';
import { disambiguatedName, QBO_LIMITS } from '../../mapping/names';
import { sparseUpdateBody } from '../../mapping/update';
import type { QboEntity } from '../../qbo/schemas';
import type { EntityHandler, Step, SyncContext } from '../types';
import { needsAttention, skipped } from '../outcome';
import { activeForDocuments, withCreatedActiveNote } from '../active-for-documents';
import { isInScope } from '../scope';
import { deactivateLinked, upsertNamed } from './upsert';

const day = (at: Date) => at.toISOString().slice(0, 10);

/** A matched QBO customer in another currency than the home one: not linked, a person decides. */
class ForeignCurrencyCustomer extends Error {
  override readonly name = 'ForeignCurrencyCustomer';
}

/** The record's outcome when its match was refused for its currency (not linked, no QBO id). */
function foreignCurrencyAttention(error: unknown): Step {
  if (error instanceof ForeignCurrencyCustomer) return needsAttention(error.message);
  throw error;
}

/**
 * Refuses the match when it is in a foreign currency (a multicurrency company): BPro's documents
 * are in the home currency, and QBO only lets a customer's documents be in its own currency. One
 * already linked to another BPro customer is returned as is (upsertNamed creates instead).
 */
async function refuseForeignCurrency(
  ctx: SyncContext,
  bproId: string,
  match: QboEntity & { DisplayName: string },
): Promise<QboEntity> {
  const home = ctx.snapshot.homeCurrency;
  const currency = foreignCurrencyOf(match, home);
  if (!home || !currency || (await ctx.links.linkedToOther('customer', match.Id, bproId))) return match;
  throw new ForeignCurrencyCustomer(foreignCurrencyMessage(match.DisplayName, currency, home));
}

/**
 * Whether a customer created before the start date is synced now: never on its own (its hook, a
 * re-run, or an initial sync, which lists only those in scope), always as a document's dependency.
 * Already-linked ones keep syncing their edits. Returns the skip, or the note the log carries.
 */
async function startDateRule(
  ctx: SyncContext,
  row: { id: string; createdAt: Date },
  event: string,
): Promise<{ skip: Step } | { note: string | undefined }> {
  const startDate = ctx.snapshot.startDate;
  if (!startDate || event === 'initial-sync') return { note: undefined };
  if (await ctx.links.find('customer', row.id)) return { note: undefined };
  if (await isInScope(ctx.db, 'customer', ctx.tenantId, row.id, ctx.snapshot)) return { note: undefined };
  const before = `Created ${day(row.createdAt)}, before the sync start date ${startDate}`;
  if (event === 'dependency') return { note: `${before}: synced because a document needs it` };
  return {
    skip: skipped(`${before}: it syncs only when a synced invoice, payment or refund needs it`),
  };
}

export const customerHandler: EntityHandler = {
  async sync(ctx, bproId, event) {
    const row = await getCustomer(ctx.db, ctx.tenantId, bproId);
    if (!row) {
      const link = await ctx.links.find('customer', bproId);
      return link
        ? deactivateLinked(ctx, 'customer', 'Customer', link.qboId, bproId)
        : skipped('No longer in BPro');
    }
    const rule = await startDateRule(ctx, row, event);
    if ('skip' in rule) return rule.skip;
    const parentQboId = row.parentId
      ? await ctx.scheduler.ensure('customer', row.parentId, `job ${bproId}`)
      : null;
    const keptActive = await activeForDocuments(ctx, 'customer', bproId, row.isActive);
    const written = keptActive ? { ...row, isActive: true } : row;
    const body = customerBody(written, { parentQboId });
    const step = await upsertNamed(ctx, {
      entity: 'customer',
      bproId,
      qboEntity: 'Customer',
      label: row.parentId ? 'job' : 'customer',
      source: body,
      body: () => body,
      // Same DisplayName and same place: a job only matches a sub-customer of its parent, a
      // customer only a top-level one (another customer's name is taken: disambiguated instead).
      match: async () => {
        const name = customerDisplayName(row);
        const found = await ctx.qbo.queryAll('Customer', [
          { field: 'DisplayName', op: '=', value: name },
          { field: 'Active', op: 'IN', value: [true, false] },
        ]);
        const candidates = found.map((c) => ({
          ...c,
          DisplayName: typeof c.DisplayName === 'string' ? c.DisplayName : '',
          ParentRef: c.Job === true ? (c.ParentRef as { value: string } | undefined) : undefined,
        }));
        const match = matchCustomer(candidates, name, { parentQboId });
        return match ? refuseForeignCurrency(ctx, bproId, match) : null;
      },
      update: (current, b) =>
        sparseUpdateBody(current as QboEntity & { SyncToken: string }, b, ['DisplayName']),
      disambiguate: () =>
        customerBody(written, {
          parentQboId,
          displayName: disambiguatedName(customerDisplayName(row), bproId, QBO_LIMITS.displayName),
        }),
    })
      .catch(foreignCurrencyAttention)
      .then((done) => withCreatedActiveNote(done, keptActive));
    if (!rule.note || step.action === 'failed') return step;
    return { ...step, message: [rule.note, step.message].filter(Boolean).join('; ') };
  },
};
