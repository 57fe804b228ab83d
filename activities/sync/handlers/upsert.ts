// The shared shape of syncing a name-list record: known link → update if BPro changed; else
// match an existing QBO record (link, don't duplicate); else create with a deterministic
// request id, retrying once under a disambiguated name when another kind of record owns the name.
import type { SyncEntity } from '../../../workflows/contracts';
import { sourceHash } from '../../mapping/source-hash';
import type { QboEntity } from '../../qbo/schemas';
import { QboError } from '../../qbo/errors';
import { UNCHANGED } from '../log-wording';
import { editedInQbo } from '../qbo-side';
import { synced } from '../outcome';
import type { EntityLink, Step, SyncContext } from '../types';
import { unchangedStep } from '../unchanged';

export type UpsertSpec<B extends object> = {
  entity: SyncEntity;
  bproId: string;
  qboEntity: string;
  /** What the body depends on in BPro (hashed: a change means the linked record is updated). */
  source: unknown;
  body: () => B;
  /** An existing QBO record this one should link to instead of creating. */
  match: () => Promise<QboEntity | null>;
  /** The sparse update bringing `current` in line with `body`, or undefined when nothing differs. */
  update?: (current: QboEntity, body: B) => Record<string, unknown> | undefined;
  /** A body under a deterministic disambiguated name, after a 6240 on create. */
  disambiguate?: () => B;
  label: string;
};

export async function upsertNamed<B extends object>(ctx: SyncContext, spec: UpsertSpec<B>): Promise<Step> {
  const link = await ctx.links.find(spec.entity, spec.bproId);
  if (link) {
    if (!spec.update) return synced('linked', link.qboId, UNCHANGED);
    return (
      (await unchangedStep(ctx, spec.entity, link, spec.source)) ?? updateLinked(ctx, spec, link, spec.update)
    );
  }
  // A match already linked to another BPro record (names differing only in case or spacing, which
  // QBO treats as equal) is not ours: create instead, under a disambiguated name if QBO insists.
  // Some are created before any lookup (lookups.ts `createsFirst`): one made under the same name
  // answers the create with 6240, and `create` then looks it up and links it.
  const match =
    spec.disambiguate && ctx.lookup.createsFirst(spec.qboEntity, spec.entity) ? null : await spec.match();
  const existing =
    match && !(await ctx.links.linkedToOther(spec.entity, match.Id, spec.bproId)) ? match : null;
  if (existing) {
    await ctx.links.save(spec.entity, spec.bproId, existing, hashOf(spec));
    return synced(
      'linked',
      existing.Id,
      `Linked to the existing QuickBooks ${spec.label} with the same name`,
    );
  }
  return create(ctx, spec);
}

const hashOf = (spec: { entity: SyncEntity; source: unknown }) => sourceHash(spec.entity, spec.source);

/** Brings the linked record in line with BPro (a record created under its disambiguated name keeps it). */
async function updateLinked<B extends object>(
  ctx: SyncContext,
  spec: UpsertSpec<B>,
  link: EntityLink,
  update: NonNullable<UpsertSpec<B>['update']>,
): Promise<Step> {
  const current = await ctx.qbo.read(spec.qboEntity, link.qboId);
  // The plain name is still taken when the record was created under its disambiguated one.
  const renamed = spec.disambiguate?.();
  const keepsRenamed = renamed !== undefined && nameOf(renamed) === nameOf(current);
  const change = update(current, keepsRenamed ? renamed : spec.body());
  if (!change) {
    await ctx.links.save(spec.entity, spec.bproId, current, hashOf(spec));
    return synced('linked', link.qboId, 'Already up to date in QuickBooks');
  }
  const write = async (body: Record<string, unknown>) => {
    const updated = await ctx.qbo.update(
      spec.qboEntity,
      body as QboEntity,
      ctx.requestIds.update(spec.entity, spec.bproId, body),
    );
    await ctx.links.save(spec.entity, spec.bproId, updated, hashOf(spec));
    return updated;
  };
  // Someone else changed it in QuickBooks since the sync's last write: the log names what BPro's version replaces.
  const edited = editedInQbo(link, current, change);
  if (edited) await ctx.log.warnBeforeWrite(spec.entity, spec.bproId, edited, current.Id);
  try {
    const updated = await write(change);
    return synced('updated', updated.Id);
  } catch (error) {
    // Renamed in BPro to a name another kind of QBO record holds: the disambiguated name instead.
    if (!(error instanceof QboError && error.type === 'duplicate_name' && renamed && !keepsRenamed))
      throw error;
    const retried = update(current, renamed);
    if (!retried) throw error;
    const updated = await write(retried);
    await ctx.log.warn(spec.entity, spec.bproId, takenWarning(nameOf(renamed), 'renamed'), updated.Id);
    return synced('updated', updated.Id, `Renamed to "${nameOf(renamed)}" (name taken in QuickBooks)`);
  }
}

