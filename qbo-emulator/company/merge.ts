// Merging two customers, as an accountant does in QBO by renaming one to the other's exact name:
// every transaction of `from` names `into` (SyncToken and LastUpdatedTime move on, balances follow),
// and `from` is left inactive like every deleted customer (Intuit's help) or, with the option
// mergedCustomer = 'deleted', removed (610 on read, status Deleted in CDC).
import { refTo, type OpContext } from '../entities/context';
import { currencyOfCustomer } from '../entities/currency';
import { adjustCustomerBalance, mutateStored } from '../entities/effects';
import { entityMap, markDeleted, type EntityName } from '../store';
import { asNumber, refValue, type QboObject } from '../util';

const TRANSACTIONS: readonly EntityName[] = ['Invoice', 'Payment', 'CreditMemo', 'RefundReceipt'];

/** Why a merge cannot be done (the control endpoint answers 400, or 404 for a missing customer). */
export class MergeRefused extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
  }
}

/** Checks the merge can be done; returns the customer that stays. */
function check(ctx: OpContext, fromId: string, intoId: string): QboObject {
  const customers = entityMap(ctx.realm, 'Customer');
  const from = customers.get(fromId);
  const into = customers.get(intoId);
  if (!from) throw new MergeRefused(`No customer ${fromId}`, 404);
  if (!into) throw new MergeRefused(`No customer ${intoId}`, 404);
  if (fromId === intoId) throw new MergeRefused('A customer cannot be merged into itself');
  if (from['Active'] === false || into['Active'] === false)
    throw new MergeRefused('Only active customers can be merged');
  // Intuit: "Check that neither customer has sub-customers before you merge them."
  for (const c of customers.values())
    if (c['Active'] !== false && [fromId, intoId].includes(refValue(c['ParentRef']) ?? ''))
      throw new MergeRefused('Customers with sub-customers cannot be merged');
  if (currencyOfCustomer(ctx, from) !== currencyOfCustomer(ctx, into))
    throw new MergeRefused('Customers in different currencies cannot be merged');
  return into;
}

/** Merges customer `fromId` into `intoId`; returns the ids of the transactions moved, by type. */
export function mergeCustomers(ctx: OpContext, fromId: string, intoId: string): Record<string, string[]> {
  const into = check(ctx, fromId, intoId);
  const realm = ctx.realm;
  const moved: Record<string, string[]> = {};
  for (const entity of TRANSACTIONS) {
    const ids = [...entityMap(realm, entity).values()]
      .filter((o) => refValue(o['CustomerRef']) === fromId)
      .map((o) => String(o['Id']));
    for (const id of ids)
      mutateStored(ctx, entity, id, (o) => {
        o['CustomerRef'] = refTo(into, 'DisplayName');
      });
    moved[entity] = ids;
  }
  // What is left of from's balance (its opening balance) moves with it.
  const rest = asNumber(entityMap(realm, 'Customer').get(fromId)?.['Balance']) ?? 0;
  adjustCustomerBalance(ctx, fromId, -rest);
  adjustCustomerBalance(ctx, intoId, rest);
  mutateStored(ctx, 'Customer', intoId, () => undefined);
  if (ctx.options.mergedCustomer === 'deleted') markDeleted(realm, 'Customer', fromId, ctx.now);
  else
    mutateStored(ctx, 'Customer', fromId, (c) => {
      c['Active'] = false;
    });
  return moved;
}
