// Sparse updates: from a create body and the QBO object as it is now, the fields that changed
// (or nothing when QBO already matches), with Id, SyncToken and `sparse: true`.
import type { QboIdentity, SparseUpdate } from './types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether QBO's `actual` already says what `wanted` says. Objects: every key of `wanted` matches
 * (QBO adds names to refs, Ids to lines…); arrays: same length, element by element; numbers and
 * numeric strings compare as numbers.
 */
export function qboValueMatches(wanted: unknown, actual: unknown): boolean {
  if (wanted === undefined) return true;
  if (typeof wanted === 'number' || typeof actual === 'number') {
    const a = Number(wanted);
    const b = Number(actual);
    return actual !== undefined && actual !== null && Number.isFinite(a) && Math.abs(a - b) < 1e-9;
  }
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(actual) &&
      actual.length === wanted.length &&
      wanted.every((item, i) => qboValueMatches(item, actual[i]))
    );
  }
  if (isRecord(wanted)) {
    if (!isRecord(actual)) return false;
    return Object.entries(wanted).every(([key, value]) => qboValueMatches(value, actual[key]));
  }
  return wanted === actual;
}

/**
 * The sparse update turning `existing` into `desired`: only the top-level fields that differ, plus
 * `alwaysInclude` (fields QBO wants repeated, e.g. Term.Name). `undefined` when nothing differs.
 */
export function sparseUpdateBody<T extends object>(
  existing: QboIdentity & Record<string, unknown>,
  desired: T,
  alwaysInclude: readonly (keyof T & string)[] = [],
): SparseUpdate<T> | undefined {
  const wanted = desired as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  let any = false;
  for (const [key, value] of Object.entries(wanted)) {
    if (value === undefined) continue;
    if (!qboValueMatches(value, existing[key])) {
      changed[key] = value;
      any = true;
    }
  }
  if (!any) return undefined;
  for (const key of alwaysInclude) if (wanted[key] !== undefined) changed[key] = wanted[key];
  return { ...(changed as Partial<T>), Id: existing.Id, SyncToken: existing.SyncToken, sparse: true };
}
