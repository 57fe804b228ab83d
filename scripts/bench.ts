// `npm run bench`: the full sync benchmark (issues 7 and 13). Generates a reproducible BPro dataset
// (the `bench` preset × --scale) and runs its initial sync through the whole stack (API, Temporal,
// a worker process, the QBO emulator enforcing QBO's limits with time scaled): batched
// (SYNC_BATCHING=on) and, on request, the naive baseline (SYNC_BATCHING=off). For each: floorRatio
// (records against the most writes QBO allows), calls and batch items per record, the budgets
// used, limiter statements, history events, worker CPU and memory. Then, at QBO's real limits:
// hook latency alone, beside a foreign app, during an initial sync; fairness between tenants
// (small tenants beside a big one, a noisy neighbour's 2,000 hooks). Writes docs/benchmarks/
// latest.json and latest.md (--out). The whole run is sized for 20 minutes on 2 cores.
import { cpus, loadavg } from 'node:os';
import { sizePresets, type BproSizes } from '../db/bpro-generator';
import { parseBenchArgs, USAGE, type BenchArgs } from './lib/bench/args';
import { scaleSizes } from './lib/bench/metrics';
import { DEFINITIONS, derive, writeReport, type BenchReport, type PassResult } from './lib/bench/report';
import { runScenarios, type ScenarioTenants } from './lib/bench/scenarios';
import { startBenchStack, type BenchStack } from './lib/bench/stack';
import { measureInitialSync } from './lib/bench/sync-pass';
import { fairnessTable, latencyTable, passTable } from './lib/bench/tables';
import { prepareTenant, type BenchTenant } from './lib/bench/tenant';
import { startWorkerChild, type WorkerChild } from './lib/bench/worker-child';

const DURATION_BUDGET_SECONDS = 20 * 60;

const parsed = parseBenchArgs(process.argv.slice(2));
if ('help' in parsed) {
  console.log(USAGE);
  process.exit(0);
}
if ('error' in parsed) {
  console.error(`bench: ${parsed.error}\n${USAGE}`);
  process.exit(1);
}
const args: BenchArgs = parsed.args;

