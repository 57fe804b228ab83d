// The tables `npm run bench` prints and keeps in latest.md: the sync passes, hook latency, and
// fairness between tenants, each with its target from issue 13.
import type { LatencyRun } from './latency';
import type { BenchReport, PassResult } from './report';

const n = (v: number, digits = 0) =>
  v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const dur = (s: number) => (s >= 120 ? `${n(s / 60, 1)} min` : `${n(s, 1)} s`);
const ms = (v: number | null) => (v === null ? '–' : v >= 10_000 ? `${n(v / 1000, 1)} s` : `${n(v)} ms`);
const orDash = (v: number | null, f: (v: number) => string) => (v === null ? '–' : f(v));

/** The per-pass comparison as a markdown table (also what the console shows). */
export function passTable(passes: PassResult[]): string {
  const rows: Array<[string, (p: PassResult) => string]> = [
    [
      'records in scope (synced / skipped / failed)',
      (p) => {
        const r = p.measured.records;
        return `${n(r.total)} (${n(r.synced)} / ${n(r.skipped)} / ${n(r.failed)})`;
      },
    ],
    [
      'time taken (QBO time; real, at time × n)',
      (p) => `${dur(p.derived.takenQboSeconds)} (${dur(p.measured.realSeconds)} real, × ${p.timeScale})`,
    ],
    [
      '**floorRatio** (records / 1,660 per QBO-min ÷ QBO-min taken; target ≥ 0.8)',
      (p) => `**${n(p.derived.floorRatio, 2)}**`,
    ],
    [
      'QBO calls: all (queries / reads / writes / batch)',
      (p) => {
        const c = p.measured.calls;
        return `${n(c.all)} (${n(c.query)} / ${n(c.read)} / ${n(c.write)} / ${n(c.batch)})`;
      },
    ],
    ['QBO calls per record', (p) => n(p.derived.callsPerRecord, 3)],
    ['batch items per record', (p) => n(p.derived.batchItemsPerRecord, 2)],
    ['items per batch call (of 30)', (p) => orDash(p.derived.batchItemsPerBatch, (v) => n(v, 1))],
    [
      'plain-request budget used (plain calls per QBO-min of 460)',
      (p) => `${n(p.derived.plainCallsPerQboMinute)} (${n(p.derived.plainBudgetUsed * 100)} %)`,
    ],
    ['429s received', (p) => n(p.measured.calls.throttled429)],
    [
      'minimum time for the calls made (QBO time); ratio',
      (p) => `${dur(p.derived.minimumQboSeconds)}; ${n(p.derived.ratio, 2)}`,
    ],
    ['ideal floor, 30 records per batch call (QBO time)', (p) => dur(p.derived.idealFloorQboSeconds)],
    [
      'limiter Postgres statements per record',
      (p) => orDash(p.derived.limiterStatementsPerRecord, (v) => n(v, 2)),
    ],
    [
      'Temporal history events (per record)',
      (p) =>
        `${n(p.measured.history.events)} in ${p.measured.history.executions} runs (${n(p.derived.historyEventsPerRecord, 2)})`,
    ],
    ['QBO calls per real second', (p) => n(p.derived.callsPerRealSecond, 1)],
    [
      'worker CPU (per record; **cores busy**)',
      (p) =>
        `${n(p.measured.worker.cpuSeconds, 1)} s (${n(p.derived.cpuMsPerRecord, 2)} ms; **${n(p.derived.workerCores, 2)}**)`,
    ],
    [
      'stack cores busy (worker + API/emulator + Temporal, of 2)',
      (p) => orDash(p.derived.stackCores, (v) => n(v, 2)),
    ],
    ['worker peak RSS', (p) => `${n(p.measured.worker.peakRssMiB)} MiB`],
    [
      'other CPU: API + emulator (bench process) / Temporal server',
      (p) => {
        const o = p.measured.otherCpuSeconds;
        return `${n(o.benchProcess, 1)} s / ${orDash(o.temporalServer, (v) => `${n(v, 1)} s`)}`;
      },
    ],
  ];
  const head = `| | ${passes.map((p) => `${p.name} (SYNC_BATCHING=${p.syncBatching})`).join(' | ')} |`;
  const sep = `|---|${passes.map(() => '---').join('|')}|`;
  return [head, sep, ...rows.map(([label, f]) => `| ${label} | ${passes.map(f).join(' | ')} |`)].join('\n');
}

const latencyRow = (label: string, r: LatencyRun, note = '') =>
  `| ${label} | ${r.hooks} at ${r.ratePerSecond}/s | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.missing} | ${note} |`;

