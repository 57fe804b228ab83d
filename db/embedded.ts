// Embedded PostgreSQL for development when DATABASE_URL is unset: PGlite (Postgres compiled to
// WASM) served over the Postgres wire protocol by @electric-sql/pglite-socket, so the service
// talks to it through postgres.js exactly as it talks to a real server. PGlite is a single
// session, so the socket server accepts one connection and clients must use a pool of 1.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export type EmbeddedPostgres = {
  /** postgres:// URL clients connect to (pool size 1). */
  url: string;
  port: number;
  dataDir: string | null;
  stop: () => Promise<void>;
};

export type EmbeddedPostgresOptions = {
  /** Directory for the data files; null keeps everything in memory. */
  dataDir: string | null;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
};

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pg = await PGlite.create(options.dataDir ?? 'memory://');
  const host = options.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({ db: pg, host, port: options.port ?? 0, maxConnections: 1 });
  let port = 0;
  server.addEventListener('listening', (event) => {
    port = (event as CustomEvent<{ port: number }>).detail.port;
  });
  await server.start();
  return {
    url: `postgres://postgres:postgres@${host}:${port}/postgres`,
    port,
    dataDir: options.dataDir,
    stop: async () => {
      await server.stop();
      await pg.close();
    },
  };
}
