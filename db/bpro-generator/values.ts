// Small value builders the record generators share: zero-padded numbers, names unique within a
// set, and random prices.
import type { Random } from './random';

/** `n` as a decimal string of at least `width` digits. */
export const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `name`, else the first free variant, else `name (2)`, `name (3)`, ...; marks it taken. */
export function uniqueName(taken: Set<string>, name: string, variants: readonly string[] = []): string {
  for (const candidate of [name, ...variants]) {
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
  for (let k = 2; ; k++) {
    const candidate = `${name} (${k})`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

/** A price in cents: mostly round-looking, some with arbitrary cents. */
export function price(rng: Random, minDollars: number, maxDollars: number): number {
  const dollars = rng.int(minDollars, maxDollars);
  const cents = rng.weighted<number>([
    [0, 4],
    [99, 2],
    [50, 1],
    [95, 1],
    [rng.int(1, 98), 3],
  ]);
  return Math.max(1, dollars * 100 + cents);
}
