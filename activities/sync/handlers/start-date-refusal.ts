// An invoice QuickBooks refused because it sells an inventory item before the item's start date
// (6270, classified as `inventory_start_date` at the QBO boundary). The items the sync creates
// start early enough for every order it writes (product-start-date.ts); this is an item that was
// in QuickBooks before the sync, one whose start date someone set later there, or an order entered
// back-dated after its item was created (without a sync start date). QuickBooks keeps an item's
// start date when the API updates it, so the user changes it: the record fails with the items and
// the date to set, in plain words instead of QuickBooks' text, and Re-run then writes the invoice.
import { getOrder, getProduct } from '../../../db/queries/bpro';
import { isoDay, startDateInstruction } from '../../mapping/inventory-start-date';
import { docNumberFor } from '../../mapping/invoice';
import { productItemType } from '../../mapping/item';
import { QboError } from '../../qbo/errors';
import { failed } from '../outcome';
import type { Step, SyncContext } from '../types';

type ItemStart = { name: string; start: string | undefined };

/** The order's inventory items as QuickBooks has them (name and start date), those it can read. */
async function inventoryItems(ctx: SyncContext, productIds: readonly string[]): Promise<ItemStart[]> {
  const items = await Promise.all(
    productIds.map(async (productId): Promise<ItemStart | null> => {
      const product = await getProduct(ctx.db, ctx.tenantId, productId);
      const link = await ctx.links.find('product', productId);
      if (!product || !link || productItemType(product) !== 'Inventory') return null;
      try {
        const item = await ctx.qbo.read('Item', link.qboId);
        const name = typeof item.Name === 'string' ? item.Name : product.name;
        return { name, start: typeof item.InvStartDate === 'string' ? isoDay(item.InvStartDate) : undefined };
      } catch (error) {
        if (error instanceof QboError && !error.retryable) return { name: product.name, start: undefined };
        throw error;
      }
    }),
  );
  return items.filter((i): i is ItemStart => i !== null);
}

/** The refusal in plain words: which items start after the invoice date, and the date to set. */
export async function startDateRefusalMessage(ctx: SyncContext, orderId: string): Promise<string> {
  const order = await getOrder(ctx.db, ctx.tenantId, orderId);
  if (!order)
    return 'QuickBooks refused this invoice: an inventory item on it starts after the invoice date. Set that item’s inventory start date in QuickBooks to the invoice date or earlier, then press Re-run.';
  const productIds = [...new Set(order.lines.map((l) => l.productId))].filter((p): p is string => p !== null);
  const items = await inventoryItems(ctx, productIds);
  const late = items.filter((i) => i.start !== undefined && i.start > order.orderDate);
  // Reads give an item's original start date (Intuit), which may have been changed in QuickBooks
  // since: when none reads as late, every inventory item of the order is named.
  const named = (late.length > 0 ? late : items).map((i) => i.name);
  const dated = `QuickBooks refused invoice ${docNumberFor(order.number)}: it is dated ${order.orderDate}`;
  const which =
    late.length > 0
      ? `, before the inventory start date of ${late.map((i) => `"${i.name}" (${i.start})`).join(', ')}.`
      : ', before the inventory start date of an item it sells.';
  const instruction =
    named.length > 0
      ? startDateInstruction(named, order.orderDate)
      : `Set the inventory start date of its inventory items in QuickBooks to ${order.orderDate} or earlier, then press Re-run.`;
  return `${dated}${which} ${instruction}`;
}

/** Runs an invoice's sync; a 6270 from QuickBooks ends it as failed with the plain-words reason. */
export async function reportingStartDates(
  ctx: SyncContext,
  orderId: string,
  sync: () => Promise<Step>,
): Promise<Step> {
  try {
    return await sync();
  } catch (error) {
    if (!(error instanceof QboError && error.type === 'inventory_start_date')) throw error;
    return failed(
      `${await startDateRefusalMessage(ctx, orderId)} [QuickBooks error ${error.code ?? '6270'}]`,
    );
  }
}
