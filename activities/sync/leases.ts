// Record leases: one run at a time syncs a record across workers (an initial-sync page and a
// hook could both find it missing in QuickBooks and create it twice). Held leases are renewed
// while their records sync; a crashed worker's leases free up within the TTL.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Database } from '../../db/client';
import { releaseLease, renewLeases, tryTakeLease } from '../../db/queries/record-leases';
import type { SyncEntity } from '../../workflows/contracts';
import { isWanted, leaseTag, wantRecord } from '../qbo/wanted-records';
import { describe } from './log-wording';
import { leasesAbove, noteLeaseHeld } from './record-tasks';
import { RecordBusy } from './outcome';

/** How long a record's lease lasts unless renewed: a crashed worker's leases free up this soon. */
const LEASE_TTL_MS = 15_000;
/** Leases are renewed this often while their records sync. */
const LEASE_RENEW_MS = 5_000;
/** How long a record waits for another sync's lease before its activity is retried later. */
const LEASE_WAIT_MS = 20_000;
/** Longest pause between tries for a lease another run holds (its writes are expedited meanwhile). */
const LEASE_POLL_MAX_MS = 250;

/** Leases this process released, by tag: a waiter here tries again at once, not at its next poll. */
const releases = new EventEmitter();
releases.setMaxListeners(0);

/** Resolves when this process releases `tag`'s lease, or after `ms`. */
function releasedOr(tag: string, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      releases.off(tag, done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    releases.on(tag, done);
  });
}

export class RecordLeases {
  /** This run's name on the record leases it takes. */
  private readonly holder = randomUUID();
  private held = 0;
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly tenantId: string,
    /** A hook's run: a lease it waits for is wanted (wanted-records.ts). */
    private readonly realTime = false,
  ) {}

  /**
   * Runs one record's sync holding its lease. Waits a while for another holder, then gives up
   * with RecordBusy: the activity is retried, and by then the record is linked.
   */
  /**
   * Runs `fn` holding a lease on a key shared by several records (`invoice:<id>`: the payments
   * applied to one invoice read its balance and then change it), so that runs side by side (pages
   * of one initial sync, a hook) take turns, as records of one run do through `serial`.
   */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.hold('invoice', `exclusive:${key}`, fn);
  }

  async hold<T>(entity: SyncEntity, bproId: string, sync: () => Promise<T>): Promise<T> {
    const key = { tenantId: this.tenantId, entity, bproId };
    const tag = leaseTag(this.tenantId, entity, bproId);
    const deadline = Date.now() + LEASE_WAIT_MS;
    for (let delay = 50; !(await tryTakeLease(this.db, key, this.holder, LEASE_TTL_MS));) {
      if (Date.now() + delay > deadline)
        throw new RecordBusy(`${describe(entity)} ${bproId} is being synced by another run; retrying later`);
      // A hook's run (or a record one is waiting for) has the holder's calls for it go out now
      // rather than in their turn (wanted-records.ts); bulk runs waiting for each other take turns.
      if (this.realTime || isWanted(leasesAbove())) wantRecord(tag);
      await releasedOr(tag, delay);
      delay = Math.min(delay * 2, LEASE_POLL_MAX_MS);
    }
    const unnote = noteLeaseHeld(tag);
    this.held += 1;
    this.renewal ??= setInterval(() => {
      renewLeases(this.db, this.holder, LEASE_TTL_MS).catch(() => {});
    }, LEASE_RENEW_MS);
    try {
      return await sync();
    } finally {
      unnote();
      this.held -= 1;
      if (this.held === 0) {
        clearInterval(this.renewal);
        this.renewal = undefined;
      }
      await releaseLease(this.db, key, this.holder).catch(() => {});
      releases.emit(tag);
    }
  }
}
