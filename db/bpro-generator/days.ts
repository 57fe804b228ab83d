// Dates: whole days since 1970-01-01 (UTC), timestamps as a day plus a minute of that day.
import type { Random } from './random';

const DAY_MS = 86_400_000;

export function parseDay(iso: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${iso}`);
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) {
    throw new RangeError(`not a valid date: ${iso}`);
  }
  return ms / DAY_MS;
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function at(day: number, minuteOfDay: number): Date {
  return new Date(day * DAY_MS + minuteOfDay * 60_000);
}

export function dayOf(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

/** `count` random days in [from, to], ascending. */
export function sortedDays(rng: Random, count: number, from: number, to: number): number[] {
  return Array.from({ length: count }, () => rng.int(from, to)).sort((a, b) => a - b);
}
