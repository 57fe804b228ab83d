// The inventory start date of a product's QBO item, as the product handler needs it: the date it
// should have now (mapping/inventory-start-date.ts decides), an existing item's date moved earlier
// with a sparse update, and QBO refusing that move worded as what the user changes in QuickBooks.
import { earliestOrderDates } from '../../../db/queries/earliest-sales';
import {
  earliestSaleMatters,
  inventoryStartDate,
  startDateInstruction,
  startDateToMove,
} from '../../mapping/inventory-start-date';
import { productItemType, type ProductInput } from '../../mapping/item';
import { QboError } from '../../qbo/errors';
import type { QboEntity } from '../../qbo/schemas';
import type { SyncContext } from '../types';

/** QBO refused to move an item's start date: the product fails with what the user changes. */
export class StartDateRefused extends Error {
  override readonly name = 'StartDateRefused';
}

/**
 * The start date a product's Inventory item needs now (undefined for other item types). The
 * earliest orders are read once per run for every product of the tenant (one query per page of
 * products in an initial sync), and only when there is no sync start date (see earliestSaleMatters).
 */
export async function wantedStartDate(
  ctx: SyncContext,
  row: Pick<ProductInput, 'id' | 'kind' | 'trackInventory' | 'createdAt'>,
): Promise<string | undefined> {
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

/** A refusal no retry changes (not throttling, outages or lost authorisation, which go to Temporal). */
export function refusedForGood(error: unknown): error is QboError {
  return error instanceof QboError && !error.retryable && error.type !== 'auth_revoked';
}

/** The product's failure when QBO refused to move its item's start date. */
export function startDateRefusal(itemName: string, day: string, error: QboError): StartDateRefused {
  const reason = `${error.detail ?? error.message}${error.code ? ` [QuickBooks error ${error.code}]` : ''}`;
  return new StartDateRefused(
    `QuickBooks refused to move the inventory start date of item "${itemName}" to ${day} (${reason}). ${startDateInstruction([itemName], day)}`,
  );
}

const nameOf = (item: QboEntity) => (typeof item.Name === 'string' ? item.Name : `Item ${item.Id}`);

/**
 * An existing item the product is about to be linked to, its start date moved to `wanted` first
 * when it is later (before the link is saved, so a failed move is tried again on the next run).
 * One already linked to another product is left alone: it will not be linked to this one.
 */
export async function matchedWithStartDate(
  ctx: SyncContext,
  bproId: string,
  item: QboEntity,
  wanted: string | undefined,
): Promise<{ item: QboEntity; moved?: string }> {
  const moveTo = startDateToMove(item, wanted);
  if (moveTo === undefined || (await ctx.links.linkedToOther('product', item.Id, bproId))) return { item };
  const change = {
    Id: item.Id,
    SyncToken: item.SyncToken ?? '0',
    sparse: true,
    Type: 'Inventory',
    InvStartDate: moveTo,
  };
  try {
    const updated = await ctx.qbo.update('Item', change, ctx.requestIds.update('product', bproId, change));
    return { item: updated, moved: moveTo };
  } catch (error) {
    if (refusedForGood(error)) throw startDateRefusal(nameOf(item), moveTo, error);
    throw error;
  }
}
