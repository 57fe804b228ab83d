// `npm run db:embedded`: serves the embedded development database (PGlite, .data/pglite) on a
// port, so separately started processes (`npm run api`, `npm run worker`) can share it through
// DATABASE_URL. PGlite is a single session: it accepts one connection at a time.
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '../db/embedded';
import { runMigrations } from '../db/migrate';
import { EMBEDDED_DATA_DIR } from '../db/open';

const { values } = parseArgs({ options: { port: { type: 'string', default: '5433' } } });
const server = await startEmbeddedPostgres({ dataDir: EMBEDDED_DATA_DIR, port: Number(values.port) });
await runMigrations(server.url);
console.log(`Embedded PostgreSQL (PGlite, ${EMBEDDED_DATA_DIR}) on ${server.url}`);
console.log(
  'It serves one connection at a time: run one process against it (e.g. `DATABASE_URL=... npm start`). Ctrl-C stops.',
);
const stop = () => void server.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
