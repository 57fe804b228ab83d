// Small pure helpers shared by the emulator: narrowing unknown JSON, money rounding, ids, time.
import { randomBytes } from 'node:crypto';

export type QboObject = Record<string, unknown>;

export function isRecord(v: unknown): v is QboObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asRecord(v: unknown): QboObject | undefined {
  return isRecord(v) ? v : undefined;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Parses QBO decimals, which clients send as numbers or numeric strings. */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function refValue(v: unknown): string | undefined {
  const r = asRecord(v);
  return r ? asString(r['value']) : undefined;
}

/** Rounds half away from zero to 2 decimals, as accounting amounts are. */
export function round2(x: number): number {
  const sign = x < 0 ? -1 : 1;
  return (sign * Math.round(Math.abs(x) * 100 + 1e-7)) / 100;
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export function newTid(): string {
  return randomBytes(16)
    .toString('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}

/** Formats a time like QBO does: local wall-clock time with a numeric offset (Pacific by default). */
export function qboTime(ms: number, offsetMinutes = -420): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return d.toISOString().replace('Z', off);
}

/** The company's local date (YYYY-MM-DD) at `ms`. */
export function qboDate(ms: number, offsetMinutes = -420): string {
  return qboTime(ms, offsetMinutes).slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
