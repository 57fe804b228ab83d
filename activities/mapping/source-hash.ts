// A stable hash of what a mapping depends on (the BPro fields and the resolved QBO ids), stored
// with the link: an update whose hash did not change is a no-op and is skipped. The one hash
// helper of the sync: every stored hash is versioned (`v<MAPPING_VERSION>:`), and a hash stored
// before versions existed is still accepted once (the caller re-saves the new one).
import { createHash } from 'node:crypto';

/** Bump when a mapper changes what it produces, so every record is pushed again once. */
export const MAPPING_VERSION = 1;

/** Row fields that change without changing the mapping. */
const IGNORED_KEYS = new Set(['updatedAt', 'tenantId']);

function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) return canonical(Object.fromEntries(value));
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (IGNORED_KEYS.has(key)) continue;
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/** Canonical JSON: sorted keys, Dates as ISO strings, undefined dropped, null kept. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

/**
 * `v<MAPPING_VERSION>:<sha256>` of the entity kind and its inputs (e.g. `{ row, lines, context }`).
 * `updatedAt` and `tenantId` are ignored at any depth; key order never matters.
 */
export function sourceHash(kind: string, inputs: unknown): string {
  const digest = createHash('sha256').update(canonicalJson({ kind, inputs })).digest('hex');
  return `v${MAPPING_VERSION}:${digest}`;
}

/** Hashes stored before versioned hashes: the first 32 hex of sha256 over `JSON.stringify(inputs)`. */
function legacyHash(inputs: unknown): string {
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 32);
}

/**
 * Whether a stored hash says the inputs did not change: `same`; `same-legacy` when it is an
 * unversioned hash of the same inputs (re-save `sourceHash(kind, inputs)` with the link);
 * `changed` otherwise (also for no stored hash, or a hash of another mapping version).
 */
export function compareSourceHash(
  stored: string | null | undefined,
  kind: string,
  inputs: unknown,
): 'same' | 'same-legacy' | 'changed' {
  if (!stored) return 'changed';
  if (stored === sourceHash(kind, inputs)) return 'same';
  if (!stored.startsWith('v') && stored === legacyHash(inputs)) return 'same-legacy';
  return 'changed';
}
