// Change Data Capture: GET /cdc?entities=A,B&changedSince=<ISO date or date-time>. Full current
// objects of the records whose MetaData.LastUpdatedTime is at or after changedSince, deleted ones
// as {Id, status: "Deleted", domain, MetaData.LastUpdatedTime}; at most cdcMaxObjects per response
// across all entities (the oldest changes are kept), changedSince at most cdcLookbackDays back.
import type { OpContext } from './entities/context';
import { ENTITY_DEFS } from './entities/registry';
import { faults } from './errors';
import { companyFaults } from './errors-company';
import { entityMap, type EntityName } from './store';
import { asRecord, asString, clone, qboTime, type QboObject } from './util';

/** QBO entities the emulator does not model: CDC answers them with no changes. */
const NOT_EMULATED = [
  'Attachable',
  'Bill',
  'BillPayment',
  'Budget',
  'Class',
  'CompanyCurrency',
  'Deposit',
  'Department',
  'Estimate',
  'JournalEntry',
  'Purchase',
  'PurchaseOrder',
  'ReimburseCharge',
  'SalesReceipt',
  'Transfer',
  'VendorCredit',
];
/** Not emulated and not available through CDC in QBO either (Intuit's exclusion list). */
const NEVER = ['JournalCode', 'TimeActivity'];
const SINGLETONS = ['CompanyInfo', 'Preferences'] as const;

interface Change {
  entity: string;
  time: number;
  obj: QboObject;
}

const DAY_MS = 86_400_000;

function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${hh}:${String(abs % 60).padStart(2, '0')}`;
}

/** Epoch ms of changedSince; a date alone or a date-time without zone is the company's local time. */
function parseChangedSince(ctx: OpContext, raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') throw faults.required('changedSince');
  const text = raw.trim().replace(' ', '+'); // an unencoded "+" arrives as a space
  const local = offsetText(ctx.options.utcOffsetMinutes);
  let ms = Number.NaN;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) ms = Date.parse(`${text}T00:00:00${local}`);
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (m?.[1] !== undefined) {
    const zone = m[2] === undefined ? local : m[2].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    ms = Date.parse(`${m[1]}${zone}`);
  }
  if (Number.isNaN(ms)) throw companyFaults.invalidDate('changedSince', raw);
  if (ms < ctx.now - ctx.options.cdcLookbackDays * DAY_MS) throw companyFaults.cdcTooOld(raw);
  return ms;
}

/** Canonical entity names, in request order without repeats (names are case-insensitive). */
function parseEntities(ctx: OpContext, raw: string | undefined): string[] {
  const names = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) throw faults.required('entities');
  const known = [...ENTITY_DEFS.map((d) => d.name), ...SINGLETONS, ...NOT_EMULATED, ...NEVER];
  const out: string[] = [];
  for (const name of names) {
    const canonical = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (canonical === undefined) throw companyFaults.unsupportedObject(name, 'Unknown entity.');
    if (NEVER.includes(canonical) || ctx.options.cdcUnsupportedEntities.includes(canonical))
      throw companyFaults.unsupportedObject(canonical, 'Change data capture is not supported for it.');
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}

function updatedAt(obj: QboObject): number {
  const t = Date.parse(asString(asRecord(obj['MetaData'])?.['LastUpdatedTime']) ?? '');
  return Number.isNaN(t) ? 0 : t;
}

function changesOf(ctx: OpContext, entity: string, since: number): Change[] {
  const realm = ctx.realm;
  if (entity === 'CompanyInfo' || entity === 'Preferences') {
    const obj = entity === 'CompanyInfo' ? realm.companyInfo : realm.preferences;
    const time = updatedAt(obj);
    return time >= since ? [{ entity, time, obj }] : [];
  }
  if (!ENTITY_DEFS.some((d) => d.name === entity)) return [];
  const name = entity as EntityName;
  const out: Change[] = [];
  for (const obj of entityMap(realm, name).values()) {
    const time = updatedAt(obj);
    if (time >= since) out.push({ entity, time, obj });
  }
  for (const [Id, time] of realm.deleted.get(name) ?? []) {
    if (time < since) continue;
    const LastUpdatedTime = qboTime(time, ctx.options.utcOffsetMinutes);
    out.push({ entity, time, obj: { domain: 'QBO', status: 'Deleted', Id, MetaData: { LastUpdatedTime } } });
  }
  return out;
}

/** The body of a CDC answer (without `time`). */
export function runCdc(
  ctx: OpContext,
  entities: string | undefined,
  changedSince: string | undefined,
): QboObject {
  const names = parseEntities(ctx, entities);
  const since = parseChangedSince(ctx, changedSince);
  const all = names.flatMap((n) => changesOf(ctx, n, since));
  const kept = [...all].sort((a, b) => a.time - b.time).slice(0, ctx.options.cdcMaxObjects);
  const groups: QboObject[] = [];
  for (const name of names) {
    const rows = kept.filter((c) => c.entity === name);
    if (rows.length === 0) continue;
    const group: QboObject = {
      [name]: rows.map((c) => clone(c.obj)),
      startPosition: 1,
      maxResults: rows.length,
    };
    const total = all.filter((c) => c.entity === name).length;
    if (total > rows.length) group['totalCount'] = total;
    groups.push(group);
  }
  return { CDCResponse: [{ QueryResponse: groups.length > 0 ? groups : [{}] }] };
}
