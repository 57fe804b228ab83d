// Company lists read once per run (accounts, payment methods, tax codes, …): a record asking for
// one another record is loading waits for that load (parked, so held calls still go out).
import type { RecordTasks } from './record-tasks';
import type { RunCache } from './types';

export class MemoCache implements RunCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(private readonly tasks: RecordTasks) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key) as Promise<T> | undefined;
    if (hit) return this.tasks.wait(hit, () => new Error(`Waiting for ${key} never ended`));
    const loading = load();
    this.entries.set(key, loading);
    loading.catch(() => this.entries.delete(key));
    return loading;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
