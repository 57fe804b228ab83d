// The write of a document that names one customer (payments, refund receipts): its customer synced first.
import type { DocumentWrite, SyncContext } from '../types';

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
