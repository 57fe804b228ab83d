// `npm run bench`: the full sync benchmark (issue 7). Generates a reproducible BPro dataset (the
// `bench` preset × --scale), runs its initial sync through the whole stack (API, Temporal, a worker
// process, the QBO emulator enforcing QBO's limits with time scaled) twice: batched
// (SYNC_BATCHING=on) and the naive baseline (SYNC_BATCHING=off: one record at a time, plain
// requests). For each: QBO calls per record, the minimum time QBO's limits allow for them, the
// time taken and their ratio, Temporal history events per record, worker CPU and peak memory.
// Then hook-to-QBO latency at a steady hook rate at QBO's real limits, alone and during an
// initial sync. Writes docs/benchmarks/latest.json and latest.md (--out).
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { sizePresets } from '../db/bpro-generator';
import { measureHookLatency } from './lib/bench/latency';
import { scaleSizes } from './lib/bench/metrics';
import {
  DEFINITIONS,
  derive,
  latencyTable,
  passTable,
  writeReport,
  type BenchReport,
  type PassName,
  type PassResult,
} from './lib/bench/report';
import { startBenchStack, type BenchStack } from './lib/bench/stack';
import { measureInitialSync } from './lib/bench/sync-pass';
import { callApi, prepareTenant, type BenchTenant } from './lib/bench/tenant';
import { startWorkerChild, type WorkerChild } from './lib/bench/worker-child';
import { PROJECT_ROOT } from './lib/paths';

const USAGE = `Usage: npm run bench -- [options]
  --scale <x>               dataset size × x (default 1: 50 categories, 500 products, 2,000 customers
                            + 500 jobs, 5,000 invoices, 5,000 payments, 200 refunds)
  --seed <text>             generator seed (default 42)
  --time-scale <n>          emulator and rate limiter run n× faster than real time (default 10)
  --passes <list>           batched,naive (default both)
  --hook-rate <n>           hooks per second in the latency runs (default 2)
  --hook-seconds <n>        length of each latency run (default 30)
  --latency-time-scale <n>  time scale of the latency runs (default 1: QBO's real limits)
  --no-latency              skip the latency runs
  --out <dir>               where latest.json / latest.md go (default docs/benchmarks)
Needs a PostgreSQL server (DATABASE_URL, or 127.0.0.1:5432).`;

const raw = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: '42' },
    'time-scale': { type: 'string', default: '10' },
    passes: { type: 'string', default: 'batched,naive' },
    'hook-rate': { type: 'string', default: '2' },
    'hook-seconds': { type: 'string', default: '30' },
    'latency-time-scale': { type: 'string', default: '1' },
    'no-latency': { type: 'boolean', default: false },
    out: { type: 'string', default: `${PROJECT_ROOT}docs/benchmarks` },
    help: { type: 'boolean', short: 'h', default: false },
  },
}).values;
if (raw.help) {
  console.log(USAGE);
  process.exit(0);
}
const parsed = z
  .object({
    scale: z.coerce.number().positive().max(10),
    seed: z.string().min(1),
    'time-scale': z.coerce.number().min(1).max(600),
    passes: z
      .string()
      .transform((s) => s.split(',').map((p) => p.trim()))
      .pipe(z.array(z.enum(['batched', 'naive'])).min(1)),
    'hook-rate': z.coerce.number().positive().max(50),
    'hook-seconds': z.coerce.number().positive().max(3600),
    'latency-time-scale': z.coerce.number().min(1).max(600),
    'no-latency': z.boolean(),
    out: z.string().min(1),
  })
  .safeParse(raw);
if (!parsed.success) {
  console.error(
    `bench: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n${USAGE}`,
  );
  process.exit(1);
}
const args = parsed.data;

