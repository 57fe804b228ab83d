// Creating companies: a fresh realm with its seed.
import type { OpContext } from './entities/context';
import { defaultHomeCurrency, isCanada } from './locale';
import type { EmulatorOptions } from './options';
import { seedRealm } from './seed';
import type { EmulatorStore, Realm } from './store';

export interface NewRealm {
  companyName: string;
  country?: string | undefined;
  automatedSalesTax?: boolean | undefined;
  multicurrency?: boolean | undefined;
  homeCurrency?: string | undefined;
}

/** 16 digits, like QBO's; distinct per emulator instance unless `realmIdBase` is fixed. */
function realmIdFor(base: number, seq: number): string {
  return `9341${String((base * 1_000 + seq * 137) % 1_000_000_000_000).padStart(12, '0')}`;
}

export function createRealm(store: EmulatorStore, options: EmulatorOptions, input: NewRealm): Realm {
  const realmId = realmIdFor(options.realmIdBase, store.nextRealmSeq++);
  const now = options.now();
  const country = input.country ?? 'US';
  const realm: Realm = {
    realmId,
    companyName: input.companyName,
    country,
    // US automated sales tax only: a Canadian company keeps its own codes (README "Canadian companies").
    automatedSalesTax: (input.automatedSalesTax ?? false) && !isCanada(country),
    createdAt: now,
    multicurrency: input.multicurrency ?? false,
    homeCurrency: input.homeCurrency ?? defaultHomeCurrency(country),
    subscriptionStatus: 'SUBSCRIBED',
    closingDate: undefined,
    closingPassword: false,
    quotaExhausted: false,
    resetFloor: new Map(),
    companyInfo: {},
    preferences: {},
    entities: new Map(),
    deleted: new Map(),
    nextId: new Map(),
    docSeq: new Map(),
    astTaxCodeId: undefined,
    requestIds: new Map(),
    stats: {
      requests: 0,
      throttled: 0,
      faultsInjected: 0,
      admitted: { query: 0, read: 0, write: 0, batch: 0, batchItems: 0 },
    },
    names: new Map(),
    nameCaseInsensitive: options.duplicateNameCaseInsensitive,
  };
  const ctx: OpContext = { realm, options, now, include: new Set(), hidden: undefined };
  seedRealm(ctx);
  store.realms.set(realmId, realm);
  store.pendingRealmId = realmId;
  return realm;
}
