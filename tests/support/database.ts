// The database an integration test file works in. On a server: the run's fresh database. With
// no server: a private in-memory PGlite for this file, migrated on open.
import { inject } from 'vitest';
import { createDb, type DbHandle } from '../../db/client';
import { startEmbeddedPostgres } from '../../db/embedded';
import { runMigrations } from '../../db/migrate';
import { createServerDatabase } from '../../scripts/lib/postgres-target';

export type TestDatabase = DbHandle & { url: string; embedded: boolean };

export async function openTestDatabase(): Promise<TestDatabase> {
  const url = inject('databaseUrl');
  if (url) return { ...createDb(url, { max: 5, applicationName: 'qbo-sync-test' }), url, embedded: false };
  const embedded = await startEmbeddedPostgres({ dataDir: null });
  const handle = createDb(embedded.url, { max: 1 });
  await runMigrations(handle.sql);
  return {
    ...handle,
    url: embedded.url,
    embedded: true,
    close: async () => {
      await handle.close();
      await embedded.stop();
    },
  };
}

/** A brand-new empty database (no migrations applied), on the server or embedded. */
export async function openEmptyDatabase(): Promise<{
  url: string;
  embedded: boolean;
  close: () => Promise<void>;
}> {
  const adminUrl = inject('postgresAdminUrl');
  if (adminUrl) {
    const database = await createServerDatabase(adminUrl, 'qbo_sync_empty');
    return { url: database.url, embedded: false, close: database.drop };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: null });
  return { url: embedded.url, embedded: true, close: embedded.stop };
}

let counter = 0;
/** A tenant id no other test in this run uses. */
export function uniqueTenantId(prefix = 't'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