export function latencyTable(latency: NonNullable<BenchReport['latency']>): string {
  const rows: string[] = [];
  const { alone, duringInitialSync: during, foreignApp: foreign } = latency;
  if (alone) rows.push(latencyRow('alone', alone));
  if (during)
    rows.push(
      latencyRow(`during an initial sync (${during.syncPhaseAtEnd})`, during, 'p50 ≤ 500 ms, p99 ≤ 2 s'),
    );
  if (foreign) {
    const f = foreign.foreignApp;
    const label = `with a foreign app at ${f.ratePerSecond} calls/s (its ${f.calls} calls: ${f.throttled429} × 429, ${f.other} other errors; our sync: ${foreign.syncThrottled429} × 429)`;
    rows.push(latencyRow(label, foreign, 'p50 ≤ 1 s'));
  }
  for (const [name, r] of Object.entries({ alone, during, foreign })) {
    for (const [entity, e] of Object.entries(r?.byEntity ?? {}))
      rows.push(
        `| ${name}: ${entity}s | ${e.count} | ${ms(e.p50)} | ${ms(e.p95)} | ${ms(e.p99)} | ${ms(e.max)} | | |`,
      );
  }
  return [
    '| hook → QBO latency | hooks | p50 | p95 | p99 | max | not in QBO | target |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function fairnessTable(fairness: NonNullable<BenchReport['fairness']>): string {
  const rows: string[] = [];
  const noisy = fairness.noisyNeighbour;
  if (noisy) {
    const a = noisy.tenantA;
    rows.push(
      `| noisy neighbour: B's hooks (p50 / p95 / p99 / max; not in QBO) | ${ms(noisy.p50)} / ${ms(noisy.p95)} / **${ms(noisy.p99)}** / ${ms(noisy.max)}; ${noisy.missing} of ${noisy.hooks} | p99 ≤ 2 s |`,
      `| noisy neighbour: A's ${n(a.hooks)} customer updates hooked at once | ${a.seconds === null ? `not all in QBO: ${n(a.inQbo)} after ${dur(a.waitedSeconds)} (the wait's end)` : `all in QBO after ${dur(a.seconds)}`}; ${n(a.inQboPerSecond, 1)} per s; posted in ${dur(a.postSeconds)}; ${n(a.qboCalls)} QBO calls (${n(a.qboCalls / Math.max(1, a.inQbo), 2)} per update), ${n(a.throttled429)} × 429 | |`,
    );
  }
  const small = fairness.smallTenants;
  if (small) {
    const each = (r: { tenants: number; completed: number; records: number; eachSeconds: number[] }) =>
      `${r.completed}/${r.tenants} completed, ${n(r.records)} records; each ${dur(r.eachSeconds[0] ?? 0)}–${dur(r.eachSeconds.at(-1) ?? 0)}`;
    rows.push(
      `| small tenants alone: until the last completes | **${dur(small.aloneSeconds)}** (${each(small.alone)}) | |`,
      `| small tenants beside ${small.withBig.bigTenant}'s initial sync (${small.withBig.syncPhaseAtEnd}) | **${dur(small.withBigSeconds)}** = ${n(small.withBigSeconds / Math.max(small.aloneSeconds, 1e-9), 2)} × alone (${each(small.withBig)}) | ≤ 1.3 × alone |`,
    );
  }
  return ['| fairness between tenants | result | target |', '|---|---|---|', ...rows].join('\n');
}

export function markdown(report: BenchReport): string {
  const s = report.dataset.sizes;
  return [
    `# npm run bench: ${report.finishedAt}`,
    '',
    `\`${report.command}\` took ${dur(report.durationSeconds)} in all (budget ${dur(report.durationBudgetSeconds)}${report.withinDurationBudget ? '' : ': **over budget**'}). One machine: ${report.machine.cpus} cores (${report.machine.cpuModel}), Node ${report.machine.node}; absolute times are from it (1-minute load average ${report.machine.loadAverage.start.toFixed(1)} at the start, ${report.machine.loadAverage.end.toFixed(1)} at the end).`,
    '',
    `Dataset: generator seed ${report.dataset.seed}, scale ${report.dataset.scale}: ${s.categories} categories, ${s.products} products, ${s.customers} customers + ${s.jobs} jobs, ${s.orders} orders (invoices), ${s.payments} payments, ${s.refunds} refunds; no start date (every record in scope). QBO emulator with QBO's limits (500/min, 10/s, 40 batch calls/min per realm), time × ${report.timeScale} in the sync passes. The naive baseline, when run, is the worker with \`SYNC_BATCHING=off\` (each record one at a time with plain requests).`,
    '',
    passTable(report.passes),
    '',
    ...(report.skipped.length > 0 ? [`Not run: ${report.skipped.join('; ')}.`, ''] : []),
    ...(report.latency
      ? [
          `Hook latency at time × ${report.latency.timeScale}, worker with batching on:`,
          '',
          latencyTable(report.latency),
          '',
        ]
      : []),
    ...(report.fairness
      ? [`Fairness at time × ${report.fairness.timeScale}:`, '', fairnessTable(report.fairness), '']
      : []),
    `Steps (real seconds): ${Object.entries(report.stepSeconds)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')}.`,
    '',
    'Definitions:',
    '',
    ...report.definitions.map((d) => `- ${d}`),
    '',
  ].join('\n');
}
