// Top-level properties QBO's JSON schema knows per entity (writable and read-only). Anything else
// is rejected like QBO's deserializer does: 2010 "Property Name:Unrecognized field …".
// Lists are deliberately generous (taken from the v3 schema); nested objects are not checked.
import type { EntityName } from '../store';
import { LIST_FIELDS } from './list-fields';
import { TRANSACTION_FIELDS } from './transaction-fields';

const SYSTEM = ['Id', 'SyncToken', 'MetaData', 'domain', 'sparse', 'status', 'CustomField', 'AttachableRef'];

export const KNOWN_FIELDS: Record<EntityName, readonly string[]> = { ...LIST_FIELDS, ...TRANSACTION_FIELDS };

const sets = new Map<EntityName, Set<string>>(
  Object.entries(KNOWN_FIELDS).map(([k, v]) => [k as EntityName, new Set([...SYSTEM, ...v])]),
);

/** The first property of `body` the entity's schema does not know, if any. */
export function unknownField(entity: EntityName, body: Record<string, unknown>): string | undefined {
  const known = sets.get(entity);
  if (!known) return undefined;
  return Object.keys(body).find((k) => !known.has(k));
}
