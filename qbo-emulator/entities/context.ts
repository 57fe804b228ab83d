// What an entity operation sees: the realm, the options, the request's clock and include flags.
import type { EmulatorOptions } from '../options';
import { entityMap, type EntityName, type Realm } from '../store';
import { assertNotFromBeforeReset } from '../company/reset-floor';
import { faults } from '../errors';
import { asRecord, asString, qboDate, refValue, type QboObject } from '../util';

export interface OpContext {
  realm: Realm;
  options: EmulatorOptions;
  now: number;
  /** Lower-cased `include=` flags of the request. */
  include: Set<string>;
  /** `Entity:Id` keys created earlier in the same batch: invisible to later items. */
  hidden: Set<string> | undefined;
}

export function today(ctx: OpContext): string {
  return qboDate(ctx.now, ctx.options.utcOffsetMinutes);
}

export function findVisible(ctx: OpContext, name: EntityName, id: string): QboObject | undefined {
  if (ctx.hidden?.has(`${name}:${id}`)) return undefined;
  return entityMap(ctx.realm, name).get(id);
}

export function visibleList(ctx: OpContext, name: EntityName): QboObject[] {
  const all = [...entityMap(ctx.realm, name).values()];
  const hidden = ctx.hidden;
  if (!hidden || hidden.size === 0) return all;
  return all.filter((o) => !hidden.has(`${name}:${String(o['Id'])}`));
}

const REF_LABEL: Partial<Record<EntityName, string>> = {
  Customer: 'Customer',
  Item: 'Item',
  Account: 'Account',
  Term: 'Term',
  PaymentMethod: 'PaymentMethod',
  TaxCode: 'TaxCode',
  TaxRate: 'TaxRate',
  TaxAgency: 'TaxAgency',
  Invoice: 'Invoice',
  CreditMemo: 'CreditMemo',
};

/**
 * Resolves a `{value}` reference. Missing object → 2500 Invalid Reference Id; inactive → 610
 * Object Not Found (QBO's two answers for a bad reference).
 */
export function resolveRef(
  ctx: OpContext,
  name: EntityName,
  ref: unknown,
  element: string,
  opts: { allowInactive?: boolean } = {},
): QboObject {
  const rec = asRecord(ref);
  const id = refValue(ref);
  if (!rec || id === undefined || id.trim() === '') throw faults.required(element, element);
  const found = findVisible(ctx, name, id);
  if (!found) {
    assertNotFromBeforeReset(ctx.realm, name, id);
    throw faults.invalidReference(REF_LABEL[name] ?? name, id, element);
  }
  if (found['Active'] === false && !opts.allowInactive) throw faults.objectNotFound(undefined, element);
  return found;
}

export function optionalRef(
  ctx: OpContext,
  name: EntityName,
  ref: unknown,
  element: string,
  opts: { allowInactive?: boolean } = {},
): QboObject | undefined {
  if (ref === undefined || ref === null) return undefined;
  return resolveRef(ctx, name, ref, element, opts);
}

export function refTo(obj: QboObject, nameField = 'Name'): { value: string; name: string } {
  return {
    value: String(obj['Id']),
    name: asString(obj[nameField]) ?? asString(obj['DisplayName']) ?? asString(obj['Name']) ?? '',
  };
}
