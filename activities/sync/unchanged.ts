// The rule for a linked record whose BPro source did not change: nothing is written to QuickBooks.
import { compareSourceHash, sourceHash } from '../mapping/source-hash';
import type { SyncEntity } from '../../workflows/contracts';
import { UNCHANGED } from './log-wording';
import { synced } from './outcome';
import type { EntityLink, Step, SyncContext } from './types';

/**
 * `linked, unchanged` when the link's stored hash matches `inputs`, else null. A hash stored
 * before hashes were versioned is accepted once: the link gets the versioned hash of the same inputs.
 */
export async function unchangedStep(
  ctx: SyncContext,
  entity: SyncEntity,
  link: EntityLink,
  inputs: unknown,
): Promise<Step | null> {
  const verdict = compareSourceHash(link.sourceHash, entity, inputs);
  if (verdict === 'changed') return null;
  if (verdict === 'same-legacy') {
    const qbo = { Id: link.qboId, SyncToken: link.qboSyncToken ?? undefined };
    await ctx.links.save(
      entity,
      link.bproId,
      qbo,
      sourceHash(entity, inputs),
      link.state,
      link.qboFingerprint,
    );
  }
  return synced('linked', link.qboId, UNCHANGED);
}
