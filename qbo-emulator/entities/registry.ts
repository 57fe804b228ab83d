// All emulated entities, looked up by wire name or URL segment.
import type { EntityName } from '../store';
import { accountDef } from './account';
import { itemDef } from './item';
import { paymentMethodDef, taxAgencyDef, taxCodeDef, taxRateDef, termDef } from './lists';
import { paymentDef } from './payment';
import { customerDef, employeeDef, vendorDef } from './person';
import { creditMemoDef, invoiceDef, refundReceiptDef } from './transactions';
import type { EntityDef } from './types';

export const ENTITY_DEFS: readonly EntityDef[] = [
  accountDef,
  customerDef,
  vendorDef,
  employeeDef,
  itemDef,
  paymentMethodDef,
  termDef,
  taxAgencyDef,
  taxCodeDef,
  taxRateDef,
  invoiceDef,
  paymentDef,
  refundReceiptDef,
  creditMemoDef,
];

const byPath = new Map(ENTITY_DEFS.map((d) => [d.path, d]));
const byName = new Map<string, EntityDef>(ENTITY_DEFS.map((d) => [d.name, d]));

export function entityByPath(path: string): EntityDef | undefined {
  return byPath.get(path);
}

export function entityByName(name: string): EntityDef | undefined {
  return byName.get(name);
}

export function entityDef(name: EntityName): EntityDef {
  return byName.get(name) as EntityDef;
}
