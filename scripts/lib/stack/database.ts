// The stack's PostgreSQL database: the service's own (DATABASE_URL, else embedded PGlite under
// .data/, migrated: the demo), a fresh migrated one on the server, dropped at the end (the
// benchmark), a migrated one the caller made (the chaos run), or the caller's open handle (tests).
import type postgres from 'postgres';
import { createDb, type Database } from '../../../db/client';
import { runMigrations } from '../../../db/migrate';
import { openServiceDatabase } from '../../../db/open';
import { createServerDatabase, findPostgresServer } from '../postgres-target';

export type DatabaseChoice =
  | { kind: 'service'; url: string | undefined; applicationName: string }
  | {
      kind: 'fresh';
      /** Prefix of the database's name. */
      prefix: string;
      applicationName: string;
      poolSize: number;
      /** The error when no PostgreSQL server answers (embedded PGlite serves one process only). */
      noServer: string;
    }
  | { kind: 'url'; url: string; applicationName: string; poolSize: number }
  | { kind: 'shared'; db: Database; url?: string; embedded?: boolean };

export type StackDatabase = {
  db: Database;
  /** The stack's own pool (null for the caller's handle). */
  sql: postgres.Sql | null;
  /** Where other processes reach it: null when they cannot (embedded, or not given). */
  serverUrl: string | null;
  /** Set when it is embedded PGlite (dataDir null: in memory). */
  embedded: { dataDir: string | null } | null;
  close: () => Promise<void>;
};

export async function openStackDatabase(choice: DatabaseChoice): Promise<StackDatabase> {
  switch (choice.kind) {
    case 'service': {
      const database = await openServiceDatabase(choice.url, { applicationName: choice.applicationName });
      const embedded = database.embedded ? { dataDir: database.embedded.dataDir } : null;
      const serverUrl = embedded ? null : database.url;
      return { db: database.db, sql: database.sql, serverUrl, embedded, close: database.close };
    }
    case 'fresh':
      return freshDatabase(choice);
    case 'url': {
      const handle = createDb(choice.url, { max: choice.poolSize, applicationName: choice.applicationName });
      return { ...handle, serverUrl: choice.url, embedded: null };
    }
    case 'shared': {
      const embedded = choice.embedded ? { dataDir: null } : null;
      const serverUrl = embedded ? null : (choice.url ?? null);
      return { db: choice.db, sql: null, serverUrl, embedded, close: () => Promise.resolve() };
    }
  }
}

async function freshDatabase(choice: Extract<DatabaseChoice, { kind: 'fresh' }>): Promise<StackDatabase> {
  const adminUrl = await findPostgresServer();
  if (!adminUrl) throw new Error(choice.noServer);
  const database = await createServerDatabase(adminUrl, choice.prefix);
  try {
    await runMigrations(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const handle = createDb(database.url, { max: choice.poolSize, applicationName: choice.applicationName });
  return {
    ...handle,
    serverUrl: database.url,
    embedded: null,
    close: async () => {
      await handle.close().catch((e: unknown) => console.error(String(e)));
      await database.drop();
    },
  };
}
