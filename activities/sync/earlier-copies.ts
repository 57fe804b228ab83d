// Documents sent to QuickBooks whose link was never saved (the answer was lost, or the worker died
// between QBO's commit and the link). A note of each create is written before it is sent and
// cleared with the link; a later run of the record finds the copy by that note.
import type { Database } from '../../db/client';
import { clearPendingCreate, findPendingCreate, notePendingCreate } from '../../db/queries/pending-creates';
import { refValue } from '../mapping/types';
import type { QboEntity } from '../qbo/schemas';
import type { Condition } from '../qbo/query';
import type { SyncClient } from '../qbo/sync-client';
import { linkedToOther } from './links';
import type { DocumentEntity, DocumentWrite, LinkEntity } from './types';

export class EarlierCopies {
  /** Records whose note this run wrote or acted on: saving their link clears it. */
  private readonly noted = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly tenantId: string,
    private readonly qbo: SyncClient,
  ) {}

  /** Notes a create before it is sent: the customer, date, number and marker it goes with. */
  async note(doc: DocumentWrite, body: Record<string, unknown>): Promise<void> {
    const customerQboId = refValue(body['CustomerRef']);
    const marker = typeof body['PrivateNote'] === 'string' ? body['PrivateNote'].split('\n')[0] : undefined;
    if (!customerQboId || !marker)
      throw new Error(`A ${doc.qboEntity} create needs a CustomerRef and a PrivateNote marker`);
    await notePendingCreate(this.db, {
      tenantId: this.tenantId,
      entity: doc.entity,
      bproId: doc.bproId,
      qboEntity: doc.qboEntity,
      customerQboId,
      txnDate: typeof body['TxnDate'] === 'string' ? body['TxnDate'] : null,
      docNumber: typeof body['DocNumber'] === 'string' ? body['DocNumber'] : null,
      marker,
    });
    this.noted.add(`${doc.entity}:${doc.bproId}`);
  }

  /**
   * The copy found by the customer, date, number and PrivateNote marker it was created with, so
   * also after the BPro record changed, was cancelled or was deleted. No QBO call unless such a
   * create is on record; a note whose copy is not in QuickBooks (never committed) is cleared.
   */
  async find(entity: DocumentEntity, bproId: string): Promise<QboEntity | null> {
    const key = { tenantId: this.tenantId, entity, bproId };
    const pending = await findPendingCreate(this.db, key);
    if (!pending) return null;
    const where: Condition[] = [{ field: 'CustomerRef', op: '=', value: pending.customerQboId }];
    if (pending.txnDate) where.push({ field: 'TxnDate', op: '=', value: pending.txnDate });
    if (pending.docNumber) where.push({ field: 'DocNumber', op: '=', value: pending.docNumber });
    for (const candidate of await this.qbo.queryAll(pending.qboEntity, where)) {
      const note = typeof candidate.PrivateNote === 'string' ? candidate.PrivateNote : '';
      if (
        (note === pending.marker || note.startsWith(`${pending.marker}\n`)) &&
        !(await linkedToOther(this.db, this.tenantId, entity, candidate.Id, bproId))
      ) {
        this.noted.add(`${entity}:${bproId}`);
        return candidate;
      }
    }
    await clearPendingCreate(this.db, key);
    return null;
  }

  /** The record is linked now: its note, if this run wrote or used one, is done with. */
  async linked(entity: LinkEntity, bproId: string): Promise<void> {
    if (this.noted.delete(`${entity}:${bproId}`))
      await clearPendingCreate(this.db, { tenantId: this.tenantId, entity, bproId });
  }
}
