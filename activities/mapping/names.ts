// Text clean-up for QuickBooks: names without `:` (QBO's hierarchy separator), tabs or newlines,
// whitespace collapsed, cut to QBO's field limits; and the deterministic disambiguated name used
// when a name is taken by another kind of record (QBO error 6240).

/** QBO field limits (qbo-api.md §6, checked by the emulator). Lengths are in UTF-16 code units. */
export const QBO_LIMITS = {
  displayName: 500,
  companyName: 100,
  personName: 100,
  itemName: 100,
  sku: 100,
  description: 4000,
  docNumber: 21,
  paymentRefNum: 21,
  privateNote: 4000,
  customerMemo: 1000,
  termName: 31,
  paymentMethodName: 31,
  taxCodeName: 100,
  taxRateName: 100,
  phone: 30,
  email: 100,
  addressLine: 500,
  city: 255,
  region: 255,
  country: 255,
  postalCode: 30,
} as const;

/** Cuts to `maxLength` UTF-16 units without splitting a surrogate pair. */
export function truncate(value: string, maxLength: number): string {
  if (value.length <= maxLength) return value;
  let cut = Math.max(0, maxLength);
  const code = value.charCodeAt(cut - 1);
  if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return value.slice(0, cut);
}

/**
 * One line of text: tabs, newlines and runs of whitespace become one space, trimmed, NFC, cut to
 * `maxLength` (and trimmed again). Colons are kept (for fields QBO does not treat as names).
 */
export function cleanLine(value: string | null | undefined, maxLength: number): string {
  if (value === null || value === undefined) return '';
  const text = value.normalize('NFC').replace(/\s+/gu, ' ').trim();
  return truncate(text, maxLength).trimEnd();
}

/** A QBO name: like `cleanLine`, and every `:` becomes a space (QBO rejects `:` in names, 2040). */
export function cleanName(value: string | null | undefined, maxLength: number): string {
  return cleanLine((value ?? '').replace(/:/g, ' '), maxLength);
}

/** Free text (descriptions, notes): kept as written apart from trimming and the length limit. */
export function cleanText(value: string | null | undefined, maxLength: number): string {
  if (value === null || value === undefined) return '';
  return truncate(value.normalize('NFC').trim(), maxLength).trimEnd();
}

/**
 * The key QBO's duplicate-name check compares: the cleaned name, case-insensitive. Two BPro names
 * with the same key ("Acme Rentals", "ACME  Rentals") cannot both exist in QBO as they are.
 */
export function nameKey(value: string): string {
  return cleanName(value, Number.MAX_SAFE_INTEGER).toLowerCase();
}

/**
 * The name used when the plain one is taken (6240): "Name (BPro #id)", the name shortened so the
 * whole fits `maxLength`. Deterministic: the same record always gets the same name.
 */
export function disambiguatedName(name: string, bproId: string, maxLength: number): string {
  const suffix = ` (BPro #${cleanName(bproId, 60)})`;
  if (suffix.length >= maxLength) return truncate(suffix.trim(), maxLength);
  const base = cleanName(name, maxLength - suffix.length);
  return base === '' ? suffix.trim() : `${base}${suffix}`;
}

/** A cleaned name, or `fallback` when nothing is left (a name made only of spaces and colons). */
export function nameOrFallback(
  value: string | null | undefined,
  maxLength: number,
  fallback: string,
): string {
  const cleaned = cleanName(value, maxLength);
  return cleaned === '' ? cleanName(fallback, maxLength) : cleaned;
}
