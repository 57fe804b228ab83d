import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

const MIGRATION_LOCK_ID = 727_001;

// '../db/migrations' (not './migrations'): the same folder from db/ and from the compiled dist/.
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../db/migrations', import.meta.url));

/**
 * Applies the committed drizzle-kit migrations. Safe to run on every start and from several
 * processes at once: a session advisory lock serialises them and drizzle skips what is applied.
 * Given a URL it opens its own one-connection pool; given a pool, that pool must have max 1
 * (embedded PGlite's), so the lock and the migration share one session.
 */
export async function runMigrations(target: string | postgres.Sql): Promise<void> {
  const sql = typeof target === 'string' ? postgres(target, { max: 1, onnotice: () => {} }) : target;
  if (sql.options.max !== 1) throw new Error('runMigrations needs a URL or a pool with max 1');
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
    }
  } finally {
    if (typeof target === 'string') await sql.end({ timeout: 5 });
  }
}
