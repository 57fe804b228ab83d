// Name-list rules shared by Customer, Vendor, Employee and the other lists: unique names and
// sub-level hierarchies (ParentRef, Level, FullyQualifiedName).
import { faults } from '../errors';
import { entityMap, namesInUse, type EntityName } from '../store';
import { asString, refValue, type QboObject } from '../util';
import { findVisible, type OpContext } from './context';

/** 6240 when another record of `among` uses `name` (the name index covers each list's name field). */
export function assertUniqueName(
  ctx: OpContext,
  among: readonly EntityName[],
  _field: string,
  name: string,
  self: { entity: EntityName; id: string | undefined },
  detail: string,
): void {
  const group = among.length > 1 ? 'people' : (among[0] ?? '');
  for (const key of namesInUse(ctx.realm, group, name)) {
    const sep = key.indexOf(':');
    const entity = key.slice(0, sep) as EntityName;
    const id = key.slice(sep + 1);
    if (!among.includes(entity) || (entity === self.entity && id === self.id)) continue;
    // A name is unique in the company even against a record created earlier in the same batch:
    // such records are invisible to later items' lookups and references, not to the uniqueness check.
    const other = entityMap(ctx.realm, entity).get(id);
    if (!other) continue;
    if (other['Active'] === false && !ctx.options.duplicateNameIncludesInactive) continue;
    throw faults.duplicateName(detail);
  }
}

/**
 * Applies ParentRef rules: `isChild` needs a ParentRef (6150); the parent must exist (2500) and the
 * depth stays within 5 levels (6180). Returns Level and FullyQualifiedName.
 */
export function hierarchy(
  ctx: OpContext,
  entity: EntityName,
  obj: QboObject,
  isChild: boolean,
  ownName: string,
  selfId: string | undefined,
): { Level: number; FullyQualifiedName: string } {
  const parentId = refValue(obj['ParentRef']);
  if (!isChild) return { Level: 0, FullyQualifiedName: ownName };
  if (parentId === undefined) throw faults.parentRefRequired();
  if (parentId === selfId)
    throw faults.parentInvalid('Parent Reference Invalid : An object cannot be its own parent.');
  const parent = findVisible(ctx, entity, parentId);
  if (!parent) throw faults.invalidReference(entity, parentId, 'ParentRef');
  const level = Number(parent['Level'] ?? 0) + 1;
  if (level > 4) throw faults.subLevelLimit();
  const parentName =
    asString(parent['FullyQualifiedName']) ??
    asString(parent['DisplayName']) ??
    asString(parent['Name']) ??
    '';
  return { Level: level, FullyQualifiedName: `${parentName}:${ownName}` };
}
