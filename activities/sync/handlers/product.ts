// Products → QBO items through upsertNamed: matched by Sku, then Name, before creating; a product
// deleted in BPro is made inactive. An Inventory item the sync creates gets the start date every
// sale the sync writes needs (product-start-date.ts): QBO refuses a sale dated before it (6270),
// and keeps an item's start date when the API updates it. An existing item linked to a product
// and starting after BPro's orders of it is named in a warning, with the date to set.
import { getProduct } from '../../../db/queries/bpro';
import { findSyncSettings } from '../../../db/queries/settings';
import {
  itemUpdateBody,
  matchItem,
  productItemBody,
  productName,
  productSku,
  type ProductInput,
} from '../../mapping/item';
import { chooseItemAccounts } from '../../mapping/item-accounts';
import { disambiguatedName, QBO_LIMITS } from '../../mapping/names';
import type { QboEntity } from '../../qbo/schemas';
import { skipped } from '../outcome';
import { activeForDocuments, withCreatedActiveNote } from '../active-for-documents';
import type { EntityHandler, Step, SyncContext } from '../types';
import { itemsNewSinceStart } from '../items-at-start';
import { lateItemWarning, wantedStartDate } from './product-start-date';
import { deactivateLinked, upsertNamed } from './upsert';

type ProductRow = NonNullable<Awaited<ReturnType<typeof getProduct>>>;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

async function itemAccountsFor(ctx: SyncContext) {
  const [accounts, settings] = await Promise.all([
    ctx.lookup.accounts(),
    ctx.cache.get('settings', () => findSyncSettings(ctx.db, ctx.tenantId)),
  ]);
  return chooseItemAccounts(accounts, {
    incomeAccountId: settings?.defaultIncomeAccountId ?? null,
    expenseAccountId: settings?.defaultExpenseAccountId ?? null,
    assetAccountId: settings?.defaultAssetAccountId ?? null,
  });
}

/**
 * The same Sku, else the same name on an item without another Sku; never a category. `skuOnly`:
 * the name is left to QBO (a taken name answers the create with 6240, and the create then runs
 * this again in full: upsert.ts). `fromStart`: while an initial sync runs, a Sku or a name no item
 * had at its start is not looked up (snapshot.ts `itemsWhileInitialSyncRuns`), so a new product
 * is created at once, a QBO round trip sooner (an order hook's, or a page's that a hook waits for).
 */
async function matchProduct(
  ctx: SyncContext,
  row: ProductInput,
  options: { skuOnly: boolean; fromStart: boolean },
): Promise<QboEntity | null> {
  const sku = productSku(row);
  const all = [true, false];
  const atStart = options.fromStart ? await itemsNewSinceStart(ctx) : undefined;
  const lookSku = sku !== undefined && !atStart?.newSku(sku);
  const lookName = !options.skuOnly && !atStart?.newName(productName(row));
  const [bySku, byName] = await Promise.all([
    lookSku
      ? ctx.qbo.queryAll('Item', [
          { field: 'Sku', op: '=', value: sku },
          { field: 'Active', op: 'IN', value: all },
        ])
      : [],
    lookName
      ? ctx.qbo.queryAll('Item', [
          { field: 'Name', op: '=', value: productName(row) },
          { field: 'Active', op: 'IN', value: all },
        ])
      : [],
  ]);
  const candidates = [...bySku, ...byName].map((i) => ({
    ...i,
    Name: str(i.Name),
    Sku: typeof i.Sku === 'string' ? i.Sku : undefined,
    Type: typeof i.Type === 'string' ? i.Type : undefined,
  }));
  return matchItem(candidates, { kind: 'product', name: productName(row), sku }) ?? null;
}

async function syncProduct(ctx: SyncContext, row: ProductRow, bproId: string): Promise<Step> {
  const categoryQboId = row.categoryId
    ? await ctx.scheduler.ensure('productCategory', row.categoryId, `product ${bproId}`)
    : null;
  const accounts = await itemAccountsFor(ctx);
  const startDate = await wantedStartDate(ctx, row);
  const keptActive = await activeForDocuments(ctx, 'product', bproId, row.isActive);
  const written = keptActive ? { ...row, isActive: true } : row;
  const body = productItemBody(written, { accounts, categoryQboId, invStartDate: startDate });
  const matched: { item?: QboEntity | null } = {};
  // A hook's run looks up by Sku only at first (lookups.ts `createsFirst`), and any run skips what
  // is new since the initial sync's start; after a 6240, in full.
  // (Created before any lookup, the first match comes after a 6240: in full.)
  let lookups = ctx.lookup.createsFirst('Item', 'product') ? 1 : 0;
  const step = await upsertNamed(ctx, {
    entity: 'product',
    bproId,
    qboEntity: 'Item',
    label: 'item',
    source: body,
    body: () => body,
    match: async () => {
      const first = lookups++ === 0;
      matched.item = await matchProduct(ctx, row, {
        skuOnly: first && ctx.lookup.realTime,
        fromStart: first,
      });
      return matched.item;
    },
    // Never the type, accounts, opening quantity or start date (QBO keeps those of an item).
    update: (current, b) => itemUpdateBody(current as QboEntity & { SyncToken: string }, b),
    disambiguate: () =>
      productItemBody(written, {
        accounts,
        categoryQboId,
        invStartDate: startDate,
        name: disambiguatedName(productName(row), bproId, QBO_LIMITS.itemName),
      }),
  });
  // Linked to an item already in QuickBooks: say so when it starts after BPro's orders of it.
  const linkedTo = matched.item;
  if (linkedTo && step.action === 'linked' && step.qboId === linkedTo.Id) {
    const warning = await lateItemWarning(ctx, row, linkedTo, startDate);
    if (warning) await ctx.log.warn('product', bproId, warning, linkedTo.Id);
  }
  return withCreatedActiveNote(step, keptActive);
}

export const productHandler: EntityHandler = {
  async sync(ctx, bproId) {
    const row = await getProduct(ctx.db, ctx.tenantId, bproId);
    if (row) return syncProduct(ctx, row, bproId);
    const link = await ctx.links.find('product', bproId);
    return link ? deactivateLinked(ctx, 'product', 'Item', link.qboId, bproId) : skipped('No longer in BPro');
  },
};
