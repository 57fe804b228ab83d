// Records another run waits for. A hook needs a customer or product whose lease a page of the
// initial sync holds, while that page's calls for it wait behind hundreds of others (its writes in
// the company's write pool, its lookups at bulk priority in the realm limiter, which serves hooks
// first: seconds at QBO's limits, and tens of seconds while hooks use most of the budget). The
// waiter says so here, again on every poll of the lease: the pools of this process send that
// record's pooled writes at once (write-pool.ts `expedite`), its run's batch queue sends what it
// holds (batch-queue.ts), and the limiter serves its calls as a hook's (rate-limiter.ts), so the
// lease frees in about one call's time. What the record waits for is wanted with it: its
// dependencies (`noteNeeds`), also those another task of its run is syncing (scheduler.ts, a
// sub-category's parent). In-process: a waiter in
// another worker process is not heard (its wait then ends as before).
import { EventEmitter } from 'node:events';

/** How long one announcement lasts; the waiter repeats it while it waits (leases.ts). */
const WANTED_MS = 1_000;

const wanted = new EventEmitter();
wanted.setMaxListeners(0);
const wantedUntil = new Map<string, number>();

/** The tag of a record's lease, shared by the lease holder's calls and the waiter. */
export function leaseTag(tenantId: string, entity: string, bproId: string): string {
  return `${tenantId}/${entity}/${bproId}`;
}

/** The records each held record waits for within its run (its dependencies): wanted with it. */
const needs = new Map<string, Map<string, number>>();

/**
 * Notes that records held under `holders` wait for the record under `needed` (a dependency their
 * run syncs first): while one of them is wanted, so is it. The function returned ends the note.
 */
export function noteNeeds(holders: readonly string[], needed: string): () => void {
  for (const holder of holders) {
    const of = needs.get(holder) ?? new Map<string, number>();
    of.set(needed, (of.get(needed) ?? 0) + 1);
    needs.set(holder, of);
  }
  return () => {
    for (const holder of holders) {
      const of = needs.get(holder);
      const count = of?.get(needed) ?? 0;
      if (count > 1) of?.set(needed, count - 1);
      else of?.delete(needed);
      if (of?.size === 0) needs.delete(holder);
    }
  };
}

/** Another run waits for the record under `tag`: its calls (and its dependencies') go first for the next second. */
export function wantRecord(tag: string, seen = new Set<string>()): void {
  if (seen.has(tag)) return;
  seen.add(tag);
  const now = Date.now();
  if (wantedUntil.size > 1_000)
    for (const [key, until] of wantedUntil) if (until <= now) wantedUntil.delete(key);
  wantedUntil.set(tag, now + WANTED_MS);
  wanted.emit('wanted', tag);
  for (const needed of needs.get(tag)?.keys() ?? []) wantRecord(needed, seen);
}

/** Whether a call made under these leases is wanted by another run now. */
export function isWanted(tags: readonly string[] | undefined): boolean {
  if (!tags) return false;
  const now = Date.now();
  return tags.some((tag) => (wantedUntil.get(tag) ?? 0) > now);
}

/** Calls `listener` with each wanted tag; the function returned stops it. */
export function onWantedRecord(listener: (tag: string) => void): () => void {
  wanted.on('wanted', listener);
  return () => wanted.off('wanted', listener);
}
