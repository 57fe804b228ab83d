// Routes a data-API request (already authenticated and admitted) to its operation and returns
// the status and body. Faults become QBO's Fault JSON; requestid replays the first response.
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { runCdc } from '../cdc';
import { assertCompanyWritable } from '../company/subscription';
import { faults, QboFault } from '../errors';
import type { OpContext } from '../entities/context';
import { entityByName, entityByPath } from '../entities/registry';
import type { EntityDef } from '../entities/types';
import { createEntity, deleteEntity, readEntity, runQuery, updateEntity, voidEntity } from '../operations';
import type { EmulatorOptions } from '../options';
import type { Realm } from '../store';
import { asArray, asRecord, asString, clone, type QboObject } from '../util';
import { jsonBody, queryText, rawText } from './body';
import { faultResponse, timeNow } from './respond';
import { createTaxService } from './taxservice';

export interface Outcome {
  status: number;
  body: unknown;
  /** The request changed (or could have changed) data: eligible for commit-then-drop. */
  write: boolean;
}

export function param(req: Request, name: string): string | undefined {
  const v: unknown = (req.query as Record<string, unknown>)[name];
  return Array.isArray(v) ? asString(v[0]) : asString(v);
}

function ok(options: EmulatorOptions, body: QboObject, write = false): Outcome {
  return { status: 200, body: { ...body, time: timeNow(options) }, write };
}

function entityOperation(ctx: OpContext, def: EntityDef, req: Request): Outcome {
  assertCompanyWritable(ctx.realm);
  const body = jsonBody(req);
  const operation = (param(req, 'operation') ?? '').toLowerCase();
  let result: QboObject;
  if (operation === 'delete') result = deleteEntity(ctx, def, body);
  else if (operation === 'void' || (ctx.include.has('void') && operation !== 'delete'))
    result = voidEntity(ctx, def, body);
  else if (operation === 'update' || (operation === '' && body['Id'] !== undefined))
    result = updateEntity(ctx, def, body);
  else if (operation === '' || operation === 'create') result = createEntity(ctx, def, body);
  else throw faults.unsupportedOperation(`Operation ${operation} is not supported.`);
  return ok(ctx.options, { [def.name]: result }, true);
}

function batchItem(ctx: OpContext, item: unknown, hidden: Set<string>): QboObject {
  const it = asRecord(item) ?? {};
  const bId = asString(it['bId']) ?? '';
  try {
    const query = it['Query'];
    if (typeof query === 'string') return { bId, QueryResponse: runQuery(ctx, query) };
    const key = Object.keys(it).find((k) => entityByName(k) !== undefined);
    const def = key === undefined ? undefined : entityByName(key);
    if (!def || key === undefined)
      throw new QboFault([
        {
          Message: 'Invalid or unsupported object name',
          Detail: 'The batch item has no supported entity or Query.',
          code: '2000',
          element: '',
        },
      ]);
    const obj = asRecord(it[key]);
    if (!obj) throw faults.invalidProperty(key);
    assertCompanyWritable(ctx.realm);
    const op = (asString(it['operation']) ?? 'create').toLowerCase();
    const voidIt = (asString(it['optionsData']) ?? '').toLowerCase().includes('void');
    let result: QboObject;
    if (op === 'create') {
      result = createEntity(ctx, def, obj);
      hidden.add(`${def.name}:${String(result['Id'])}`);
    } else if (op === 'update') result = voidIt ? voidEntity(ctx, def, obj) : updateEntity(ctx, def, obj);
    else if (op === 'delete') result = deleteEntity(ctx, def, obj);
    else throw faults.invalidEnum('operation', op);
    return { bId, [def.name]: result };
  } catch (e) {
    if (e instanceof QboFault) return { bId, Fault: { Error: e.errors, type: e.faultType } };
    throw e;
  }
}

function batch(ctx: OpContext, req: Request, requestId: string | undefined): Outcome {
  const body = jsonBody(req);
  const items = body['BatchItemRequest'];
  if (!Array.isArray(items)) throw faults.required('BatchItemRequest');
  if (items.length > ctx.options.maxBatchItems)
    throw faults.batchTooLarge(items.length, ctx.options.maxBatchItems);
  if (requestId !== undefined && items.some((i) => (asString(asRecord(i)?.['bId']) ?? '').length > 10))
    throw faults.business('When a requestid is used, each bId can be at most 10 characters long.');
  ctx.realm.stats.admitted.batchItems += items.length;
  const hidden = new Set<string>();
  const itemCtx: OpContext = { ...ctx, hidden };
  return ok(
    ctx.options,
    { BatchItemResponse: asArray(items).map((i) => batchItem(itemCtx, i, hidden)) },
    true,
  );
}

