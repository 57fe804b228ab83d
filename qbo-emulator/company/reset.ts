// Company reset: the company's data is wiped and seeded again as new, under the same realm id and
// connection. Ids keep counting up, so an id from before the reset is never handed out again: reads
// of one answer 610, and a create/update/delete that names one answers 10200 Company Reset
// (reset-floor.ts).
import type { OpContext } from '../entities/context';
import type { EmulatorOptions } from '../options';
import { seedRealm } from '../seed';
import type { Realm } from '../store';

export function resetCompany(realm: Realm, options: EmulatorOptions): void {
  for (const [name, next] of realm.nextId) realm.resetFloor.set(name, next);
  realm.entities = new Map();
  realm.deleted = new Map();
  realm.names = new Map();
  realm.docSeq = new Map();
  realm.requestIds = new Map();
  realm.astTaxCodeId = undefined;
  realm.closingDate = undefined;
  realm.closingPassword = false;
  const ctx: OpContext = { realm, options, now: options.now(), include: new Set(), hidden: undefined };
  seedRealm(ctx);
}
