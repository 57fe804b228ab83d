// Which ids were handed out before the company's last reset: writes that name one get 10200
// Company Reset ("Company has been reset. Request for CUD is stale.").
import { companyFaults } from '../errors-company';
import type { EntityName, Realm } from '../store';

/** Whether `id` of `name` was handed out before the last reset of the company. */
export function fromBeforeReset(realm: Realm, name: EntityName, id: string): boolean {
  const floor = realm.resetFloor.get(name);
  const n = Number(id);
  return floor !== undefined && Number.isInteger(n) && n >= 1 && n < floor;
}

/** 10200 when a write names an id from before the last reset. */
export function assertNotFromBeforeReset(realm: Realm, name: EntityName, id: string): void {
  if (fromBeforeReset(realm, name, id)) throw companyFaults.companyReset();
}
