import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Database = ReturnType<typeof createDbFromSql>;
/** A database or an open transaction: query functions accept either. */
export type DatabaseOrTransaction = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

export type DbHandle = {
  db: Database;
  sql: postgres.Sql;
  close: () => Promise<void>;
};

export type CreateDbOptions = {
  /** Pool size. Embedded PGlite is a single session: its pool must be 1. */
  max?: number;
  /** Application name shown in pg_stat_activity. */
  applicationName?: string;
};

function createDbFromSql(sql: postgres.Sql) {
  return drizzle(sql, { schema });
}

/** Opens a postgres.js pool and wraps it in drizzle. The caller owns `close()`. */
export function createDb(url: string, options: CreateDbOptions = {}): DbHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'qbo-sync' },
  });
  return { db: createDbFromSql(sql), sql, close: () => sql.end({ timeout: 5 }) };
}
