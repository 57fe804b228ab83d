// The shape every entity module implements; operations.ts drives them generically.
import type { EntityName } from '../store';
import type { QboObject } from '../util';
import type { OpContext } from './context';

export interface EntityDef {
  name: EntityName;
  /** Lower-case URL segment. */
  path: string;
  /** Name lists are deactivated, not deleted, and queries return active records by default. */
  nameList: boolean;
  ops: { create: boolean; read: boolean; update: boolean; delete: boolean; void: boolean };
  /** Properties allowed in a WHERE clause (4001 otherwise). */
  queryable: readonly string[];
  /** Response-only properties: dropped from input (or 2010 when readOnlyFields = reject). */
  readOnly: readonly string[];
  /**
   * Validates and completes the object (defaults, computed amounts). `existing` is the stored
   * version on update. Throws QboFault; must not mutate the realm.
   */
  build(ctx: OpContext, input: QboObject, existing: QboObject | undefined): QboObject;
  /** Side effects on other records after a successful write (before/after undefined for create/delete). */
  apply?(ctx: OpContext, before: QboObject | undefined, after: QboObject | undefined): void;
  /** Throws when the object may not be deleted. */
  checkDelete?(ctx: OpContext, obj: QboObject): void;
  /** Returns the voided version of the object. */
  voidObject?(ctx: OpContext, obj: QboObject): QboObject;
}
