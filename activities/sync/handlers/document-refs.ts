// The records a document names, synced first: all of them together (an order's customer, items,
// tax code and term), or the one customer of a payment or refund receipt.
import type { SyncEntity } from '../../../workflows/contracts';
import type { DocumentWrite, SyncContext } from '../types';

/**
 * The QBO ids of the records a document needs, each synced first when it is not linked yet. They
 * are ensured side by side (each its own task: with the batching client their lookups and creates
 * share batches); all of them end before this does, and the first failure in the order asked is
 * the one thrown, as when they were ensured one after another.
 */
export async function ensureTogether(
  ctx: SyncContext,
  records: ReadonlyArray<{ entity: SyncEntity; bproId: string }>,
  neededBy: string,
): Promise<(entity: SyncEntity, bproId: string) => string> {
  const settled = await Promise.allSettled(
    records.map((r) => ctx.scheduler.ensure(r.entity, r.bproId, neededBy)),
  );
  const ids = new Map<string, string>();
  settled.forEach((s, i) => {
    if (s.status === 'rejected') throw s.reason;
    const record = records[i] as { entity: SyncEntity; bproId: string };
    ids.set(`${record.entity}:${record.bproId}`, s.value);
  });
  return (entity, bproId) => {
    const id = ids.get(`${entity}:${bproId}`);
    if (id === undefined) throw new Error(`${entity} ${bproId} was not ensured`);
    return id;
  };
}

export async function customerOnlyDocument(
  ctx: SyncContext,
  input: { entity: 'payment' | 'refund'; bproId: string; customerId: string },
): Promise<DocumentWrite> {
  const neededBy = `${input.entity} ${input.bproId}`;
  const qboId = await ctx.scheduler.ensure('customer', input.customerId, neededBy);
  return {
    entity: input.entity,
    qboEntity: input.entity === 'payment' ? 'Payment' : 'RefundReceipt',
    bproId: input.bproId,
    neededBy,
    refs: [{ entity: 'customer', bproId: input.customerId, qboId }],
  };
}