/** Creates the record; on a name another kind of record holds (6240), under its disambiguated name. */
async function create<B extends object>(ctx: SyncContext, spec: UpsertSpec<B>): Promise<Step> {
  const write = async (body: B) => {
    const created = await ctx.qbo.create(
      spec.qboEntity,
      body as Record<string, unknown>,
      ctx.requestIds.create(spec.entity, spec.bproId, body),
    );
    await ctx.links.save(spec.entity, spec.bproId, created, hashOf(spec));
    return created;
  };
  try {
    return synced('created', (await write(spec.body())).Id);
  } catch (error) {
    if (!(error instanceof QboError && error.type === 'duplicate_name' && spec.disambiguate)) throw error;
    // The name may be taken by this very record, created meanwhile by another sync (the record
    // leases make that rare; a lease that expired does not): link that one, not a renamed copy.
    const linkedMeanwhile = await ctx.links.find(spec.entity, spec.bproId);
    if (linkedMeanwhile) return synced('linked', linkedMeanwhile.qboId, 'Created meanwhile by another sync');
    const again = await spec.match();
    if (again && !(await ctx.links.linkedToOther(spec.entity, again.Id, spec.bproId))) {
      await ctx.links.save(spec.entity, spec.bproId, again, hashOf(spec));
      return synced('linked', again.Id, `Linked to the existing QuickBooks ${spec.label} with the same name`);
    }
    const renamed = spec.disambiguate();
    const created = await write(renamed);
    const name = nameOf(renamed);
    await ctx.log.warn(spec.entity, spec.bproId, takenWarning(name, 'created'), created.Id);
    return synced('created', created.Id, `Created as "${name}" (name taken in QuickBooks)`);
  }
}

/** The name a body or a QBO record carries (DisplayName for people, Name for the other lists). */
function nameOf(value: object): string | undefined {
  const named = value as { DisplayName?: unknown; Name?: unknown };
  const name = named.DisplayName ?? named.Name;
  return typeof name === 'string' ? name : undefined;
}

const takenWarning = (name: string | undefined, done: 'created' | 'renamed') =>
  `The name is already used by another kind of QuickBooks record (e.g. a vendor or employee); ${done} as "${name}"`;

/**
 * A name-list record deleted in BPro: QuickBooks never deletes those, so the linked one is made
 * inactive (idempotent). One with an open balance cannot be, and fails with QBO's reason.
 */
export async function deactivateLinked(
  ctx: SyncContext,
  entity: SyncEntity,
  qboEntity: 'Customer' | 'Item',
  qboId: string,
  bproId: string,
): Promise<Step> {
  const current = await ctx.qbo.read(qboEntity, qboId);
  if (current.Active === false)
    return synced('updated', qboId, 'Deleted in BPro; already inactive in QuickBooks');
  const change = {
    Id: current.Id,
    SyncToken: current.SyncToken ?? '0',
    sparse: true,
    Active: false,
    ...(qboEntity === 'Item' ? { Type: current.Type } : {}),
  };
  const updated = await ctx.qbo.update(qboEntity, change, ctx.requestIds.update(entity, bproId, change));
  await ctx.links.save(entity, bproId, updated, null, 'deleted');
  return synced('updated', updated.Id, 'Deleted in BPro: made inactive in QuickBooks');
}