const t0 = Date.now();
const step = (text: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${text}`);
const stepSeconds: Record<string, number> = {};
async function timed<T>(name: string, run: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await run();
  } finally {
    stepSeconds[name] = (stepSeconds[name] ?? 0) + (Date.now() - start) / 1000;
  }
}

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

/** Seeds and connects every tenant the chosen passes and scenarios need. */
async function prepareTenants(stack: BenchStack, sizes: BproSizes, smallSizes: BproSizes) {
  const on = (s: BenchArgs['scenarios'][number]) => args.scenarios.includes(s);
  const prepare = (tenantId: string, of: BproSizes) => {
    step(`Seeding tenant ${tenantId} and connecting it to a new emulator company (OAuth consent flow) ...`);
    return prepareTenant(stack, tenantId, args.seed, of);
  };
  const passes: Partial<Record<'batched' | 'naive', BenchTenant>> = {};
  for (const pass of args.passes) passes[pass] = await prepare(`bench-${pass}`, sizes);
  const small = async (prefix: string) => {
    const list: BenchTenant[] = [];
    for (let i = 1; i <= args['small-tenants']; i += 1)
      list.push(await prepare(`${prefix}-${i}`, smallSizes));
    return list;
  };
  const scenario: Omit<ScenarioTenants, 'synced'> = {
    ...(on('during') ? { live: await prepare('bench-live', sizes) } : {}),
    ...(on('small') ? { big: await prepare('bench-big', sizes) } : {}),
    smallAlone: on('small') ? await small('bench-small-a') : [],
    smallWithBig: on('small') ? await small('bench-small-b') : [],
    ...(on('noisy') && !on('small') ? { noisyB: await prepare('bench-noisy-b', smallSizes) } : {}),
  };
  return { passes, scenario };
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  const sizes = scaleSizes(sizePresets.bench, args.scale);
  const smallSizes = scaleSizes(sizePresets.bench, args['small-scale']);
  const timeScale = args['time-scale'];
  step(
    `Dataset: seed ${args.seed}, scale ${args.scale}: ${sizes.categories} categories, ${sizes.products} products, ${sizes.customers} customers + ${sizes.jobs} jobs, ${sizes.orders} orders, ${sizes.payments} payments, ${sizes.refunds} refunds.`,
  );
  step(
    `Starting the stack (Temporal dev server, fresh database, QBO emulator at time × ${timeScale}, API) ...`,
  );
  const stack = await timed('stack', () => startBenchStack(timeScale));
  cleanups.push(stack.stop);
  const tenants = await timed('seeding', () => prepareTenants(stack, sizes, smallSizes));

  const passes: PassResult[] = [];
  for (const pass of args.passes) {
    const tenant = tenants.passes[pass];
    if (!tenant) continue;
    const batching = pass === 'batched' ? 'on' : 'off';
    step(
      `Pass "${pass}": worker process with SYNC_BATCHING=${batching}, initial sync of ${tenant.tenantId} ...`,
    );
    const measured = await timed(`${pass}Pass`, () =>
      withWorker(stack, { batching, timeScale }, (w) =>
        measureInitialSync(stack, tenant, w, { progress: true }),
      ),
    );
    const result = derive(pass, timeScale, measured);
    passes.push(result);
    const spans = Object.entries(measured.history.spans)
      .filter(([k]) => k !== 'initialSync')
      .map(([k, v]) => `${k} ${v.toFixed(1)} s`);
    step(`  entity sets (real time, concurrent within a phase): ${spans.join(', ')}`);
    const d = result.derived;
    step(
      `Pass "${pass}" ${measured.status} in ${measured.realSeconds.toFixed(1)} s real: ${measured.records.total} records, floorRatio ${d.floorRatio.toFixed(2)}, ${d.callsPerRecord.toFixed(3)} calls per record, worker cores busy ${d.workerCores.toFixed(2)}.`,
    );
  }

  let scenarioResults: Pick<BenchReport, 'latency' | 'fairness'> = { latency: null, fairness: null };
  const synced = tenants.passes.batched ?? tenants.passes.naive;
  if (args.scenarios.length > 0 && synced) {
    const L = args['latency-time-scale'];
    await stack.setTimeScale(L);
    step(
      `Scenarios (${args.scenarios.join(', ')}): emulator and worker at time × ${L}; worker with SYNC_BATCHING=on.`,
    );
    scenarioResults = await withWorker(stack, { batching: 'on', timeScale: L }, () =>
      runScenarios(
        stack,
        { synced, ...tenants.scenario },
        {
          scenarios: args.scenarios,
          timeScale: L,
          hookRate: args['hook-rate'],
          hookSeconds: args['hook-seconds'],
          foreignRate: args['foreign-rate'],
          smallScale: args['small-scale'],
          noisy: {
            hooks: args['noisy-hooks'],
            rate: args['noisy-rate'],
            seconds: args['noisy-seconds'],
            waitSeconds: args['noisy-wait'],
          },
          budgetEndsAt: t0 + DURATION_BUDGET_SECONDS * 1000,
        },
        step,
        timed,
      ),
    );
  }

  const durationSeconds = (Date.now() - t0) / 1000;
  const report: BenchReport = {
    command:
      process.argv.length > 2 ? `npm run bench -- ${process.argv.slice(2).join(' ')}` : 'npm run bench',
    finishedAt: new Date().toISOString(),
    durationSeconds,
    durationBudgetSeconds: DURATION_BUDGET_SECONDS,
    withinDurationBudget: durationSeconds <= DURATION_BUDGET_SECONDS,
    stepSeconds,
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
      bproRows: (tenants.passes.batched ?? tenants.passes.naive)?.bproRows ?? {},
    },
    timeScale,
    skipped: args.passes.includes('naive')
      ? []
      : [
          'the naive baseline pass (SYNC_BATCHING=off; off by default to keep the run under 20 minutes; --passes batched,naive)',
        ],
    definitions: DEFINITIONS,
    passes,
    ...scenarioResults,
  };
  const files = await writeReport(args.out, report);
  console.log('');
  console.log(passTable(passes));
  if (report.latency) console.log(`\n${latencyTable(report.latency)}`);
  if (report.fairness) console.log(`\n${fairnessTable(report.fairness)}`);
  console.log('\nDefinitions:');
  for (const d of DEFINITIONS) console.log(`  - ${d}`);
  console.log(`\nAbsolute times are from this machine (${cpus().length} cores).`);
  const steps = Object.entries(stepSeconds).map(([k, v]) => `${k} ${v.toFixed(0)} s`);
  step(`Results: ${files.json}, ${files.md}`);
  step(
    `Total ${(durationSeconds / 60).toFixed(1)} min (${steps.join(', ')}); budget ${DURATION_BUDGET_SECONDS / 60} min${report.withinDurationBudget ? '' : ': OVER BUDGET'}.`,
  );
}

try {
  await main();
  await shutdown(0);
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await shutdown(1);
}
