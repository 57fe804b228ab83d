// The lists of a QuickBooks company (preferences, accounts, payment methods, terms, tax codes,
// agencies and rates), kept for the whole worker process rather than read again by every run: an
// order hook would otherwise re-read preferences and accounts each time. A list is kept until it
// expires, or until the tenant's lists version moves on: the change poller moves it in PostgreSQL
// when ChangeDataCapture shows a change in a list (so every worker process sees it, at the next
// run's company-gate read), and so does the sync when it changes a list itself. Lists CDC cannot
// see (tax codes, agencies, rates) are bounded by the expiry. A new connection (another company,
// or the same one after a reset) is a new copy too.
import type { ListsVersion } from '../../db/queries/company-lists';

/** The run-cache keys (RunCache.get) that name a company list; every other key stays per run. */
export const COMPANY_LIST_KEYS: ReadonlySet<string> = new Set([
  'preferences',
  'accounts',
  'paymentMethods',
  'terms',
  'taxCodes',
  'taxAgencies',
  'taxRates',
]);

export const isCompanyList = (key: string): boolean => COMPANY_LIST_KEYS.has(key);

/** A list may be this old before it is read again, whatever the poller saw. */
export const LIST_TTL_MS = 10 * 60_000;
/** Tenants whose lists are kept at once (least recently used dropped first): bounds the memory. */
export const MAX_TENANTS = 256;

type Entry = { value: Promise<unknown>; expiresAt: number };
/** `version`: the tenant's lists version the entries belong to (null: none seen yet). */
type Tenant = { version: ListsVersion | null; entries: Map<string, Entry> };

/** Whether `a` is a later copy of the lists than `b`: a later connection, or a later version of it. */
export const isNewer = (a: ListsVersion, b: ListsVersion | null): boolean =>
  b === null || a.connectedAt > b.connectedAt || (a.connectedAt === b.connectedAt && a.version > b.version);

/** How a `get` was answered: loaded by this call, joined a load in progress, or kept. */
export type ListSource = 'loaded' | 'loading' | 'kept';

export type CompanyListsOptions = { ttlMs?: number; maxTenants?: number; now?: () => number };

export class CompanyLists {
  /** Insertion order is recency of use: the first tenant is the least recently used. */
  private readonly tenants = new Map<string, Tenant>();
  private readonly ttlMs: number;
  private readonly maxTenants: number;
  private readonly now: () => number;

  constructor(options: CompanyListsOptions = {}) {
    this.ttlMs = options.ttlMs ?? LIST_TTL_MS;
    this.maxTenants = options.maxTenants ?? MAX_TENANTS;
    this.now = options.now ?? Date.now;
  }

  /**
   * The tenant's lists version as a run read it from the database: a newer one (or a new
   * connection) drops every list kept for the tenant; an older one, read by a run that started
   * earlier, changes nothing.
   */
  observe(tenantId: string, version: ListsVersion): void {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) this.touch(tenantId, version);
    else if (isNewer(version, tenant.version)) {
      tenant.version = version;
      // A load still running for the old version settles into the map it started in, not this one.
      tenant.entries = new Map();
    }
  }

  /**
   * The list kept under `key`, else loaded once however many runs ask at once. `fresh`: load it
   * again even if kept (a support re-run after a change in QuickBooks). A failed load is not kept.
   */
  get<T>(
    tenantId: string,
    key: string,
    load: () => Promise<T>,
    fresh = false,
  ): { value: Promise<T>; source: ListSource } {
    const { entries } = this.touch(tenantId);
    const kept = entries.get(key);
    if (kept && !fresh && kept.expiresAt > this.now())
      return {
        value: kept.value as Promise<T>,
        source: kept.expiresAt === Number.POSITIVE_INFINITY ? 'loading' : 'kept',
      };
    const entry: Entry = { value: load(), expiresAt: Number.POSITIVE_INFINITY };
    entries.set(key, entry);
    entry.value.then(
      () => {
        if (entries.get(key) === entry) entry.expiresAt = this.now() + this.ttlMs;
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    return { value: entry.value as Promise<T>, source: 'loaded' };
  }

  /** Drops one list of the tenant (this process only; see bumpListsVersion for every worker). */
  forget(tenantId: string, key: string): void {
    this.tenants.get(tenantId)?.entries.delete(key);
  }

  /** Tenants with lists kept (for tests and metrics). */
  get size(): number {
    return this.tenants.size;
  }

  /** The tenant's record, made the most recently used; the least recently used beyond the cap go. */
  private touch(tenantId: string, version: ListsVersion | null = null): Tenant {
    const tenant = this.tenants.get(tenantId) ?? { version, entries: new Map<string, Entry>() };
    this.tenants.delete(tenantId);
    this.tenants.set(tenantId, tenant);
    for (const oldest of this.tenants.keys()) {
      if (this.tenants.size <= this.maxTenants) break;
      this.tenants.delete(oldest);
    }
    return tenant;
  }
}

/** The worker process's company lists. */
export const companyLists = new CompanyLists();
