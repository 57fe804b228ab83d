// The inventory start date of a product's QBO item, as the product handler needs it: the date an
// item it creates gets (mapping/inventory-start-date.ts decides), and the warning when the product
// is linked to an item already in QuickBooks that starts after BPro's orders of it. QuickBooks
// keeps an item's start date when the API updates it, so that one is the user's to change.
import { earliestOrderDates } from '../../../db/queries/earliest-sales';
import {
  earliestSaleMatters,
  inventoryStartDate,
  startDateInstruction,
  startsAfter,
} from '../../mapping/inventory-start-date';
import { productItemType, type ProductInput } from '../../mapping/item';
import type { QboEntity } from '../../qbo/schemas';
import type { SyncContext } from '../types';

type StartDateProduct = Pick<ProductInput, 'id' | 'kind' | 'trackInventory' | 'createdAt'>;

/**
 * The start date a product's Inventory item needs (undefined for other item types). The earliest
 * orders are read once per run for every product of the tenant (one query per page of products in
 * an initial sync), and only when there is no sync start date (see earliestSaleMatters).
 */
export async function wantedStartDate(ctx: SyncContext, row: StartDateProduct): Promise<string | undefined> {
  if (productItemType(row) !== 'Inventory') return undefined;
  const syncStartDate = ctx.snapshot.startDate;
  const earliest = earliestSaleMatters(syncStartDate)
    ? await ctx.cache.get('earliestSales', () =>
        earliestOrderDates(ctx.db, ctx.tenantId, { productIds: null, onOrAfter: syncStartDate }),
      )
    : null;
  return inventoryStartDate({
    createdAt: row.createdAt,
    syncStartDate,
    earliestSale: earliest?.get(row.id) ?? null,
  });
}

/**
 * For a product linked to an existing Inventory item: a warning for the log when the item starts
 * after the product's earliest order the sync writes (QuickBooks will refuse that order's invoice),
 * with the date to set; else undefined. One look-up of the product's orders, for matched items only.
 */
export async function lateItemWarning(
  ctx: SyncContext,
  row: StartDateProduct,
  item: QboEntity,
  wanted: string | undefined,
): Promise<string | undefined> {
  if (wanted === undefined || startsAfter(item, wanted) === undefined) return undefined;
  const sales = await earliestOrderDates(ctx.db, ctx.tenantId, {
    productIds: [row.id],
    onOrAfter: ctx.snapshot.startDate,
  });
  const earliest = sales.get(row.id);
  const start = startsAfter(item, earliest);
  if (earliest === undefined || start === undefined) return undefined;
  const name = typeof item.Name === 'string' ? item.Name : `Item ${item.Id}`;
  return (
    `QuickBooks item "${name}" starts its inventory on ${start}, but BPro has orders of it from ${earliest}: ` +
    `QuickBooks refuses their invoices, and the sync cannot move an item's start date. ` +
    startDateInstruction([name], wanted, 'then press Re-run on the invoices it refused')
  );
}
