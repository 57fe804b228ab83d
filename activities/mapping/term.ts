// BPro sales term → QBO Term (a standard term: due a number of days after the invoice date).
import { nameOrFallback, nameKey, QBO_LIMITS } from './names';
import type { BproTerm } from './types';

export type TermInput = Pick<BproTerm, 'id' | 'name' | 'dueDays' | 'isActive'>;

export type TermBody = { Name: string; DueDays: number; Active: boolean };

/** The Name a term gets in QBO (max 31 characters). */
export function termName(row: Pick<BproTerm, 'id' | 'name'>): string {
  return nameOrFallback(row.name, QBO_LIMITS.termName, `BPro term ${row.id}`);
}

/** Term create body; DueDays kept within QBO's 0–999. On a sparse update QBO wants Name repeated. */
export function termBody(row: TermInput, context: { name?: string } = {}): TermBody {
  return {
    Name: context.name ?? termName(row),
    DueDays: Math.min(999, Math.max(0, Math.trunc(row.dueDays))),
    Active: row.isActive,
  };
}

/** The existing QBO term with the same name (case-insensitive, as QBO's duplicate check), if any. */
export function matchTerm<T extends { Name: string }>(
  terms: readonly T[],
  row: Pick<BproTerm, 'id' | 'name'>,
): T | undefined {
  const key = nameKey(termName(row));
  return terms.find((t) => nameKey(t.Name) === key);
}
