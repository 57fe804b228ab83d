// The links between BPro records and their QBO records, as one run reads and writes them.
import type { Database } from '../../db/client';
import { findLink, findLinkByQboId, saveLink, type LinkEntity } from '../../db/queries/entity-links';
import type { EarlierCopies } from './earlier-copies';
import { fingerprintOf } from './qbo-side';
import type { Links, LinkState } from './types';

/** Whether a QBO record is already linked to a different BPro record of this entity. */
export async function linkedToOther(
  db: Database,
  tenantId: string,
  entity: LinkEntity,
  qboId: string,
  bproId: string,
): Promise<boolean> {
  const owner = await findLinkByQboId(db, tenantId, entity, qboId);
  return owner !== null && owner.bproId !== bproId;
}

export class RunLinks implements Links {
  constructor(
    private readonly db: Database,
    private readonly tenantId: string,
    /** Saving a document's link clears the note of its create. */
    private readonly copies: EarlierCopies,
  ) {}

  find(entity: LinkEntity, bproId: string) {
    return findLink(this.db, this.tenantId, entity, bproId);
  }

  linkedToOther(entity: LinkEntity, qboId: string, bproId: string): Promise<boolean> {
    return linkedToOther(this.db, this.tenantId, entity, qboId, bproId);
  }

  async save(
    entity: LinkEntity,
    bproId: string,
    qbo: { Id: string; SyncToken?: string | undefined },
    sourceHash: string | null,
    state: LinkState = 'active',
    fingerprint?: string | null,
  ): Promise<void> {
    await saveLink(this.db, {
      tenantId: this.tenantId,
      entity,
      bproId,
      qboId: qbo.Id,
      qboSyncToken: qbo.SyncToken ?? null,
      sourceHash,
      state,
      qboFingerprint: fingerprint !== undefined ? fingerprint : fingerprintOf(qbo),
    });
    await this.copies.linked(entity, bproId);
  }
}
