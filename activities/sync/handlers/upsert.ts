// The shared shape of syncing a name-list record: known link → update if BPro changed; else
// match an existing QBO record (link, don't duplicate); else create with a deterministic
// request id, retrying once under a disambiguated name when another kind of record owns the name.
import type { SyncEntity } from '../../../workflows/contracts';
import type { QboEntity } from '../../qbo/client';
import { QboError } from '../../qbo/errors';
import type { SyncEngine } from '../engine';
import { synced, type Step } from '../outcome';

export type UpsertSpec<B extends object> = {
  entity: SyncEntity;
  bproId: string;
  qboEntity: string;
  /** Hash of the BPro fields the body depends on. */
  sourceHash: string;
  body: () => B;
  /** An existing QBO record this one should link to instead of creating. */
  match: () => Promise<QboEntity | null>;
  /** The sparse update bringing `current` in line with `body`, or undefined when nothing differs. */
  update?: (current: QboEntity, body: B) => Record<string, unknown> | undefined;
  /** A body under a deterministic disambiguated name, after a 6240 on create. */
  disambiguate?: () => B;
  label: string;
};

export async function upsertNamed<B extends object>(engine: SyncEngine, spec: UpsertSpec<B>): Promise<Step> {
  const link = await engine.link(spec.entity, spec.bproId);
  if (link) {
    if (link.sourceHash === spec.sourceHash || !spec.update)
      return synced('linked', link.qboId, 'Already in QuickBooks, unchanged');
    const current = await engine.client.read(spec.qboEntity, link.qboId);
    // A record created under its disambiguated name keeps it: the plain name is still taken.
    const renamed = spec.disambiguate?.();
    const keepsRenamed = renamed !== undefined && nameOf(renamed) === nameOf(current);
    const change = spec.update(current, keepsRenamed ? renamed : spec.body());
    if (!change) {
      await engine.saveLink(spec.entity, spec.bproId, current, spec.sourceHash);
      return synced('linked', link.qboId, 'Already up to date in QuickBooks');
    }
    try {
      const updated = await engine.client.update(
        spec.qboEntity,
        change as QboEntity,
        engine.updateRequestId(spec.entity, spec.bproId, change),
      );
      await engine.saveLink(spec.entity, spec.bproId, updated, spec.sourceHash);
      return synced('updated', updated.Id);
    } catch (error) {
      // Renamed in BPro to a name another kind of QBO record holds: the disambiguated name instead.
      if (!(error instanceof QboError && error.type === 'duplicate_name' && renamed && !keepsRenamed))
        throw error;
      const retried = spec.update(current, renamed);
      if (!retried) throw error;
      const updated = await engine.client.update(
        spec.qboEntity,
        retried as QboEntity,
        engine.updateRequestId(spec.entity, spec.bproId, retried),
      );
      await engine.saveLink(spec.entity, spec.bproId, updated, spec.sourceHash);
      await engine.warn(spec.entity, spec.bproId, takenWarning(nameOf(renamed), 'renamed'), updated.Id);
      return synced('updated', updated.Id, `Renamed to "${nameOf(renamed)}" (name taken in QuickBooks)`);
    }
  }
  // A match already linked to another BPro record (names differing only in case or spacing, which
  // QBO treats as equal) is not ours: create instead, under a disambiguated name if QBO insists.
  const match = await spec.match();
  const existing = match && !(await engine.linkedToOther(spec.entity, match.Id, spec.bproId)) ? match : null;
  if (existing) {
    await engine.saveLink(spec.entity, spec.bproId, existing, spec.sourceHash);
    return synced(
      'linked',
      existing.Id,
      `Linked to the existing QuickBooks ${spec.label} with the same name`,
    );
  }
  const body = spec.body();
  try {
    const created = await engine.client.create(
      spec.qboEntity,
      body as Record<string, unknown>,
      engine.createRequestId(spec.entity, spec.bproId, body),
    );
    await engine.saveLink(spec.entity, spec.bproId, created, spec.sourceHash);
    return synced('created', created.Id);
  } catch (error) {
    if (!(error instanceof QboError && error.type === 'duplicate_name' && spec.disambiguate)) throw error;
    // The name may be taken by this very record, created meanwhile by another sync (the record
    // leases make that rare; a lease that expired does not): link that one, not a renamed copy.
    const linkedMeanwhile = await engine.link(spec.entity, spec.bproId);
    if (linkedMeanwhile) return synced('linked', linkedMeanwhile.qboId, 'Created meanwhile by another sync');
    const again = await spec.match();
    if (again && !(await engine.linkedToOther(spec.entity, again.Id, spec.bproId))) {
      await engine.saveLink(spec.entity, spec.bproId, again, spec.sourceHash);
      return synced('linked', again.Id, `Linked to the existing QuickBooks ${spec.label} with the same name`);
    }
    const renamed = spec.disambiguate();
    const created = await engine.client.create(
      spec.qboEntity,
      renamed as Record<string, unknown>,
      engine.createRequestId(spec.entity, spec.bproId, renamed),
    );
    await engine.saveLink(spec.entity, spec.bproId, created, spec.sourceHash);
    const name = nameOf(renamed);
    await engine.warn(spec.entity, spec.bproId, takenWarning(name, 'created'), created.Id);
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
  engine: SyncEngine,
  entity: SyncEntity,
  qboEntity: 'Customer' | 'Item',
  qboId: string,
  bproId: string,
): Promise<Step> {
  const current = await engine.client.read(qboEntity, qboId);
  if (current.Active === false)
    return synced('updated', qboId, 'Deleted in BPro; already inactive in QuickBooks');
  const change = {
    Id: current.Id,
    SyncToken: current.SyncToken ?? '0',
    sparse: true,
    Active: false,
    ...(qboEntity === 'Item' ? { Type: current.Type } : {}),
  };
  const updated = await engine.client.update(
    qboEntity,
    change,
    engine.updateRequestId(entity, bproId, change),
  );
  await engine.saveLink(entity, bproId, updated, 'deleted');
  return synced('updated', updated.Id, 'Deleted in BPro: made inactive in QuickBooks');
}