function updatePreferences(ctx: OpContext, req: Request): Outcome {
  assertCompanyWritable(ctx.realm);
  const body = jsonBody(req);
  const prefs = ctx.realm.preferences;
  if (asString(body['SyncToken']) !== String(prefs['SyncToken'])) {
    if (body['SyncToken'] === undefined) throw faults.required('SyncToken');
    throw faults.staleObject();
  }
  for (const [section, value] of Object.entries(body)) {
    const v = asRecord(value);
    const current = asRecord(prefs[section]);
    if (!v || !current || section === 'MetaData') continue;
    const next = { ...current, ...v };
    if (section === 'TaxPrefs') next['PartnerTaxEnabled'] = current['PartnerTaxEnabled'];
    prefs[section] = next;
  }
  prefs['SyncToken'] = String(Number(prefs['SyncToken']) + 1);
  prefs['MetaData'] = { ...(asRecord(prefs['MetaData']) ?? {}), LastUpdatedTime: timeNow(ctx.options) };
  return ok(ctx.options, { Preferences: clone(prefs) }, true);
}

/** Applies the requestid contract: the first response for an id is replayed verbatim. */
function withRequestId(ctx: OpContext, req: Request, maxLen: number, run: () => Outcome): Outcome {
  const rid = param(req, 'requestid');
  if (rid === undefined || ctx.options.requestIdMode === 'ignore') return run();
  if (rid.length > maxLen)
    throw faults.business(`You cannot enter more than ${maxLen} characters in the request_id field.`);
  const hash = createHash('sha256')
    .update(`${req.method} ${req.path}?${param(req, 'operation') ?? ''}\n`)
    .update(rawText(req))
    .digest('hex');
  const prev = ctx.realm.requestIds.get(rid);
  if (prev) {
    if (ctx.options.requestIdMode === 'reject-different-body' && prev.bodyHash !== hash)
      throw faults.duplicateRequestId();
    return { status: prev.status, body: clone(prev.body), write: false };
  }
  let out: Outcome;
  try {
    out = run();
  } catch (e) {
    if (!(e instanceof QboFault)) throw e;
    out = { ...faultResponse(e, ctx.options), write: false };
  }
  const ids = ctx.realm.requestIds;
  ids.set(rid, { status: out.status, body: clone(out.body), bodyHash: hash });
  // Bounded memory for long benchmarks: forget the oldest ids (QBO's retention is unconfirmed).
  if (ids.size > ctx.options.requestIdRetention) ids.delete(ids.keys().next().value as string);
  return out;
}

function unsupportedPath(req: Request): QboFault {
  const rel = req.path;
  return faults.unsupportedOperation(
    `Operation Could not find resource for relative : ${rel} of full path: https://quickbooks.api.intuit.com${req.originalUrl} is not supported.`,
  );
}

export function dispatch(
  realm: Realm,
  options: EmulatorOptions,
  now: number,
  req: Request,
  segments: readonly string[],
): Outcome {
  const include = new Set(
    (param(req, 'include') ?? '')
      .toLowerCase()
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
  const ctx: OpContext = { realm, options, now, include, hidden: undefined };
  const [first = '', second, third] = segments;
  const method = req.method;
  try {
    if (first === 'query' && segments.length === 1 && (method === 'GET' || method === 'POST')) {
      const statement = method === 'GET' ? (param(req, 'query') ?? '') : queryText(req);
      return ok(options, { QueryResponse: runQuery(ctx, statement) });
    }
    if (first === 'cdc' && segments.length === 1 && method === 'GET')
      return ok(options, runCdc(ctx, param(req, 'entities'), param(req, 'changedSince')));
    if (first === 'companyinfo' && method === 'GET' && segments.length <= 2) {
      if (second !== undefined && second !== realm.realmId && second !== '1') throw faults.objectNotFound();
      return ok(options, { CompanyInfo: clone(realm.companyInfo) });
    }
    if (first === 'preferences' && segments.length === 1) {
      if (method === 'GET') return ok(options, { Preferences: clone(realm.preferences) });
      if (method === 'POST') return withRequestId(ctx, req, 50, () => updatePreferences(ctx, req));
    }
    if (first === 'batch' && segments.length === 1 && method === 'POST') {
      const rid = param(req, 'requestid');
      return withRequestId(ctx, req, 36, () => batch(ctx, req, rid));
    }
    if (first === 'taxservice' && second === 'taxcode' && segments.length === 2 && method === 'POST')
      return withRequestId(ctx, req, 50, () => {
        assertCompanyWritable(ctx.realm);
        return { status: 200, body: createTaxService(ctx, jsonBody(req)), write: true };
      });
    const def = entityByPath(first);
    if (def && method === 'GET' && segments.length === 2 && second !== undefined && third === undefined)
      return ok(options, { [def.name]: readEntity(ctx, def, second) });
    if (def && method === 'POST' && segments.length === 1)
      return withRequestId(ctx, req, 50, () => entityOperation(ctx, def, req));
    throw unsupportedPath(req);
  } catch (e) {
    if (e instanceof QboFault) return { ...faultResponse(e, options), write: false };
    throw e;
  }
}
