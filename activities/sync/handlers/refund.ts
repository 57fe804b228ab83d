// Refunds: the refund receipt document spec. A refund deleted in BPro deletes its receipt (QBO
// cannot void refund receipts through the API, qbo-api.md §6.9).
import { getPaymentMethod, getRefund } from '../../../db/queries/bpro';
import { QboError } from '../../qbo/errors';
import { chooseItemAccounts, chooseRefundIncomeAccount } from '../../mapping/item-accounts';
import { REFUND_ITEM_NAME, refundReceiptBody, refundServiceItemBody } from '../../mapping/refund';
import { MappingError, refValue } from '../../mapping/types';
import { syncDocument } from '../document-lifecycle';
import type { DocumentSpec, PreparedDocument } from '../document-spec';
import { skipped } from '../outcome';
import type { EntityHandler, SyncContext } from '../types';
import { customerOnlyDocument } from './document-refs';
import { matchQboPaymentMethod } from './reference';
import { untaxedTaxCodeId } from './tax-ca';

type Refund = NonNullable<Awaited<ReturnType<typeof getRefund>>>;

const NO_REFUND_ACCOUNT = 'No refund account is set in the QuickBooks settings, so refunds are not synced';

/**
 * The service item refund receipts carry: found by name, else created (once per run). Runs side
 * by side (pages in flight) may both find none and create it: the second create meets QBO's
 * duplicate-name refusal (6240) and takes the one made meanwhile.
 */
function refundItemId(ctx: SyncContext): Promise<string> {
  const find = () => ctx.lookup.one('Item', [{ field: 'Name', op: '=', value: REFUND_ITEM_NAME }]);
  return ctx.cache.get('refundItem', async () => {
    const existing = await find();
    if (existing) return existing.Id;
    const accounts = await ctx.lookup.accounts();
    const income = chooseRefundIncomeAccount(accounts, chooseItemAccounts(accounts).income);
    if (!income)
      throw new MappingError(
        'missing_account',
        'The QuickBooks company has no income account for the refund item',
      );
    const body = refundServiceItemBody(income);
    try {
      const created = await ctx.qbo.create(
        'Item',
        body,
        ctx.requestIds.create('refund', 'refund-item', body),
      );
      return created.Id;
    } catch (error) {
      const meanwhile = error instanceof QboError && error.type === 'duplicate_name' ? await find() : null;
      if (!meanwhile) throw error;
      return meanwhile.Id;
    }
  });
}

async function prepareRefund(ctx: SyncContext, row: Refund, bproId: string): Promise<PreparedDocument> {
  const doc = await customerOnlyDocument(ctx, { entity: 'refund', bproId, customerId: row.customerId });
  const method = await getPaymentMethod(ctx.db, ctx.tenantId, row.paymentMethodId);
  const match = method ? await matchQboPaymentMethod(ctx, method) : null;
  const refundItemQboId = await refundItemId(ctx);
  // A Canadian company: the refund line carries the code of BPro's untaxed lines instead of NON.
  const untaxedTaxCodeQboId = ctx.snapshot.taxModel === 'CA' ? await untaxedTaxCodeId(ctx) : null;
  return {
    doc,
    build(current) {
      // An edited receipt stays in the account it was paid from, even if the setting changed since.
      const refundAccountQboId = refValue(current?.DepositToAccountRef) ?? ctx.snapshot.refundAccountId;
      if (!refundAccountQboId) return Promise.resolve(skipped(NO_REFUND_ACCOUNT));
      const body = refundReceiptBody(row, {
        customerQboId: doc.refs[0]?.qboId as string,
        refundAccountQboId,
        refundItemQboId,
        paymentMethodQboId: match?.ok ? match.method.Id : null,
        homeCurrency: ctx.snapshot.homeCurrency,
        untaxedTaxCodeQboId,
      });
      return Promise.resolve({ body });
    },
  };
}

const refundSpec: DocumentSpec<Refund> = {
  entity: 'refund',
  qboEntity: 'RefundReceipt',
  retireBy: 'delete',
  load: (ctx, bproId) => getRefund(ctx.db, ctx.tenantId, bproId),
  retired: { deleted: 'Deleted in QuickBooks after it was deleted in BPro; not brought back' },
  /** What a RefundReceipt depends on in BPro: a change means the linked receipt is updated. */
  sourceOf: (row) => ({
    refund: 2,
    customerId: row.customerId,
    paymentMethodId: row.paymentMethodId,
    amount: row.amount,
    refundedOn: row.refundedOn,
    reason: row.reason,
  }),
  outOfScope(ctx, row) {
    const startDate = ctx.snapshot.startDate;
    if (!ctx.snapshot.refundAccountId) return Promise.resolve(NO_REFUND_ACCOUNT);
    if (startDate && row.refundedOn < startDate)
      return Promise.resolve(`Refunded ${row.refundedOn}, before the sync start date ${startDate}`);
    return Promise.resolve(null);
  },
  prepare: prepareRefund,
};

export const refundHandler: EntityHandler = {
  sync: (ctx, bproId) => syncDocument(ctx, refundSpec, bproId),
};
