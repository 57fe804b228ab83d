// Evaluates a parsed query over a list of objects: queryable-field whitelist (4001), active-only
// default for name lists, comparisons, ORDERBY, STARTPOSITION/MAXRESULTS with the 1000 cap. Pure.
import { faults } from '../errors';
import { asRecord, type QboObject } from '../util';
import type { Condition, Literal, Query } from './parser';

export const MAX_RESULTS_CAP = 1000;
export const DEFAULT_MAX_RESULTS = 100;

export interface EvalOptions {
  queryable: readonly string[];
  nameList: boolean;
  caseInsensitive: boolean;
  projections: 'project' | 'full' | 'reject';
}

export type QueryResult =
  { kind: 'count'; totalCount: number } | { kind: 'rows'; rows: QboObject[]; startPosition: number };

/** Reads a dotted path, matching each segment case-insensitively (`Metadata` = `MetaData`). */
export function readPath(obj: QboObject, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    const rec = asRecord(cur);
    if (!rec) return undefined;
    if (seg in rec) cur = rec[seg];
    else {
      const key = Object.keys(rec).find((k) => k.toLowerCase() === seg.toLowerCase());
      cur = key === undefined ? undefined : rec[key];
    }
  }
  return cur;
}

/** Collapses refs, emails, phones and URIs to their scalar value. */
function scalar(v: unknown): unknown {
  const rec = asRecord(v);
  if (!rec) return v;
  return rec['value'] ?? rec['Address'] ?? rec['FreeFormNumber'] ?? rec['URI'];
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function toTime(s: string): number {
  return Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
}

/**
 * Three-way comparison of a stored value and a literal; undefined when they cannot be compared.
 * Two numeric strings compare as numbers only for id-like properties (`numericIds`), so names
 * such as '0123' and '123' stay different.
 */
export function compareValues(a: unknown, b: Literal, ci: boolean, numericIds = true): number | undefined {
  const v = scalar(a);
  if (v === undefined || v === null) return undefined;
  if (typeof b === 'boolean') {
    const bv = typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;
    if (bv === undefined) return undefined;
    return Number(bv) - Number(b);
  }
  if (typeof v === 'string' && typeof b === 'string' && DATE_RE.test(v) && DATE_RE.test(b)) {
    const x = toTime(v);
    const y = toTime(b);
    if (!Number.isNaN(x) && !Number.isNaN(y)) return Math.sign(x - y);
  }
  const vn = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  const bn = typeof b === 'number' ? b : b.trim() !== '' ? Number(b) : NaN;
  if (!Number.isNaN(vn) && !Number.isNaN(bn) && (typeof v === 'number' || typeof b === 'number'))
    return Math.sign(vn - bn);
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined;
  let x = String(v);
  let y = String(b);
  if (numericIds && !Number.isNaN(vn) && !Number.isNaN(bn)) return Math.sign(vn - bn);
  if (ci) {
    x = x.toLowerCase();
    y = y.toLowerCase();
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

export function likeToRegExp(pattern: string, ci: boolean): RegExp {
  const body = pattern
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, ci ? 'is' : 's');
}

/** A condition compiled once per query: literals are pre-processed so each row costs little. */
export function compileCondition(cond: Condition, ci: boolean): (obj: QboObject) => boolean {
  const numericIds = isIdLike(cond.field);
  const test = (c: number | undefined): boolean => {
    if (c === undefined) return false;
    switch (cond.op) {
      case '=':
        return c === 0;
      case '<':
        return c < 0;
      case '>':
        return c > 0;
      case '<=':
        return c <= 0;
      case '>=':
        return c >= 0;
      default:
        return false;
    }
  };
  if (cond.op === 'LIKE') {
    const re = likeToRegExp(cond.value, ci);
    return (obj) => {
      const s = scalar(readPath(obj, cond.field));
      return typeof s === 'string' && re.test(s);
    };
  }
  if (cond.op === 'IN') {
    const values = cond.values;
    return (obj) => {
      const v = readPath(obj, cond.field);
      return values.some((lit) => compareValues(v, lit, ci, numericIds) === 0);
    };
  }
  const lit = cond.value;
  // Fast path for plain text equality (names, DocNumber): avoids date/number probing per row.
  if (cond.op === '=' && typeof lit === 'string' && !DATE_RE.test(lit) && Number.isNaN(Number(lit))) {
    const want = ci ? lit.toLowerCase() : lit;
    return (obj) => {
      const v = scalar(readPath(obj, cond.field));
      if (typeof v !== 'string') return test(compareValues(v, lit, ci, numericIds));
      return (ci ? v.toLowerCase() : v) === want;
    };
  }
  return (obj) => test(compareValues(readPath(obj, cond.field), lit, ci, numericIds));
}

/** Id and reference properties hold numeric ids: '10' > '9'. */
function isIdLike(field: string): boolean {
  const f = field.toLowerCase();
  return f === 'id' || f.endsWith('ref') || f.endsWith('.value');
}

export function matches(obj: QboObject, cond: Condition, ci: boolean): boolean {
  return compileCondition(cond, ci)(obj);
}

function sortKey(a: unknown, b: unknown, ci: boolean, numericIds: boolean): number {
  const x = scalar(a);
  const y = scalar(b);
  if (x === undefined || x === null) return y === undefined || y === null ? 0 : -1;
  if (y === undefined || y === null) return 1;
  if (typeof y === 'string' || typeof y === 'number' || typeof y === 'boolean')
    return compareValues(x, y, ci, numericIds) ?? 0;
  return 0;
}

function isQueryable(field: string, queryable: readonly string[]): boolean {
  const f = field.toLowerCase();
  return queryable.some((q) => q.toLowerCase() === f);
}

export function validateQuery(q: Query, opts: EvalOptions): void {
  for (const c of q.where) {
    if (!isQueryable(c.field, opts.queryable))
      throw faults.queryValidation(`QueryValidationError: property '${c.field}' is not queryable`);
  }
  if (q.maxResults !== undefined && q.maxResults > MAX_RESULTS_CAP)
    throw faults.queryValidation(
      `QueryValidationError: value ${q.maxResults} is too large. Max allowed value is ${MAX_RESULTS_CAP}`,
    );
  if (q.select.kind === 'fields' && opts.projections === 'reject')
    throw faults.queryParse('QueryParserError: Encountered " <IDENTIFIER> ". Was expecting: "*" or "count"');
}

function byId(a: QboObject, b: QboObject): number {
  const x = Number(a['Id']);
  const y = Number(b['Id']);
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  return String(a['Id']).localeCompare(String(b['Id']));
}

export function evaluateQuery(q: Query, objects: readonly QboObject[], opts: EvalOptions): QueryResult {
  validateQuery(q, opts);
  const ci = opts.caseInsensitive;
  const mentionsActive = q.where.some((c) => c.field.toLowerCase() === 'active');
  const preds = q.where.map((c) => compileCondition(c, ci));
  const activeOnly = opts.nameList && !mentionsActive;
  let rows = objects.filter((o) => (!activeOnly || o['Active'] !== false) && preds.every((p) => p(o)));
  if (q.select.kind === 'count') return { kind: 'count', totalCount: rows.length };
  rows = [...rows].sort(byId);
  if (q.orderBy.length > 0) {
    rows.sort((a, b) => {
      for (const k of q.orderBy) {
        const d = sortKey(readPath(a, k.field), readPath(b, k.field), ci, isIdLike(k.field));
        if (d !== 0) return k.desc ? -d : d;
      }
      return 0;
    });
  }
  const start = Math.max(1, q.startPosition ?? 1);
  const max = Math.max(0, q.maxResults ?? DEFAULT_MAX_RESULTS);
  rows = rows.slice(start - 1, start - 1 + max);
  if (q.select.kind === 'fields' && opts.projections === 'project') {
    const fields = q.select.fields;
    rows = rows.map((o) => {
      const out: QboObject = {};
      for (const f of fields) {
        const v = readPath(o, f);
        if (v !== undefined)
          out[f.split('.')[0] ?? f] = f.includes('.') ? readPath(o, f.split('.')[0] ?? f) : v;
      }
      out['domain'] = o['domain'];
      out['sparse'] = true;
      return out;
    });
  }
  return { kind: 'rows', rows, startPosition: start };
}
