// `npm run chaos`: a bounded fault-injection run (README "Chaos run"). An initial sync plus live
// BPro hooks while workers are SIGKILLed and restarted, the QBO emulator injects 5xx, 429 and
// commit-then-drop faults, access tokens expire, the Temporal dev server restarts once, the
// service's database connections are dropped and an accountant deletes, voids and edits synced
// documents in QuickBooks; then every in-scope record is checked through the QBO API. Prints the
// timeline and the counts; exits 0 only when nothing is wrong.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { sizePresetNames } from '../db/bpro-generator';
import { DATA_DIR } from './lib/paths';
import { createServerDatabase, findPostgresServer } from './lib/postgres-target';
import { runMigrations } from '../db/migrate';
import { formatReport } from './lib/chaos/report';
import { runChaos } from './lib/chaos/run';

const seconds = z.coerce.number().positive();
const args = z
  .object({
    duration: seconds.max(3600),
    seed: z.coerce.number().int(),
    size: z.enum(sizePresetNames),
    'time-scale': z.coerce.number().min(1).max(600),
    workers: z.coerce.number().int().min(1).max(8),
    'hook-interval': seconds,
    'kill-every': seconds,
    'settle-timeout': seconds,
    keep: z.boolean(),
    country: z
      .string()
      .transform((v) => v.toUpperCase())
      .pipe(z.enum(['US', 'CA'])),
  })
  .parse(
    parseArgs({
      options: {
        duration: { type: 'string', default: '180' },
        seed: { type: 'string', default: '42' },
        size: { type: 'string', default: 'small' },
        'time-scale': { type: 'string', default: '20' },
        workers: { type: 'string', default: '2' },
        'hook-interval': { type: 'string', default: '1' },
        'kill-every': { type: 'string', default: '15' },
        'settle-timeout': { type: 'string', default: '300' },
        keep: { type: 'boolean', default: false },
        country: { type: 'string', default: 'US' },
      },
    }).values,
  );

// Workers in separate processes (to be SIGKILLed) and dropped connections need a real server:
// embedded PGlite is one session inside one process (db/embedded.ts).
const adminUrl = await findPostgresServer();
if (!adminUrl) {
  console.error(
    'npm run chaos needs a PostgreSQL server (DATABASE_URL, or one answering at 127.0.0.1:5432): it runs ' +
      'its workers as separate processes to SIGKILL them and drops their database connections, and embedded ' +
      'PGlite is a single session inside one process. It creates a fresh database for the run and drops it at the end.',
  );
  process.exit(2);
}

const runDir = join(DATA_DIR, 'chaos', new Date().toISOString().replace(/[:.]/g, '-'));
const database = await createServerDatabase(adminUrl, 'qbo_sync_chaos');
let dropped = false;
const dropDatabase = async () => {
  if (dropped || args.keep) return;
  dropped = true;
  await database.drop().catch((e: unknown) => console.error(`could not drop ${database.name}: ${String(e)}`));
};

const abort = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) {
    // A second Ctrl-C: the stack's exit handler SIGKILLs the children; the database goes first.
    void dropDatabase().finally(() => process.exit(130));
    return;
  }
  interrupted = true;
  console.log('\nInterrupted: stopping every process this run started (Ctrl-C again to kill them) ...');
  abort.abort();
});
process.on('SIGTERM', () => abort.abort());

console.log(
  `Chaos run: ${args.duration} s of faults, seed ${args.seed}, size ${args.size}, time × ${args['time-scale']}, ${args.workers} workers${args.country === 'CA' ? ', a Canadian company' : ''}.`,
);
let code = 1;
try {
  await runMigrations(database.url);
  if (args.keep) console.log(`The run's database is kept: ${database.url}`);
  const report = await runChaos({
    durationMs: args.duration * 1000,
    seed: args.seed,
    size: args.size,
    country: args.country,
    timeScale: args['time-scale'],
    workers: args.workers,
    hookIntervalMs: args['hook-interval'] * 1000,
    killEveryMs: args['kill-every'] * 1000,
    faultWindowMs: Math.max(4000, (args.duration * 1000) / 12),
    restartDelayMs: 1500,
    settleTimeoutMs: args['settle-timeout'] * 1000,
    runDir,
    databaseUrl: database.url,
    log: (line) => console.log(line),
    signal: abort.signal,
  });
  console.log(formatReport(report));
  if (report.ok && !args.keep) rmSync(runDir, { recursive: true, force: true });
  else console.log(`Logs of the workers and the Temporal history: ${runDir}`);
  code = report.ok ? 0 : 1;
} catch (error) {
  console.error(
    interrupted
      ? 'Chaos run interrupted.'
      : `Chaos run failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  console.error(`Logs: ${runDir}`);
  code = interrupted ? 130 : 1;
} finally {
  await dropDatabase();
}
process.exit(code);
