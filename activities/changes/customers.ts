// A customer the sync linked, deleted (merged) or made inactive in QuickBooks. When QuickBooks
// shows a survivor (the customer's invoices now name another customer: a merge), the BPro
// customer follows it; otherwise it needs attention, and documents naming it wait.
import { linkedInvoiceOfCustomer } from '../../db/queries/change-targets';
import { findLinkByQboId, saveLink, type EntityLink } from '../../db/queries/entity-links';
import { refValue } from '../mapping/types';
import { QboError } from '../qbo/errors';
import type { QboEntity } from '../qbo/schemas';
import { linkedToOther } from '../sync/links';
import { logOnce, setLinkState, type ChangeContext } from './context';

/** The customer QuickBooks moved this one's invoices to (a merge), if any. */
async function survivorOf(ctx: ChangeContext, link: EntityLink): Promise<string | null> {
  const invoiceId = await linkedInvoiceOfCustomer(ctx.db, ctx.tenantId, link.bproId);
  if (!invoiceId) return null;
  const invoice = await ctx.qbo.read('Invoice', invoiceId).catch((error: unknown) => {
    if (error instanceof QboError && error.type === 'not_found_or_inactive') return null;
    throw error;
  });
  const customer = refValue(invoice?.CustomerRef);
  return customer && customer !== link.qboId ? customer : null;
}

export async function customerChanged(ctx: ChangeContext, object: QboEntity): Promise<void> {
  const link = await findLinkByQboId(ctx.db, ctx.tenantId, 'customer', object.Id);
  if (!link || link.state !== 'active') return;
  const gone = object.status === 'Deleted';
  // Not a change by someone else: the sync's own write (e.g. a customer inactive in BPro).
  if (!gone && (object.Active !== false || object.SyncToken === link.qboSyncToken)) return;
  const record = { entity: 'customer' as const, bproId: link.bproId };
  const survivor = await survivorOf(ctx, link);
  if (survivor && !(await linkedToOther(ctx.db, ctx.tenantId, 'customer', survivor, link.bproId))) {
    await saveLink(ctx.db, {
      ...link,
      qboId: survivor,
      qboSyncToken: null,
      sourceHash: null,
      state: 'active',
    });
    await logOnce(ctx, {
      ...record,
      qboId: survivor,
      action: 'linked',
      message: `Merged in QuickBooks into customer ${survivor}: BPro's customer now follows that one (was ${link.qboId})`,
    });
    return;
  }
  if (gone && !(await setLinkState(ctx, link, 'qbo_deleted'))) return;
  await logOnce(ctx, {
    ...record,
    qboId: link.qboId,
    action: 'needs_attention',
    message: gone
      ? 'Deleted in QuickBooks (merged or removed), and QuickBooks shows no customer it went to: press Re-create in QuickBooks or Unlink'
      : 'Made inactive in QuickBooks: documents naming it wait; make it active in QuickBooks (or merge it into another customer), then press Re-run',
  });
}
