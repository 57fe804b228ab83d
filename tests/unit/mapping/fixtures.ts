// Loads the golden fixtures of tests/fixtures/mapping/. JSON has no `undefined` and no Date:
// `null` for an expected optional result means "undefined", `createdAt` strings become Dates.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../fixtures/mapping/', import.meta.url));

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as T;
}

/** `null` → `undefined` (JSON cannot say undefined). */
export function orUndefined<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

export function withDate<T extends { createdAt: string }>(
  row: T,
): Omit<T, 'createdAt'> & { createdAt: Date } {
  return { ...row, createdAt: new Date(row.createdAt) };
}
