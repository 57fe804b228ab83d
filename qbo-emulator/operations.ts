// The data-service operations shared by single requests and batch items: create, read, full and
// sparse update, delete, void and query. Each returns the response body (without `time`) or
// throws a QboFault; validation happens before anything is stored.
import { assertOpenPeriod } from './company/closing-date';
import { assertNotFromBeforeReset } from './company/reset-floor';
import { faults } from './errors';
import { findVisible, visibleList, type OpContext } from './entities/context';
import { trackBalance, trackInventory } from './entities/effects';
import { unknownField } from './entities/fields';
import { ENTITY_DEFS } from './entities/registry';
import type { EntityDef } from './entities/types';
import { evaluateQuery } from './query/evaluate';
import { parseQuery, type Query } from './query/parser';
import { allocateId, markDeleted, NAME_FIELDS, namesInUse, putEntity } from './store';
import { asRecord, asString, clone, qboTime, type QboObject } from './util';

const SYSTEM_FIELDS = ['Id', 'SyncToken', 'MetaData', 'domain', 'sparse', 'status'];

function sanitize(ctx: OpContext, def: EntityDef, body: QboObject): QboObject {
  const unknown = ctx.options.unknownFields === 'reject' ? unknownField(def.name, body) : undefined;
  if (unknown !== undefined)
    throw faults.invalidProperty(
      `Unrecognized field "${unknown}" (class com.intuit.schema.finance.v3.${def.name}), not marked as ignorable`,
    );
  const o: QboObject = { ...body };
  for (const f of SYSTEM_FIELDS) delete o[f];
  for (const f of def.readOnly) {
    if (f in o && ctx.options.readOnlyFields === 'reject') throw faults.invalidProperty(f);
    delete o[f];
  }
  return o;
}

function finalize(
  ctx: OpContext,
  def: EntityDef,
  built: QboObject,
  id: string,
  syncToken: string,
  createTime: string | undefined,
): QboObject {
  const now = qboTime(ctx.now, ctx.options.utcOffsetMinutes);
  return {
    ...built,
    domain: 'QBO',
    sparse: false,
    Id: id,
    SyncToken: syncToken,
    MetaData: { CreateTime: createTime ?? now, LastUpdatedTime: now },
  };
}

function requireOp(def: EntityDef, op: 'create' | 'update' | 'delete' | 'void', ctx: OpContext): void {
  let allowed = def.ops[op];
  if (op === 'void' && (def.name === 'CreditMemo' || def.name === 'RefundReceipt'))
    allowed = allowed && ctx.options.voidCreditMemoAndRefund;
  if (!allowed) {
    const label = op.charAt(0).toUpperCase() + op.slice(1);
    throw faults.unsupportedOperation(`Operation ${label} is not supported for ${def.name}.`);
  }
}

/** Finds the stored object an update/delete/void addresses and checks its SyncToken (5010). */
function target(ctx: OpContext, def: EntityDef, body: QboObject): QboObject {
  const id = asString(body['Id']);
  if (id === undefined || id === '') throw faults.required('Id');
  const syncToken = asString(body['SyncToken']);
  if (syncToken === undefined) throw faults.required('SyncToken');
  const existing = findVisible(ctx, def.name, id);
  if (!existing) {
    assertNotFromBeforeReset(ctx.realm, def.name, id);
    if (ctx.realm.deleted.get(def.name)?.has(id)) throw faults.deletedObject();
    throw faults.objectNotFound(
      `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.`,
    );
  }
  if (String(existing['SyncToken']) !== syncToken) throw faults.staleObject();
  return existing;
}

export function createEntity(ctx: OpContext, def: EntityDef, body: QboObject): QboObject {
  requireOp(def, 'create', ctx);
  const built = def.build(ctx, sanitize(ctx, def, body), undefined);
  assertOpenPeriod(ctx, def.name, built);
  const id = allocateId(ctx.realm, def.name);
  const obj = finalize(ctx, def, built, id, '0', undefined);
  putEntity(ctx.realm, def.name, obj);
  trackBalance(ctx, def.name, undefined, obj);
  trackInventory(ctx, def.name, undefined, obj);
  def.apply?.(ctx, undefined, obj);
  return clone(obj);
}

export function readEntity(ctx: OpContext, def: EntityDef, id: string): QboObject {
  const obj = findVisible(ctx, def.name, id);
  if (!obj) {
    if (ctx.realm.deleted.get(def.name)?.has(id)) throw faults.deletedObject();
    throw faults.objectNotFound(
      `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.`,
    );
  }
  return clone(obj);
}

