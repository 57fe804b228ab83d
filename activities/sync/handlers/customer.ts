// Customers and jobs (sub-customers). Matched by DisplayName (active or not) before creating; a
// name another kind of record holds (6240) gets a deterministic disambiguated name. The start date
// (design.md §1): one created before it syncs only as a dependency of a synced document.
import { getCustomer } from '../../../db/queries/bpro';
import { customerBody, customerDisplayName, matchCustomer } from '../../mapping/customer';
import { disambiguatedName, QBO_LIMITS } from '../../mapping/names';
import { sparseUpdateBody } from '../../mapping/update';
import type { QboEntity } from '../../qbo/client';
import type { EntityHandler, SyncEngine } from '../engine';
import { skipped, type Step } from '../outcome';
import { isInScope } from '../scope';
import { hashOf } from './hash';
import { deactivateLinked, upsertNamed } from './upsert';

const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Whether a customer created before the start date is synced now: never on its own (its hook, a
 * re-run, or an initial sync, which lists only those in scope), always as a document's dependency.
 * Already-linked ones keep syncing their edits. Returns the skip, or the note the log carries.
 */
async function startDateRule(
  engine: SyncEngine,
  row: { id: string; createdAt: Date },
  event: string,
): Promise<{ skip: Step } | { note: string | undefined }> {
  const startDate = engine.snapshot.startDate;
  if (!startDate || event === 'initial-sync') return { note: undefined };
  if (await engine.link('customer', row.id)) return { note: undefined };
  if (await isInScope(engine.db, 'customer', engine.tenantId, row.id, engine.snapshot))
    return { note: undefined };
  const before = `Created ${day(row.createdAt)}, before the sync start date ${startDate}`;
  if (event === 'dependency') return { note: `${before}: synced because a document needs it` };
  return {
    skip: skipped(`${before}: it syncs only when a synced invoice, payment or refund needs it`),
  };
}

export const customerHandler: EntityHandler = {
  async sync(engine, bproId, event) {
    const row = await getCustomer(engine.db, engine.tenantId, bproId);
    if (!row) {
      const link = await engine.link('customer', bproId);
      return link
        ? deactivateLinked(engine, 'customer', 'Customer', link.qboId, bproId)
        : skipped('No longer in BPro');
    }
    const rule = await startDateRule(engine, row, event);
    if ('skip' in rule) return rule.skip;
    const parentQboId = row.parentId ? await engine.ensure('customer', row.parentId, `job ${bproId}`) : null;
    const body = customerBody(row, { parentQboId });
    const step = await upsertNamed(engine, {
      entity: 'customer',
      bproId,
      qboEntity: 'Customer',
      label: row.parentId ? 'job' : 'customer',
      sourceHash: hashOf(body),
      body: () => body,
      // Same DisplayName and same place: a job only matches a sub-customer of its parent, a
      // customer only a top-level one (another customer's name is taken: disambiguated instead).
      match: async () => {
        const name = customerDisplayName(row);
        const found = await engine.client.queryAll('Customer', [
          { field: 'DisplayName', op: '=', value: name },
          { field: 'Active', op: 'IN', value: [true, false] },
        ]);
        const candidates = found.map((c) => ({
          ...c,
          DisplayName: typeof c.DisplayName === 'string' ? c.DisplayName : '',
          ParentRef: c.Job === true ? (c.ParentRef as { value: string } | undefined) : undefined,
        }));
        return matchCustomer(candidates, name, { parentQboId }) ?? null;
      },
      update: (current, b) =>
        sparseUpdateBody(current as QboEntity & { SyncToken: string }, b, ['DisplayName']),
      disambiguate: () =>
        customerBody(row, {
          parentQboId,
          displayName: disambiguatedName(customerDisplayName(row), bproId, QBO_LIMITS.displayName),
        }),
    });
    if (!rule.note || step.action === 'failed') return step;
    return { ...step, message: [rule.note, step.message].filter(Boolean).join('; ') };
  },
};
