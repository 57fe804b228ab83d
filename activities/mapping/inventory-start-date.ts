// An Inventory item's start date (InvStartDate, the date of its opening quantity). QuickBooks
// refuses any sale of the item dated before it (6270), so the date the sync gives an item is no
// later than anything the sync may write for it: its earliest order, the sync start date (every
// order the sync writes is on or after it) and the product's creation in BPro.
import type { ItemBody } from './item';
import type { QboIdentity, SparseUpdate } from './types';

export type StartDateInputs = {
  /** When the product was created in BPro. */
  createdAt: Date | string;
  /** The tenant's sync start date (YYYY-MM-DD), null when everything syncs. */
  syncStartDate: string | null;
  /** The earliest order selling the product (YYYY-MM-DD), null when none does (or not looked up). */
  earliestSale: string | null;
};

/** The day (YYYY-MM-DD) of a timestamp or a date string, in UTC as BPro stores them. */
export function isoDay(value: Date | string): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** The start date the sync gives an Inventory item: the earliest of the three dates. */
export function inventoryStartDate(inputs: StartDateInputs): string {
  const days = [isoDay(inputs.createdAt), inputs.syncStartDate, inputs.earliestSale]
    .filter((d): d is string => d !== null)
    .map(isoDay);
  return days.reduce((earliest, day) => (day < earliest ? day : earliest));
}

/**
 * Whether the earliest order can change the start date. With a sync start date every order the
 * sync writes is dated on or after it, so the start date alone covers them: no look-up needed.
 */
export function earliestSaleMatters(syncStartDate: string | null): boolean {
  return syncStartDate === null;
}

type ExistingItem = Partial<QboIdentity> & { Type?: unknown; InvStartDate?: unknown };

/** The day an existing Inventory item's start date must move to, when `wanted` is earlier; else undefined. */
export function startDateToMove(existing: ExistingItem, wanted: string | undefined): string | undefined {
  if (wanted === undefined || existing.Type !== 'Inventory') return undefined;
  const current = typeof existing.InvStartDate === 'string' ? isoDay(existing.InvStartDate) : undefined;
  return current !== undefined && current > wanted ? wanted : undefined;
}

/**
 * A sparse item update that also moves the item's start date to `wanted` when the item's is
 * later (Type repeated, as QBO wants it on every item update). `update` is the change of the
 * other fields, or undefined; the result is undefined when nothing changes at all.
 */
export function withStartDate(
  existing: QboIdentity & ExistingItem,
  update: SparseUpdate<ItemBody> | undefined,
  wanted: string | undefined,
): SparseUpdate<ItemBody> | undefined {
  const moveTo = startDateToMove(existing, wanted);
  if (moveTo === undefined) return update;
  return {
    ...(update ?? { Id: existing.Id, SyncToken: existing.SyncToken, sparse: true, Type: 'Inventory' }),
    InvStartDate: moveTo,
  };
}

/** What the user does in QuickBooks when the sync cannot move an item's start date itself. */
export function startDateInstruction(itemName: string, day: string): string {
  return `In QuickBooks, open item "${itemName}" and set its inventory start date to ${day} or earlier, then press Re-run.`;
}
