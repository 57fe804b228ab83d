// Exact decimal arithmetic for BPro amounts, and BPro's order total. Money is held as integer cents
// (a JS number: numeric(12,2) stays far below 2^53), products of quantity × price go through bigint.
// Rows carry decimals as strings in PostgreSQL's canonical form: money "12.30", quantities and
// rates with 4 decimals "2.5000" / "6.2500", which is what postgres.js reads back.

const SCALED = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string into an integer count of 10^-scale units. Throws on more decimals than scale. */
export function parseScaled(text: string, scale: number): bigint {
  const match = SCALED.exec(text.trim());
  if (!match) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
  const [, sign, whole = '0', fraction = ''] = match;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > scale) throw new RangeError(`${text} has more than ${scale} decimals`);
  const units = BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
  return sign ? -units : units;
}

/** Formats an integer count of 10^-scale units as a decimal string with exactly `scale` decimals. */
export function formatScaled(units: bigint | number, scale: number): string {
  const value = BigInt(units);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** numerator / denominator rounded half away from zero (what PostgreSQL's round(numeric) does). */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const absolute = negative ? -numerator : numerator;
  const rounded = (absolute * 2n + denominator) / (denominator * 2n);
  return negative ? -rounded : rounded;
}

/** "12.3" → 1230. */
export function parseMoney(text: string): number {
  return Number(parseScaled(text, 2));
}

/** 1230 → "12.30". */
export function formatMoney(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  return formatScaled(cents, 2);
}

/** Quantities: numeric(12,4) → ten-thousandths. */
export function parseQuantity(text: string): bigint {
  return parseScaled(text, 4);
}

export function formatQuantity(tenThousandths: bigint | number): string {
  return formatScaled(tenThousandths, 4);
}

/** Tax rates in percent: numeric(7,4), "6.2500" → 62500 (millionths of the amount). */
export function parseRate(text: string): bigint {
  return parseScaled(text, 4);
}

export function formatRate(tenThousandthsOfAPercent: bigint | number): string {
  return formatScaled(tenThousandthsOfAPercent, 4);
}

/** Line amount in cents: round-half-up(quantity × unit price). */
export function lineAmountCents(quantity: string, unitPrice: string): number {
  return Number(roundHalfUp(parseQuantity(quantity) * parseScaled(unitPrice, 2), 10_000n));
}

/** One tax on an amount, rounded once: round(amount × rate / 100). */
export function taxOnCents(amountCents: number, ratePercent: bigint): number {
  return Number(roundHalfUp(BigInt(amountCents) * ratePercent, 1_000_000n));
}

/** BPro: the group's combined rate applied to the taxable subtotal, rounded once to the cent. */
export function combinedTaxCents(taxableCents: number, rates: readonly string[]): number {
  return taxOnCents(
    taxableCents,
    rates.reduce((sum, rate) => sum + parseRate(rate), 0n),
  );
}

/** QuickBooks: each rate of the group applied and rounded on its own. One amount per rate. */
export function perRateTaxCents(taxableCents: number, rates: readonly string[]): number[] {
  return rates.map((rate) => taxOnCents(taxableCents, parseRate(rate)));
}

export type OrderLineAmounts = { quantity: string; unitPrice: string; taxable: boolean };

export type OrderTotals = {
  subtotalCents: number;
  taxableCents: number;
  /** BPro's tax (combined rate, rounded once). */
  taxCents: number;
  /** BPro's order total: subtotal + tax. */
  totalCents: number;
  /** What QuickBooks computes for the same order (each rate rounded on its own). */
  qboTaxCents: number;
  qboTotalCents: number;
};

/** BPro's totals of an order from its lines and its tax group's rates (none when untaxed). */
export function orderTotals(lines: readonly OrderLineAmounts[], rates: readonly string[]): OrderTotals {
  let subtotalCents = 0;
  let taxableCents = 0;
  for (const line of lines) {
    const amount = lineAmountCents(line.quantity, line.unitPrice);
    subtotalCents += amount;
    if (line.taxable) taxableCents += amount;
  }
  const taxCents = combinedTaxCents(taxableCents, rates);
  const qboTaxCents = perRateTaxCents(taxableCents, rates).reduce((sum, tax) => sum + tax, 0);
  return {
    subtotalCents,
    taxableCents,
    taxCents,
    totalCents: subtotalCents + taxCents,
    qboTaxCents,
    qboTotalCents: subtotalCents + qboTaxCents,
  };
}
