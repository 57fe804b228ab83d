// Field-level validation helpers with QBO's codes (2020, 2040, 2050, 2090, 2170, 2210). Pure.
import { faults } from '../errors';
import { asNumber, asRecord, type QboObject } from '../util';

export function getPath(obj: QboObject, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    const rec = asRecord(cur);
    if (!rec) return undefined;
    cur = rec[part];
  }
  return cur;
}

/** 2050 when the string at `path` is longer than `max`; 2040 when it is not a string. */
export function checkLength(obj: QboObject, path: string, max: number): void {
  const v = getPath(obj, path);
  if (v === undefined || v === null) return;
  if (typeof v !== 'string') throw faults.invalidString(path, `Invalid String : ${path} must be a string`);
  if (v.length > max) throw faults.stringLength(path, max, v.length);
}

export function checkLengths(obj: QboObject, limits: Record<string, number>): void {
  for (const [path, max] of Object.entries(limits)) checkLength(obj, path, max);
}

export function requireString(obj: QboObject, field: string): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.trim() === '') throw faults.required(field);
  return v;
}

/** 2040 when the value contains one of the forbidden characters. */
export function checkNoChars(value: string, forbidden: readonly string[], element: string): void {
  const bad = forbidden.find((c) => value.includes(c));
  if (bad !== undefined) {
    const shown = bad === '\t' ? 'tab' : bad === '\n' || bad === '\r' ? 'newline' : bad;
    throw faults.invalidString(element, `Invalid String : ${element} cannot contain ${shown}`);
  }
}

export function optionalNumber(obj: QboObject, field: string, element = field): number | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  const n = asNumber(v);
  if (n === undefined) throw faults.invalidNumber(element, String(JSON.stringify(v)));
  return n;
}

export function checkRange(n: number | undefined, min: number, max: number, element: string): void {
  if (n === undefined) return;
  if (n < min || n > max) throw faults.invalidNumber(element, `${n} (allowed ${min} to ${max})`);
}

export function checkEnum(obj: QboObject, field: string, allowed: readonly string[]): void {
  const v = obj[field];
  if (v === undefined || v === null) return;
  if (typeof v !== 'string' || !allowed.includes(v))
    throw faults.invalidEnum(field, String(JSON.stringify(v)));
}

/** QBO's documented minimum for an address: contains `@` and `.`, max 100. */
export function isPlausibleEmail(address: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address);
}

export function checkEmail(obj: QboObject, field: string): void {
  const rec = asRecord(obj[field]);
  if (!rec) return;
  const addr = rec['Address'];
  if (addr === undefined || addr === null || addr === '') return;
  if (typeof addr !== 'string' || !isPlausibleEmail(addr)) throw faults.invalidEmail(`${field}.Address`);
  if (addr.length > 100) throw faults.stringLength(`${field}.Address`, 100, addr.length);
}

export function checkAddress(obj: QboObject, field: string): void {
  if (!asRecord(obj[field])) return;
  checkLengths(obj, {
    [`${field}.Line1`]: 500,
    [`${field}.Line2`]: 500,
    [`${field}.Line3`]: 500,
    [`${field}.Line4`]: 500,
    [`${field}.Line5`]: 500,
    [`${field}.City`]: 255,
    [`${field}.Country`]: 255,
    [`${field}.CountrySubDivisionCode`]: 255,
    [`${field}.PostalCode`]: 30,
  });
}

/** Normalised key for duplicate-name checks. */
export function nameKey(name: string, caseInsensitive: boolean): string {
  const t = name.trim();
  return caseInsensitive ? t.toLowerCase() : t;
}
