// What a run reads once (lookups, settings, the company's lists): a record asking for one another
// record is loading waits for that load (parked, so held calls still go out). The company's lists
// (company-lists.ts) come from the worker's copy kept across runs; the run keeps the one it got,
// so its records see one version of each list.
import type { Database } from '../../db/client';
import { bumpListsVersion } from '../../db/queries/company-lists';
import { companyLists as processLists, isCompanyList, type CompanyLists } from './company-lists';
import type { RecordTasks } from './record-tasks';
import type { RunCache } from './types';

export type CompanyOfRun = {
  tenantId: string;
  db: Database;
  /** Read the lists again rather than take the kept ones (a support re-run after a fix in QuickBooks). */
  fresh?: boolean;
  lists?: CompanyLists;
};

export class MemoCache implements RunCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(
    private readonly tasks: RecordTasks,
    private readonly company?: CompanyOfRun,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key) as Promise<T> | undefined;
    if (hit) return this.tasks.wait(hit, () => new Error(`Waiting for ${key} never ended`));
    const loading = this.load(key, load);
    this.entries.set(key, loading);
    loading.catch(() => this.entries.delete(key));
    return loading;
  }

  /**
   * Drops a list, so the next `get` reads it again. A company list is dropped for every worker:
   * the tenant's lists version moves on (not awaited: should the write fail, the other workers'
   * copies still expire).
   */
  forget(key: string): void {
    this.entries.delete(key);
    const company = this.company;
    if (!company || !isCompanyList(key)) return;
    const lists = company.lists ?? processLists;
    lists.forget(company.tenantId, key);
    void bumpListsVersion(company.db, company.tenantId).then(
      (version) => {
        if (version) lists.observe(company.tenantId, version);
      },
      () => undefined,
    );
  }

  private load<T>(key: string, load: () => Promise<T>): Promise<T> {
    const company = this.company;
    if (!company || !isCompanyList(key)) return load();
    const lists = company.lists ?? processLists;
    const got = lists.get(company.tenantId, key, load, company.fresh ?? false);
    if (got.source !== 'loading') return got.value;
    // Another run's call to QuickBooks: waited for as one of this run's own (its held calls go out).
    const answered = this.tasks.held();
    return got.value.finally(answered);
  }
}
