// `npm run bench:rate-limits`: N worker processes share one QBO company (an emulator realm
// enforcing QBO's real limits, with time scaled) through our PostgreSQL token buckets. Prints
// requests made, 429s received (target 0), the share of the allowed rate reached (≥ 90%), the
// limiter's PostgreSQL statements per call, and how long a hook's call waited for its token
// while bulk callers saturate the company (each process sends one hook call per QBO-second).
// Needs a PostgreSQL server (DATABASE_URL, or 127.0.0.1:5432): PGlite cannot serve two processes.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { QboError } from '../activities/qbo/errors';
import { createQboServices } from '../activities/qbo/services';
import { completeConnect, startConnect } from '../api/qbo-connect';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from '../config/fragments';
import { createDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { upsertTenant } from '../db/queries/tenants';
import { createQboEmulator } from '../qbo-emulator/server';
import { createServerDatabase, findPostgresServer } from './lib/postgres-target';

const args = z
  .object({
    child: z.boolean(),
    workers: z.coerce.number().int().min(1).max(16),
    concurrency: z.coerce.number().int().min(1).max(64),
    minutes: z.coerce.number().positive(),
    'time-scale': z.coerce.number().positive(),
    'batch-share': z.coerce.number().min(0).max(1),
  })
  .parse(
    parseArgs({
      options: {
        child: { type: 'boolean', default: false },
        workers: { type: 'string', default: '2' },
        concurrency: { type: 'string', default: '8' },
        minutes: { type: 'string', default: '3' },
        'time-scale': { type: 'string', default: '5' },
        'batch-share': { type: 'string', default: '0.05' },
      },
    }).values,
  );

const REDIRECT = 'http://127.0.0.1:1/api/v1/qbo/callback';
const settings = (emulatorUrl: string) => ({
  environment: 'emulator' as const,
  clientId: EMULATOR_CLIENT_ID,
  clientSecret: EMULATOR_CLIENT_SECRET,
  redirectUri: REDIRECT,
  emulatorUrl,
});
const KEY = Buffer.alloc(32, 7);

type ChildResult = {
  ok: number;
  batches: number;
  throttled429: number;
  otherErrors: number;
  late: number;
  /** The limiter's statements in this process. */
  statements: number;
  /** Hook calls' round trips (ms, real time). */
  hookMs: number[];
};

async function child(): Promise<void> {
  const env = z
    .object({
      DATABASE_URL: z.string(),
      BENCH_EMULATOR_URL: z.string(),
      BENCH_TENANT: z.string(),
      BENCH_UNTIL: z.coerce.number(),
      BENCH_START: z.coerce.number(),
    })
    .parse(process.env);
  const handle = createDb(env.DATABASE_URL, { max: args.concurrency + 1 });
  const qbo = createQboServices(handle.db, settings(env.BENCH_EMULATOR_URL), KEY, {
    rateLimits: { timeScale: args['time-scale'], maxWaitMs: 600_000 },
  });
  const client = qbo.clientFor(env.BENCH_TENANT);
  const hooks = qbo.clientFor(env.BENCH_TENANT, undefined, { priority: 'hook' });
  // Every process starts at the same moment, after its own start-up.
  await new Promise((r) => setTimeout(r, Math.max(0, env.BENCH_START - Date.now())));
  const result: ChildResult = {
    ok: 0,
    batches: 0,
    throttled429: 0,
    otherErrors: 0,
    late: 0,
    statements: 0,
    hookMs: [],
  };
  const statementsBefore = qbo.limiter.stats.statements;
  let n = 0;
  const hookCaller = async () => {
    // After the buckets are drained (a few QBO-seconds), one hook call per QBO-second.
    const every = 1000 / args['time-scale'];
    await new Promise((r) => setTimeout(r, 5 * every));
    while (Date.now() + every < env.BENCH_UNTIL) {
      const sent = Date.now();
      try {
        await hooks.queryPage('select * from Term maxresults 1', 'Term');
        result.hookMs.push(Date.now() - sent);
        result.ok += 1;
      } catch (error) {
        if (error instanceof QboError && error.status === 429) result.throttled429 += 1;
        else result.otherErrors += 1;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, every - (Date.now() - sent))));
    }
  };
  await Promise.all([
    hookCaller(),
    ...Array.from({ length: args.concurrency }, async () => {
      while (Date.now() < env.BENCH_UNTIL) {
        n += 1;
        try {
          const batch = Math.random() < args['batch-share'];
          if (batch) {
            await client.batch(
              [{ bId: `q${n}`, query: 'select * from Term' }],
              `${process.pid}-${n}`.padEnd(8, '0'),
            );
          } else {
            await client.queryPage('select * from PaymentMethod maxresults 5', 'PaymentMethod');
          }
          // Only calls answered within the measured window count (a call still queued for a
          // token at the end would otherwise stretch the window).
          if (Date.now() <= env.BENCH_UNTIL) {
            result.ok += 1;
            if (batch) result.batches += 1;
          } else result.late += 1;
        } catch (error) {
          if (error instanceof QboError && error.status === 429) result.throttled429 += 1;
          else result.otherErrors += 1;
        }
      }
    }),
  ]);
  result.statements = qbo.limiter.stats.statements - statementsBefore;
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await handle.close();
}

