// In-memory state: companies (realms) with their entities, registered apps and OAuth grants.
import type { QboObject } from './util';

export const ENTITY_NAMES = [
  'Account',
  'Customer',
  'Vendor',
  'Employee',
  'Item',
  'PaymentMethod',
  'Term',
  'TaxAgency',
  'TaxCode',
  'TaxRate',
  'Invoice',
  'Payment',
  'RefundReceipt',
  'CreditMemo',
] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

export interface StoredResponse {
  status: number;
  body: unknown;
  bodyHash: string;
}

/** Data API calls admitted past the rate limits, by kind (benchmarks count calls per record). */
export interface CallsByKind {
  query: number;
  read: number;
  write: number;
  batch: number;
  /** Items in the batch calls that ran (a replayed requestid does not run them again). */
  batchItems: number;
}

export interface RealmStats {
  requests: number;
  throttled: number;
  faultsInjected: number;
  admitted: CallsByKind;
}

export interface Realm {
  realmId: string;
  companyName: string;
  country: string;
  automatedSalesTax: boolean;
  createdAt: number;
  /** Multicurrency switched on (Preferences.CurrencyPrefs.MultiCurrencyEnabled). */
  multicurrency: boolean;
  /** ISO 4217 code of the home currency (Preferences.CurrencyPrefs.HomeCurrency). */
  homeCurrency: string;
  /** CompanyInfo's SubscriptionStatus; writes are refused (6190) unless it allows them. */
  subscriptionStatus: string;
  /** Books closed through this date (YYYY-MM-DD): transactions dated on or before it are locked. */
  closingDate: string | undefined;
  /** The closing date has a password (6210 instead of 6200). */
  closingPassword: boolean;
  /** The app's monthly CorePlus quota is used up: reads get 429. */
  quotaExhausted: boolean;
  /** Ids below these were handed out before the last company reset (10200 when a write names one). */
  resetFloor: Map<EntityName, number>;
  companyInfo: QboObject;
  preferences: QboObject;
  entities: Map<EntityName, Map<string, QboObject>>;
  /** Deleted records: id → when (epoch ms), for 610 on later reads and for CDC. */
  deleted: Map<EntityName, Map<string, number>>;
  nextId: Map<EntityName, number>;
  /** Last auto-assigned DocNumber per transaction type. */
  docSeq: Map<EntityName, number>;
  /** Tax code used by automated sales tax. */
  astTaxCodeId: string | undefined;
  requestIds: Map<string, StoredResponse>;
  stats: RealmStats;
  /** Duplicate-name index: normalised name → `Entity:Id` keys (see putEntity). */
  names: Map<string, Set<string>>;
  nameCaseInsensitive: boolean;
}

export interface OAuthClientApp {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface Grant {
  grantId: string;
  clientId: string;
  realmId: string;
  scope: string;
  createdAt: number;
  revoked: boolean;
}

export interface AuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  realmId: string;
  scope: string;
  expiresAt: number;
  /** Grant created when the code was exchanged (set once used). */
  grantId: string | undefined;
}

export interface AccessToken {
  token: string;
  grantId: string;
  expiresAt: number;
}

export interface RefreshToken {
  token: string;
  grantId: string;
  issuedAt: number;
  expiresAt: number;
  /** When a successor was issued; the value then works only during the grace period. */
  supersededAt: number | undefined;
  successor: string | undefined;
}

export interface EmulatorStore {
  realms: Map<string, Realm>;
  /** Realm the next authorize call consents to. */
  pendingRealmId: string | undefined;
  clients: Map<string, OAuthClientApp>;
  codes: Map<string, AuthCode>;
  grants: Map<string, Grant>;
  accessTokens: Map<string, AccessToken>;
  refreshTokens: Map<string, RefreshToken>;
  nextRealmSeq: number;
}

export function createStore(): EmulatorStore {
  return {
    realms: new Map(),
    pendingRealmId: undefined,
    clients: new Map(),
    codes: new Map(),
    grants: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    nextRealmSeq: 1,
  };
}

export function resetStore(store: EmulatorStore): void {
  Object.assign(store, createStore());
}

export function entityMap(realm: Realm, name: EntityName): Map<string, QboObject> {
  let m = realm.entities.get(name);
  if (!m) {
    m = new Map();
    realm.entities.set(name, m);
  }
  return m;
}

export function allocateId(realm: Realm, name: EntityName): string {
  const next = realm.nextId.get(name) ?? 1;
  realm.nextId.set(name, next + 1);
  return String(next);
}

/** The name field each list keeps unique, and the group it is unique within. */
export const NAME_FIELDS: Partial<Record<EntityName, { group: string; field: string }>> = {
  Customer: { group: 'people', field: 'DisplayName' },
  Vendor: { group: 'people', field: 'DisplayName' },
  Employee: { group: 'people', field: 'DisplayName' },
  Item: { group: 'Item', field: 'Name' },
  Account: { group: 'Account', field: 'FullyQualifiedName' },
  PaymentMethod: { group: 'PaymentMethod', field: 'Name' },
  Term: { group: 'Term', field: 'Name' },
  TaxAgency: { group: 'TaxAgency', field: 'DisplayName' },
  TaxCode: { group: 'TaxCode', field: 'Name' },
  TaxRate: { group: 'TaxRate', field: 'Name' },
};

export function nameIndexKey(realm: Realm, group: string, name: string): string {
  const t = name.trim();
  return `${group}\u0000${realm.nameCaseInsensitive ? t.toLowerCase() : t}`;
}

function indexKeyOf(realm: Realm, name: EntityName, obj: QboObject | undefined): string | undefined {
  const nf = NAME_FIELDS[name];
  const v = nf && obj ? obj[nf.field] : undefined;
  return nf && typeof v === 'string' ? nameIndexKey(realm, nf.group, v) : undefined;
}

function unindex(realm: Realm, name: EntityName, obj: QboObject | undefined): void {
  const key = indexKeyOf(realm, name, obj);
  if (key !== undefined) realm.names.get(key)?.delete(`${name}:${String(obj?.['Id'])}`);
}

/** Stores (or replaces) an entity and keeps the name index in step. */
export function putEntity(realm: Realm, name: EntityName, obj: QboObject): void {
  const map = entityMap(realm, name);
  const id = String(obj['Id']);
  unindex(realm, name, map.get(id));
  map.set(id, obj);
  const key = indexKeyOf(realm, name, obj);
  if (key === undefined) return;
  let set = realm.names.get(key);
  if (!set) realm.names.set(key, (set = new Set()));
  set.add(`${name}:${id}`);
}

export function removeEntity(realm: Realm, name: EntityName, id: string): void {
  const map = entityMap(realm, name);
  unindex(realm, name, map.get(id));
  map.delete(id);
}

/** Removes a record as deleted: later reads answer 610 and CDC lists it as Deleted (at `at`, epoch ms). */
export function markDeleted(realm: Realm, name: EntityName, id: string, at: number): void {
  removeEntity(realm, name, id);
  let del = realm.deleted.get(name);
  if (!del) realm.deleted.set(name, (del = new Map<string, number>()));
  del.set(id, at);
}

/** `Entity:Id` keys of the records using `value` as their name within `group`. */
export function namesInUse(realm: Realm, group: string, value: string): string[] {
  return [...(realm.names.get(nameIndexKey(realm, group, value)) ?? [])];
}
