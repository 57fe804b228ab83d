// Where tests and benchmarks get PostgreSQL: DATABASE_URL when set, else the local server at
// 127.0.0.1:5432 when it answers, else embedded PGlite. On a server every run gets a fresh
// database of its own (created here, dropped at teardown).
import postgres from 'postgres';

export const LOCAL_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function canConnect(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates an empty database on the server behind `adminUrl`; returns its URL and a dropper. */
export async function createServerDatabase(adminUrl: string, prefix: string) {
  const name = `${prefix}_${Date.now().toString(36)}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}

/** The admin URL of a reachable server, or null when tests must fall back to PGlite. */
export async function findPostgresServer(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (env.DATABASE_URL) {
    if (await canConnect(env.DATABASE_URL)) return env.DATABASE_URL;
    throw new Error(
      'DATABASE_URL is set but the server does not answer; unset it to use the local or embedded database.',
    );
  }
  return (await canConnect(LOCAL_SERVER_URL)) ? LOCAL_SERVER_URL : null;
}