async function coordinator(): Promise<void> {
  const adminUrl = await findPostgresServer();
  if (!adminUrl)
    throw new Error('This benchmark needs a PostgreSQL server (DATABASE_URL or 127.0.0.1:5432).');
  const database = await createServerDatabase(adminUrl, 'qbo_sync_bench');
  const handle = createDb(database.url, { max: 4 });
  const emulator = createQboEmulator({
    timeScale: args['time-scale'],
    clients: [
      { clientId: EMULATOR_CLIENT_ID, clientSecret: EMULATOR_CLIENT_SECRET, redirectUris: [REDIRECT] },
    ],
  });
  try {
    await runMigrations(database.url);
    const { url: emulatorUrl } = await emulator.listen(0);
    const qbo = createQboServices(handle.db, settings(emulatorUrl), KEY);
    const tenantId = 'bench-rate-limits';
    await upsertTenant(handle.db, { id: tenantId, name: 'Rate limit bench', qboEnabled: true });
    const consent = await fetch(await startConnect(handle.db, qbo, tenantId), { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location') ?? '');
    const { realmId } = await completeConnect(
      handle.db,
      qbo,
      Object.fromEntries(callback.searchParams),
      callback.toString(),
    );
    const before = (await (
      await fetch(`${emulatorUrl}/__emulator/realms/${realmId}/stats`)
    ).json()) as Record<string, unknown>;

    const realSeconds = (args.minutes * 60) / args['time-scale'];
    // Processes need a few seconds to boot; they all begin at `start`.
    const start = Date.now() + 8_000;
    const until = start + realSeconds * 1000;
    console.log(
      `${args.workers} worker processes × ${args.concurrency} concurrent callers, ${args.minutes} emulated minutes ` +
        `(${realSeconds.toFixed(1)} s real at time scale ${args['time-scale']}), ${Math.round(args['batch-share'] * 100)}% batch calls ...`,
    );
    const results = await Promise.all(
      Array.from(
        { length: args.workers },
        () =>
          new Promise<ChildResult>((resolve, reject) => {
            const proc = spawn(
              process.execPath,
              ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', ...process.argv.slice(2)],
              {
                env: {
                  ...process.env,
                  DATABASE_URL: database.url,
                  BENCH_EMULATOR_URL: emulatorUrl,
                  BENCH_TENANT: tenantId,
                  BENCH_UNTIL: String(until),
                  BENCH_START: String(start),
                },
                stdio: ['ignore', 'pipe', 'inherit'],
              },
            );
            let out = '';
            proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
            proc.on('exit', (code) =>
              code === 0
                ? resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildResult)
                : reject(new Error(`worker exited ${code}`)),
            );
          }),
      ),
    );
    const elapsed = realSeconds;
    const after = (await (await fetch(`${emulatorUrl}/__emulator/realms/${realmId}/stats`)).json()) as Record<
      string,
      number
    >;
    const ok = results.reduce((s, r) => s + r.ok, 0);
    const throttled = results.reduce((s, r) => s + r.throttled429, 0);
    const batches = results.reduce((s, r) => s + r.batches, 0);
    const errors = results.reduce((s, r) => s + r.otherErrors, 0);
    const emulatedMinutes = (elapsed * args['time-scale']) / 60;
    // With a fixed share of batch calls, the batch limit can bind first: 40/min at share s
    // allows 40/s calls in all per minute.
    const perMinuteAllowed = Math.min(500, args['batch-share'] > 0 ? 40 / args['batch-share'] : Infinity);
    const allowed = perMinuteAllowed * emulatedMinutes;
    console.log(`per worker: ${results.map((r) => `${r.ok} ok / ${r.throttled429} × 429`).join(', ')}`);
    console.log(
      `requests made           ${ok + throttled + errors} in the window (${batches} batch calls; ${results.reduce((s, r) => s + r.late, 0)} more answered after it)`,
    );
    console.log(
      `429s received           ${throttled}   (emulator counted ${Number(after.throttled ?? 0) - Number(before.throttled ?? 0)})`,
    );
    console.log(`other errors            ${errors}`);
    const statements = results.reduce((s, r) => s + r.statements, 0);
    const answered = ok + throttled + errors + results.reduce((s, r) => s + r.late, 0);
    console.log(
      `limiter statements      ${statements} (${(statements / answered).toFixed(2)} per call: one per granted call, plus polls while waiting)`,
    );
    const hookMs = results.flatMap((r) => r.hookMs).sort((a, b) => a - b);
    const pct = (p: number) => hookMs[Math.min(hookMs.length - 1, Math.floor(p * hookMs.length))] ?? NaN;
    console.log(
      `hook calls              ${hookMs.length} while bulk saturates: round trip p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${hookMs.at(-1) ?? NaN} ms`,
    );
    console.log(`emulated time           ${emulatedMinutes.toFixed(2)} min (${elapsed.toFixed(1)} s real)`);
    console.log(
      `allowed by QBO          ${allowed.toFixed(0)} requests (${perMinuteAllowed.toFixed(0)}/min for this mix: ≤ 500/min and ≤ 40 batch calls/min per realm)`,
    );
    console.log(
      `share of allowed rate   ${((ok / allowed) * 100).toFixed(1)} %   (target ≥ 90 %, 429s target 0)`,
    );
    if (throttled > 0 || ok / allowed < 0.9) process.exitCode = 1;
  } finally {
    await emulator.close();
    await handle.close();
    await database.drop();
  }
}

await (args.child ? child() : coordinator());
