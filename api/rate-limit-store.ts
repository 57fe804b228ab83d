// express-rate-limit's Store interface over PostgreSQL (db/queries/api-rate-limits.ts), so a
// limit counts every API replica's hits together: one UPSERT per counted request. The library's
// own MemoryStore would count per replica (N replicas: N times the limit, and a limit that moves
// with the replica count).
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Database } from '../db/client';
import { countHit, forgetHits, readHits, sweepEndedWindows, uncountHit } from '../db/queries/api-rate-limits';

export class PostgresRateLimitStore implements Store {
  /** Keys are shared across processes: the library must not assume they are local. */
  readonly localKeys = false;
  private windowSeconds = 60;
  private sweptAt = Date.now();

  /** `prefix` names the limit, so several limits share the table. */
  constructor(
    private readonly db: Database,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowSeconds = Math.max(1, Math.ceil(options.windowMs / 1000));
  }

  private key(key: string) {
    return `${this.prefix}:${key}`;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { hits, resetAt } = await countHit(this.db, this.key(key), this.windowSeconds);
    // Once per window per process: drop the counters of keys not seen since (forged sources).
    if (Date.now() - this.sweptAt > this.windowSeconds * 1000) {
      this.sweptAt = Date.now();
      await sweepEndedWindows(this.db);
    }
    return { totalHits: hits, resetTime: resetAt };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await readHits(this.db, this.key(key));
    return row && { totalHits: row.hits, resetTime: row.resetAt };
  }

  async decrement(key: string): Promise<void> {
    await uncountHit(this.db, this.key(key));
  }

  async resetKey(key: string): Promise<void> {
    await forgetHits(this.db, this.key(key));
  }
}