export function updateEntity(ctx: OpContext, def: EntityDef, body: QboObject): QboObject {
  requireOp(def, 'update', ctx);
  const existing = target(ctx, def, body);
  const before = clone(existing);
  const input = sanitize(ctx, def, body);
  const merged = body['sparse'] === true ? { ...sanitize(ctx, def, before), ...input } : input;
  const built = def.build(ctx, merged, before);
  assertOpenPeriod(ctx, def.name, before, built);
  const meta = asRecord(before['MetaData']);
  const obj = finalize(
    ctx,
    def,
    built,
    String(before['Id']),
    String(Number(before['SyncToken']) + 1),
    asString(meta?.['CreateTime']),
  );
  putEntity(ctx.realm, def.name, obj);
  trackBalance(ctx, def.name, before, obj);
  trackInventory(ctx, def.name, before, obj);
  def.apply?.(ctx, before, obj);
  return clone(obj);
}

export function deleteEntity(ctx: OpContext, def: EntityDef, body: QboObject): QboObject {
  requireOp(def, 'delete', ctx);
  const existing = target(ctx, def, body);
  assertOpenPeriod(ctx, def.name, existing);
  def.checkDelete?.(ctx, existing);
  const id = String(existing['Id']);
  markDeleted(ctx.realm, def.name, id, ctx.now);
  trackBalance(ctx, def.name, existing, undefined);
  trackInventory(ctx, def.name, existing, undefined);
  def.apply?.(ctx, existing, undefined);
  return { status: 'Deleted', domain: 'QBO', Id: id };
}

export function voidEntity(ctx: OpContext, def: EntityDef, body: QboObject): QboObject {
  requireOp(def, 'void', ctx);
  const existing = target(ctx, def, body);
  const before = clone(existing);
  assertOpenPeriod(ctx, def.name, before);
  if (!def.voidObject) throw faults.unsupportedOperation(`Operation Void is not supported for ${def.name}.`);
  const voided = def.voidObject(ctx, before);
  const meta = asRecord(before['MetaData']);
  const obj = finalize(
    ctx,
    def,
    voided,
    String(before['Id']),
    String(Number(before['SyncToken']) + 1),
    asString(meta?.['CreateTime']),
  );
  putEntity(ctx.realm, def.name, obj);
  trackBalance(ctx, def.name, before, obj);
  trackInventory(ctx, def.name, before, obj);
  def.apply?.(ctx, before, obj);
  return clone(obj);
}

/**
 * The rows a query has to look at: an `Id =` or name `=` condition narrows them through the
 * store's indexes (the full WHERE is still applied to the result).
 */
function candidates(ctx: OpContext, def: EntityDef, q: Query): QboObject[] {
  const nf = NAME_FIELDS[def.name];
  const indexUsable = !(ctx.options.queryCaseInsensitive && !ctx.realm.nameCaseInsensitive);
  for (const c of q.where) {
    if (c.op !== '=') continue;
    const field = c.field.toLowerCase();
    if (field === 'id' && (typeof c.value === 'string' || typeof c.value === 'number')) {
      const o = findVisible(ctx, def.name, String(c.value));
      return o ? [o] : [];
    }
    if (nf && indexUsable && typeof c.value === 'string' && field === nf.field.toLowerCase()) {
      return namesInUse(ctx.realm, nf.group, c.value)
        .filter((k) => k.startsWith(`${def.name}:`))
        .map((k) => findVisible(ctx, def.name, k.slice(def.name.length + 1)))
        .filter((o): o is QboObject => o !== undefined);
    }
  }
  return visibleList(ctx, def.name);
}

/** Runs a query statement; returns the `QueryResponse` object. */
export function runQuery(ctx: OpContext, statement: string): QboObject {
  if (statement.length > ctx.options.maxQueryLength)
    throw faults.queryParse(
      `QueryParserError: The query is too long (${statement.length} characters; at most ${ctx.options.maxQueryLength}).`,
    );
  const q = parseQuery(statement);
  const special = ['CompanyInfo', 'Preferences'].find((n) => n.toLowerCase() === q.entity.toLowerCase());
  if (special !== undefined) {
    const obj = special === 'CompanyInfo' ? ctx.realm.companyInfo : ctx.realm.preferences;
    if (q.select.kind === 'count') return { totalCount: 1 };
    return { [special]: [clone(obj)], startPosition: 1, maxResults: 1 };
  }
  const def = ENTITY_DEFS.find((d) => d.name.toLowerCase() === q.entity.toLowerCase());
  if (!def) throw faults.queryParse(`QueryParserError: Invalid entity name: ${q.entity}`);
  const result = evaluateQuery(q, candidates(ctx, def, q), {
    queryable: def.queryable,
    nameList: def.nameList,
    caseInsensitive: ctx.options.queryCaseInsensitive,
    projections: ctx.options.queryProjections,
  });
  if (result.kind === 'count') return { totalCount: result.totalCount };
  if (result.rows.length === 0) return {};
  return {
    [def.name]: result.rows.map((r) => clone(r)),
    startPosition: result.startPosition,
    maxResults: result.rows.length,
  };
}
