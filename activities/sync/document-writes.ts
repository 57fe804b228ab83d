// Writes of documents (invoices, payments, refund receipts): creates noted first so a lost answer
// can be found again, and the one rule for documents naming an inactive customer or item.
import type { QboEntity } from '../qbo/schemas';
import { QboError } from '../qbo/errors';
import type { SyncClient } from '../qbo/sync-client';
import type { EarlierCopies } from './earlier-copies';
import { NeedsAttention } from './outcome';
import type {
  DocumentEntity,
  DocumentRef,
  Documents,
  DocumentWrite,
  Links,
  RequestIds,
  RunCache,
  RunLog,
} from './types';

export class DocumentWriter implements Documents {
  constructor(
    private readonly qbo: SyncClient,
    private readonly requestIds: RequestIds,
    private readonly copies: EarlierCopies,
    private readonly cache: RunCache,
    private readonly log: RunLog,
    private readonly links: Links,
  ) {}

  /** A note of the create is saved first (cleared with the link), so `earlierCopy` can find it. */
  async create(doc: DocumentWrite, body: Record<string, unknown>): Promise<QboEntity> {
    await this.copies.note(doc, body);
    return this.writeReferring(doc, (retry) =>
      this.qbo.create(
        doc.qboEntity,
        body,
        this.requestIds.create(doc.entity, doc.bproId, retry ? { body, retry } : body),
      ),
    );
  }

  update(doc: DocumentWrite, change: QboEntity): Promise<QboEntity> {
    return this.writeReferring(doc, (retry) =>
      this.qbo.update(
        doc.qboEntity,
        change,
        this.requestIds.update(doc.entity, doc.bproId, retry ? { change, retry } : change),
      ),
    );
  }

  earlierCopy(entity: DocumentEntity, bproId: string): Promise<QboEntity | null> {
    return this.copies.find(entity, bproId);
  }

  /**
   * Writes a document naming customers and items (`doc.refs`). QBO refuses one that names an
   * inactive record (610); only then are the named records read. One the sync made inactive
   * (deleted in BPro) is made active again (a `warning`) and the write tried once more (`retry`: a
   * new request id, as QBO replays the first answer to an id); one made inactive in QuickBooks by
   * someone else is not overruled: the document needs attention. Checking first would cost a read
   * per record per page.
   */
  private async writeReferring(
    doc: DocumentWrite,
    write: (retry: boolean) => Promise<QboEntity>,
  ): Promise<QboEntity> {
    try {
      return await write(false);
    } catch (error) {
      if (!(error instanceof QboError && error.type === 'not_found_or_inactive')) throw error;
      const reactivated = await Promise.all(doc.refs.map((ref) => this.reactivate(ref, doc.neededBy)));
      if (!reactivated.includes(true)) throw error;
      return write(true);
    }
  }

  /**
   * Makes a referenced QBO customer or item the sync deactivated active again; true if it is
   * active now (the refused write may go again). One someone else made inactive: NeedsAttention, naming this document.
   */
  private async reactivate(ref: DocumentRef, neededBy: string): Promise<boolean> {
    const qboEntity = ref.entity === 'customer' ? 'Customer' : 'Item';
    const outcome = await this.reactivateOnce(ref, qboEntity, neededBy);
    if (typeof outcome === 'boolean') return outcome;
    throw new NeedsAttention(
      `${qboEntity} "${outcome.notOurs}" was made inactive in QuickBooks (not by the sync), so ${neededBy} cannot be sent. Make it active in QuickBooks (or merge it into another), then press Re-run.`,
    );
  }

  /** Once per record and run, however many documents of the run refer to it. */
  private reactivateOnce(
    ref: DocumentRef,
    qboEntity: 'Customer' | 'Item',
    neededBy: string,
  ): Promise<boolean | { notOurs: string }> {
    return this.cache.get(`active:${qboEntity}:${ref.qboId}`, async () => {
      const current = await this.qbo.read(qboEntity, ref.qboId);
      // Active already: another run (a page beside this one, a hook) made it active again after
      // this write was refused, so the write may go again.
      if (current.Active !== false) return true;
      // Inactive by the sync's own doing (its last write, e.g. inactive in BPro; or deleted in BPro)
      // is the sync's to undo; made inactive in QuickBooks by someone else is not overruled.
      const link = await this.links.find(ref.entity, ref.bproId);
      const ours =
        link?.state === 'deleted' || (!!link?.qboSyncToken && link.qboSyncToken === current.SyncToken);
      if (!ours) {
        const named = current.DisplayName ?? current.Name;
        return { notOurs: typeof named === 'string' ? named : ref.qboId };
      }
      const why = link?.state === 'deleted' ? 'it had been deleted in BPro' : 'it is inactive in BPro';
      const change = {
        Id: current.Id,
        SyncToken: current.SyncToken ?? '0',
        Active: true,
        ...(ref.entity === 'product' ? { Type: current.Type } : {}),
      };
      await this.qbo.update(qboEntity, change, this.requestIds.update(ref.entity, ref.bproId, change));
      await this.log.warn(
        ref.entity,
        ref.bproId,
        `Made active again in QuickBooks: ${neededBy} refers to it (${why})`,
        ref.qboId,
      );
      return true;
    });
  }
}
