// Lookups held together merged into `IN` queries (issue 13): lookups that differ only in the value
// of one `=` condition on a field QBO filters with `IN` (qbo-api.md §2.6; Intuit's "Query
// operations and syntax": `IN (Value [, Value])` on a filterable property) become one statement per
// ≤ 30 values, and each lookup gets back exactly the rows its own query would have returned. Pure.
import { buildQuery, type Condition } from './query';
import { QUERY_PAGE_SIZE, type QboEntity } from './schemas';

/** One lookup as the sync asks it: all conditions hold (AND), rows ordered by `orderBy`. */
export type Lookup = { entity: string; where: readonly Condition[]; orderBy: string };

/** One statement answering one or more lookups (`members`: their indexes in the input). */
export type LookupPlan = {
  entity: string;
  statement: string;
  members: number[];
  /**
   * Each member's rows, in the order of `members`; or null when they cannot be told apart safely
   * (the answer may be cut short at MAXRESULTS, or holds a row no member asked for): each member
   * is then looked up on its own.
   */
  split(rows: readonly QboEntity[]): QboEntity[][] | null;
};

/** Rows a lookup on its own may return in one answer; more: it is listed in full instead. */
export const LOOKUP_ROWS = 100;
/** Values in one merged statement (one batch item answers at most this many lookups). */
export const MERGE_VALUES = 30;
/** Characters of values in one merged statement: it may go out as a plain GET with a URL limit. */
const MERGE_TEXT = 4000;

/**
 * Fields whose `=` lookups merge, per entity; `Id` merges on every entity. Each is a filterable
 * property of its entity in Intuit's API reference (Customer.DisplayName, Item.Name, Item.Sku,
 * Invoice.DocNumber); other fields are never merged.
 */
const MERGEABLE: Readonly<Record<string, readonly string[]>> = {
  Customer: ['DisplayName'],
  Item: ['Sku', 'Name'],
  Invoice: ['DocNumber'],
};

type Candidate = { index: number; field: string; value: string; key: string; group: string };

/** Plans the statements answering `lookups`: merged where possible, each other lookup as asked. */
export function planLookups(lookups: readonly Lookup[]): LookupPlan[] {
  const groups = new Map<string, Candidate[]>();
  const plans: LookupPlan[] = [];
  lookups.forEach((lookup, index) => {
    const candidate = mergeCandidate(lookup, index);
    if (!candidate) return plans.push(alone(lookup, index));
    const group = groups.get(candidate.group) ?? [];
    group.push(candidate);
    groups.set(candidate.group, group);
  });
  for (const group of groups.values()) {
    for (const chunk of chunks(group)) {
      const first = chunk[0] as Candidate;
      const lookup = lookups[first.index] as Lookup;
      const values = [...new Set(chunk.map((c) => c.value))];
      plans.push(
        values.length === 1
          ? alone(
              lookup,
              first.index,
              chunk.slice(1).map((c) => c.index),
            )
          : merged(lookup, first.field, values, chunk),
      );
    }
  }
  return plans;
}

/** A lookup asked as is; `also`: lookups asking exactly the same (they share its rows). */
function alone(lookup: Lookup, index: number, also: number[] = []): LookupPlan {
  const members = [index, ...also];
  return {
    entity: lookup.entity,
    statement: buildQuery(lookup.entity, {
      where: [...lookup.where],
      orderBy: lookup.orderBy,
      start: 1,
      max: LOOKUP_ROWS,
    }),
    members,
    split: (rows) => (rows.length < LOOKUP_ROWS ? members.map(() => [...rows]) : null),
  };
}

function merged(lookup: Lookup, field: string, values: string[], chunk: Candidate[]): LookupPlan {
  // The IN condition takes the place of the `=` one; the others are the same for every member.
  const where = lookup.where.map((c) =>
    c.field === field && c.op === '=' ? { field, op: 'IN' as const, value: values } : c,
  );
  const match = fieldMatcher(field);
  return {
    entity: lookup.entity,
    statement: buildQuery(lookup.entity, { where, orderBy: lookup.orderBy, start: 1, max: QUERY_PAGE_SIZE }),
    members: chunk.map((c) => c.index),
    split(rows) {
      // A full answer may have been cut short; a row no member claims means QBO compares
      // differently from `fieldMatcher` (so a member may also miss one): both are asked alone.
      if (rows.length >= QUERY_PAGE_SIZE) return null;
      const claimed = rows.map((row) => chunk.map((c) => match(row[field], c.key)));
      if (claimed.some((byMember) => !byMember.includes(true))) return null;
      return chunk.map((_, m) => rows.filter((_, r) => claimed[r]?.[m] === true));
    },
  };
}

/** The lookup's mergeable `=` condition, with the key of the group of lookups it can share a query with. */
function mergeCandidate(lookup: Lookup, index: number): Candidate | null {
  const fields = ['Id', ...(MERGEABLE[lookup.entity] ?? [])];
  const found = lookup.where.findIndex(
    (c) => c.op === '=' && typeof c.value === 'string' && fields.includes(c.field),
  );
  const condition = lookup.where[found];
  if (!condition || typeof condition.value !== 'string') return null;
  // Another condition on the same field (e.g. a range) would be turned into IN as well.
  if (lookup.where.some((c, i) => i !== found && c.field === condition.field)) return null;
  const others = lookup.where.map((c, i) => (i === found ? null : c));
  return {
    index,
    field: condition.field,
    value: condition.value,
    key: matchKey(condition.field, condition.value),
    group: JSON.stringify([lookup.entity, lookup.orderBy, condition.field, others]),
  };
}

/**
 * Splits a group into statements of at most MERGE_VALUES distinct values and MERGE_TEXT characters;
 * a lookup joins the statement that already asks its value.
 */
function chunks(group: Candidate[]): Candidate[][] {
  const out: Array<{ members: Candidate[]; values: number; text: number }> = [];
  const home = new Map<string, (typeof out)[number]>();
  for (const candidate of group) {
    let chunk = home.get(candidate.value);
    if (!chunk) {
      const last = out.at(-1);
      const fits = last && last.values < MERGE_VALUES && last.text + candidate.value.length <= MERGE_TEXT;
      chunk = fits ? last : { members: [], values: 0, text: 0 };
      if (!fits) out.push(chunk);
      chunk.values += 1;
      chunk.text += candidate.value.length;
      home.set(candidate.value, chunk);
    }
    chunk.members.push(candidate);
  }
  return out.map((c) => c.members);
}

/**
 * How QBO compares a value with a query literal: names and numbers case-insensitively (QBO finds
 * "ACME" for 'acme', as the emulator's `caseInsensitive` option models); ids as numbers ('07' = '7').
 */
export function matchKey(field: string, value: string): string {
  if (field === 'Id' && /^\d+$/.test(value.trim())) return `#${BigInt(value.trim()).toString()}`;
  return value.toLowerCase();
}

function fieldMatcher(field: string): (rowValue: unknown, key: string) => boolean {
  return (rowValue, key) =>
    (typeof rowValue === 'string' || typeof rowValue === 'number') &&
    matchKey(field, String(rowValue)) === key;
}
