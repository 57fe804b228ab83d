// An Inventory item's start date (InvStartDate, the date of its opening quantity). QuickBooks
// refuses any sale of the item dated before it (6270), and an item's start date cannot be moved
// through the API once it exists (an update's InvStartDate is only an "inventory adjust date";
// reads keep the original). So the date the sync gives an item it creates is no later than
// anything the sync may write for it: its earliest order, the sync start date (every order the
// sync writes is on or after it) and the product's creation in BPro.

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

/**
 * An existing QBO item's start date when it is an Inventory item starting after `day` (QuickBooks
 * then refuses sales of it dated `day`); else undefined.
 */
export function startsAfter(
  existing: Readonly<Record<string, unknown>>,
  day: string | null | undefined,
): string | undefined {
  const { Type: type, InvStartDate: current } = existing;
  if (!day || type !== 'Inventory' || typeof current !== 'string') return undefined;
  const start = isoDay(current);
  return start > day ? start : undefined;
}

/**
 * What the user does in QuickBooks for items whose start date is too late (the sync cannot move
 * it), then `afterwards` (by default: press Re-run on the refused record).
 */
export function startDateInstruction(
  itemNames: readonly string[],
  day: string,
  afterwards = 'then press Re-run',
): string {
  const quoted = itemNames.map((n) => `"${n}"`);
  if (quoted.length <= 1)
    return `In QuickBooks, open item ${quoted[0] ?? ''} and set its inventory start date to ${day} or earlier, ${afterwards}.`;
  const list = `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
  return `In QuickBooks, open items ${list} and set each one's inventory start date to ${day} or earlier, ${afterwards}.`;
}
