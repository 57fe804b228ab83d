// The in-process queue of callers waiting for one realm's tokens (per call kind): record syncs
// ('hook') before bulk work ('bulk'), first come first served within a class. Only its head polls
// the shared buckets, so waiting callers do not stampede the database.

/** Record syncs (hooks) are real-time; initial-sync pages, re-runs and the change poller are bulk. */
export type Priority = 'hook' | 'bulk';

export class PriorityWaitQueue<W extends { priority: Priority }> {
  private readonly hooks: W[] = [];
  private readonly bulk: W[] = [];

  get size(): number {
    return this.hooks.length + this.bulk.length;
  }

  push(waiter: W): void {
    (waiter.priority === 'hook' ? this.hooks : this.bulk).push(waiter);
  }

  /** The next to be served: the oldest hook, else the oldest bulk caller. */
  peek(): W | undefined {
    return this.hooks[0] ?? this.bulk[0];
  }

  shift(): W | undefined {
    return this.hooks.length > 0 ? this.hooks.shift() : this.bulk.shift();
  }

  /** Takes a waiter out (its deadline passed); false if it was no longer queued. */
  remove(waiter: W): boolean {
    const list = waiter.priority === 'hook' ? this.hooks : this.bulk;
    const index = list.indexOf(waiter);
    if (index < 0) return false;
    list.splice(index, 1);
    return true;
  }

  /** Moves the bulk waiters `matches` picks to the end of the hooks' class; whether any moved. */
  promote(matches: (waiter: W) => boolean): boolean {
    const moved = this.bulk.filter(matches);
    if (moved.length === 0) return false;
    for (const waiter of moved) {
      this.bulk.splice(this.bulk.indexOf(waiter), 1);
      waiter.priority = 'hook';
      this.hooks.push(waiter);
    }
    return true;
  }

  /** How many are served before `waiter` (−1: not queued). */
  ahead(waiter: W): number {
    if (waiter.priority === 'hook') return this.hooks.indexOf(waiter);
    const index = this.bulk.indexOf(waiter);
    return index < 0 ? -1 : this.hooks.length + index;
  }

  /** Whether anyone queued would be served before a newcomer of `priority`. */
  servesFirst(priority: Priority): boolean {
    return priority === 'hook' ? this.hooks.length > 0 : this.size > 0;
  }
}
