// Integration-run setup: one real Temporal dev server (headless, in-memory, random port, our
// search attributes registered) and one fresh, migrated PostgreSQL database for the whole run.
// Both are torn down at the end. Without a reachable server each test file uses its own
// embedded PGlite instead (tests/support/database.ts).
import type { TestProject } from 'vitest/node';
import { runMigrations } from '../../db/migrate';
import { startTemporalDevServer } from '../../scripts/lib/temporal-dev-server';
import { createServerDatabase, findPostgresServer } from '../../scripts/lib/postgres-target';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    /** '' when tests use embedded PGlite (no server reachable). */
    databaseUrl: string;
    /** Admin URL of the server, for tests that need further empty databases; '' when embedded. */
    postgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const [temporal, adminUrl] = await Promise.all([
    startTemporalDevServer({ port: 0, uiPort: null, dbFilename: null }),
    findPostgresServer(),
  ]);
  let dropDatabase = async () => {};
  try {
    project.provide('temporalAddress', temporal.address);
    project.provide('postgresAdminUrl', adminUrl ?? '');
    if (adminUrl) {
      const database = await createServerDatabase(adminUrl, 'qbo_sync_test');
      dropDatabase = database.drop;
      await runMigrations(database.url);
      project.provide('databaseUrl', database.url);
    } else {
      console.warn('No PostgreSQL server reachable: integration tests use embedded PGlite.');
      project.provide('databaseUrl', '');
    }
  } catch (error) {
    await temporal.stop();
    await dropDatabase();
    throw error;
  }
  return async () => {
    await Promise.allSettled([temporal.stop(), dropDatabase()]);
  };
}