const t0 = Date.now();
const step = (text: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${text}`);

const cleanups: Array<() => Promise<void>> = [];
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error(String(e)));
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(130));
process.once('SIGTERM', () => void shutdown(143));

async function withWorker<T>(
  stack: BenchStack,
  options: { batching: 'on' | 'off'; timeScale: number },
  run: (worker: WorkerChild) => Promise<T>,
): Promise<T> {
  const worker = await startWorkerChild(stack, options);
  const stop = () => worker.stop();
  cleanups.push(stop);
  try {
    return await run(worker);
  } finally {
    await worker.stop();
    cleanups.splice(cleanups.indexOf(stop), 1);
  }
}

async function initialSyncStatus(stack: BenchStack, tenantId: string) {
  const body = (await callApi(stack, `/tenants/${tenantId}/qbo/initial-sync`)).body as {
    status?: string;
    phase?: string;
  };
  return { status: body.status ?? 'unknown', phase: body.phase ?? '' };
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  const sizes = scaleSizes(sizePresets.bench, args.scale);
  const timeScale = args['time-scale'];
  step(
    `Dataset: seed ${args.seed}, scale ${args.scale}: ${sizes.categories} categories, ${sizes.products} products, ${sizes.customers} customers + ${sizes.jobs} jobs, ${sizes.orders} orders, ${sizes.payments} payments, ${sizes.refunds} refunds.`,
  );
  step(
    `Starting the stack (Temporal dev server, fresh database, QBO emulator at time × ${timeScale}, API) ...`,
  );
  const stack = await startBenchStack(timeScale);
  cleanups.push(stack.stop);

  const latency = !args['no-latency'];
  const tenantIds: Partial<Record<PassName | 'live', string>> = {};
  for (const pass of args.passes) tenantIds[pass] = `bench-${pass}`;
  if (latency) tenantIds.live = 'bench-live';
  const tenants: Partial<Record<PassName | 'live', BenchTenant>> = {};
  for (const [key, tenantId] of Object.entries(tenantIds) as Array<[PassName | 'live', string]>) {
    step(`Seeding tenant ${tenantId} and connecting it to a new emulator company (OAuth consent flow) ...`);
    tenants[key] = await prepareTenant(stack, tenantId, args.seed, sizes);
  }

  const passes: PassResult[] = [];
  for (const pass of args.passes) {
    const tenant = tenants[pass];
    if (!tenant) continue;
    const batching = pass === 'batched' ? 'on' : 'off';
    step(
      `Pass "${pass}": worker process with SYNC_BATCHING=${batching}, initial sync of ${tenant.tenantId} ...`,
    );
    const measured = await withWorker(stack, { batching, timeScale }, (w) =>
      measureInitialSync(stack, tenant, w, { progress: true }),
    );
    const result = derive(pass, timeScale, measured);
    passes.push(result);
    const spans = Object.entries(measured.history.spans)
      .filter(([k]) => k !== 'initialSync')
      .map(([k, v]) => `${k} ${v.toFixed(1)} s`);
    step(`  entity sets (real time, concurrent within a phase): ${spans.join(', ')}`);
    step(
      `Pass "${pass}" ${measured.status} in ${measured.realSeconds.toFixed(1)} s real: ${measured.calls.all} QBO calls for ${measured.records.total} records, ratio ${result.derived.ratio.toFixed(2)}.`,
    );
  }

  let latencyResult: BenchReport['latency'] = null;
  const synced = tenants.batched ?? tenants.naive;
  if (latency && synced && tenants.live) {
    const live = tenants.live;
    const L = args['latency-time-scale'];
    await stack.setTimeScale(L);
    step(`Latency: emulator and worker at time × ${L}; worker with SYNC_BATCHING=on.`);
    latencyResult = await withWorker(stack, { batching: 'on', timeScale: L }, async () => {
      const opts = { ratePerSecond: args['hook-rate'], seconds: args['hook-seconds'] };
      step(
        `Latency alone: ${opts.ratePerSecond} hooks/s for ${opts.seconds} s on the synced tenant ${synced.tenantId} ...`,
      );
      const alone = await measureHookLatency(stack, synced.tenantId, { ...opts, label: 'alone' });
      step(`Latency during an initial sync: starting the initial sync of ${live.tenantId} ...`);
      const started = await callApi(stack, `/tenants/${live.tenantId}/qbo/initial-sync`, { method: 'POST' });
      if (started.status !== 202) throw new Error(`initial sync refused: ${started.status}`);
      await new Promise((r) => setTimeout(r, 5_000));
      step(`  ... ${(await initialSyncStatus(stack, live.tenantId)).phase}; hooks for ${live.tenantId} ...`);
      const during = await measureHookLatency(stack, live.tenantId, { ...opts, label: 'during' });
      const state = await initialSyncStatus(stack, live.tenantId);
      const syncPhaseAtEnd =
        state.status === 'running'
          ? `sync still running, at ${state.phase}`
          : `sync ${state.status} meanwhile`;
      if (state.status === 'running') {
        await callApi(stack, `/tenants/${live.tenantId}/qbo/initial-sync`, { method: 'DELETE' });
        for (let i = 0; i < 120; i += 1) {
          if ((await initialSyncStatus(stack, live.tenantId)).status !== 'running') break;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      return { timeScale: L, alone, duringInitialSync: { ...during, syncPhaseAtEnd } };
    });
  }

  const report: BenchReport = {
    command:
      process.argv.length > 2 ? `npm run bench -- ${process.argv.slice(2).join(' ')}` : 'npm run bench',
    finishedAt: new Date().toISOString(),
    durationSeconds: (Date.now() - t0) / 1000,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      note: `absolute times are from this one machine (${cpus().length} cores)`,
      loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    },
    dataset: {
      seed: args.seed,
      scale: args.scale,
      sizes,
      bproRows: (tenants.batched ?? tenants.naive ?? tenants.live)?.bproRows ?? {},
    },
    timeScale,
    definitions: DEFINITIONS,
    passes,
    latency: latencyResult,
  };
  const files = await writeReport(args.out, report);
  console.log('');
  console.log(passTable(passes));
  if (latencyResult) {
    console.log('');
    console.log(latencyTable(latencyResult));
  }
  console.log('\nDefinitions:');
  for (const d of DEFINITIONS) console.log(`  - ${d}`);
  console.log(
    `\nThe naive baseline is the same stack with the worker's SYNC_BATCHING=off. Absolute times are from this machine (${cpus().length} cores).`,
  );
  step(`Results: ${files.json}, ${files.md}`);
}

try {
  await main();
  await shutdown(0);
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await shutdown(1);
}
