// What `npm run bench` prints and writes: per-pass figures derived from the measurements (with the
// definitions stated), a markdown table, and the JSON record of the run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { BproSizes } from '../../../db/bpro-generator';
import type { LatencyRun } from './latency';
import { budgetRatio, idealBatchedSeconds, minimumSeconds } from './metrics';
import type { SyncMeasurement } from './sync-pass';

export const DEFINITIONS = [
  'minimum time = the least time QBO’s per-realm limits allow for the calls actually made: max(all calls / 500 per min, batch calls / 40 per min, all calls / 10 per s), in QBO time (real time × time scale)',
  'ratio = minimum time / time taken (≥ 0.9: the sync keeps QBO’s budget busy)',
  'ideal floor = every record one item of a full 30-item batch call and nothing else: records / 30 batch calls at 40 per min',
  'calls = data API calls the emulator admitted (queries, reads, writes, batch calls); 429s listed apart',
  'history events = Temporal history events of initial-sync:<tenant> and its children, every run (continue-as-new included)',
  'worker CPU = user + system seconds of the worker process during the sync; peak RSS = VmHWM (reset when the sync starts, where the kernel allows)',
  'hook latency = signed hook POSTed → the record’s entity link written (QBO answered the create), new customers and completed orders alternately',
];

export type PassName = 'batched' | 'naive';

export type PassResult = {
  name: PassName;
  syncBatching: 'on' | 'off';
  timeScale: number;
  measured: SyncMeasurement;
  derived: {
    callsPerRecord: number;
    batchItemsPerBatch: number | null;
    minimumQboSeconds: number;
    takenQboSeconds: number;
    ratio: number;
    idealFloorQboSeconds: number;
    historyEventsPerRecord: number;
    cpuMsPerRecord: number;
    /** Worker CPU seconds per real second of the sync (1 = one core busy throughout). */
    workerCores: number;
    /** Admitted calls per real second. */
    callsPerRealSecond: number;
  };
};

export function derive(name: PassName, timeScale: number, measured: SyncMeasurement): PassResult {
  const records = Math.max(1, measured.records.total);
  const minimum = minimumSeconds({ all: measured.calls.all, batch: measured.calls.batch });
  const taken = measured.realSeconds * timeScale;
  return {
    name,
    syncBatching: name === 'batched' ? 'on' : 'off',
    timeScale,
    measured,
    derived: {
      callsPerRecord: measured.calls.all / records,
      batchItemsPerBatch: measured.calls.batch > 0 ? measured.calls.batchItems / measured.calls.batch : null,
      minimumQboSeconds: minimum,
      takenQboSeconds: taken,
      ratio: budgetRatio(minimum, taken),
      idealFloorQboSeconds: idealBatchedSeconds(measured.records.total),
      historyEventsPerRecord: measured.history.events / records,
      cpuMsPerRecord: (measured.worker.cpuSeconds * 1000) / records,
      workerCores: measured.realSeconds > 0 ? measured.worker.cpuSeconds / measured.realSeconds : 0,
      callsPerRealSecond: measured.realSeconds > 0 ? measured.calls.all / measured.realSeconds : 0,
    },
  };
}

export type BenchReport = {
  command: string;
  /** Wall-clock seconds of the whole run (stack start to results). */
  durationSeconds: number;
  finishedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    node: string;
    note: string;
    /** 1-minute load average when the run started and ended (others' work on a shared machine). */
    loadAverage: { start: number; end: number };
  };
  dataset: { seed: string; scale: number; sizes: BproSizes; bproRows: Record<string, number> };
  timeScale: number;
  definitions: string[];
  passes: PassResult[];
  latency: {
    timeScale: number;
    alone?: LatencyRun;
    duringInitialSync?: LatencyRun & { syncPhaseAtEnd: string };
  } | null;
};

const n = (v: number, digits = 0) =>
  v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const dur = (s: number) => (s >= 120 ? `${n(s / 60, 1)} min` : `${n(s, 1)} s`);
const ms = (v: number | null) => (v === null ? '–' : v >= 10_000 ? `${n(v / 1000, 1)} s` : `${n(v)} ms`);

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
      'QBO calls: all (queries / reads / writes / batch)',
      (p) => {
        const c = p.measured.calls;
        return `${n(c.all)} (${n(c.query)} / ${n(c.read)} / ${n(c.write)} / ${n(c.batch)})`;
      },
    ],
    [
      'items per batch call (batch items per record)',
      (p) =>
        p.derived.batchItemsPerBatch === null
          ? '–'
          : `${n(p.derived.batchItemsPerBatch, 1)} (${n(p.measured.calls.batchItems / Math.max(1, p.measured.records.total), 2)})`,
    ],
    ['**QBO calls per record**', (p) => `**${n(p.derived.callsPerRecord, 2)}**`],
    ['429s received', (p) => n(p.measured.calls.throttled429)],
    ['minimum time QBO’s limits allow (QBO time)', (p) => dur(p.derived.minimumQboSeconds)],
    [
      'time taken (QBO time; real)',
      (p) => `${dur(p.derived.takenQboSeconds)} (${dur(p.measured.realSeconds)} real)`,
    ],
    ['**ratio minimum / taken** (target ≥ 0.9)', (p) => `**${n(p.derived.ratio, 2)}**`],
    ['ideal floor, 30 records per batch call (QBO time)', (p) => dur(p.derived.idealFloorQboSeconds)],
    [
      'Temporal history events (per record)',
      (p) =>
        `${n(p.measured.history.events)} in ${p.measured.history.executions} runs (${n(p.derived.historyEventsPerRecord, 2)})`,
    ],
    [
      'QBO calls per real second (ceiling at this time scale)',
      (p) =>
        `${n(p.derived.callsPerRealSecond, 1)} (${n((p.measured.calls.all / Math.max(p.derived.minimumQboSeconds, 1e-9)) * p.timeScale, 1)})`,
    ],
    [
      'worker CPU (per record; cores busy)',
      (p) =>
        `${n(p.measured.worker.cpuSeconds, 1)} s (${n(p.derived.cpuMsPerRecord, 2)} ms; ${n(p.derived.workerCores, 2)})`,
    ],
    ['worker peak RSS', (p) => `${n(p.measured.worker.peakRssMiB)} MiB`],
    [
      'other CPU: API + emulator (bench process) / Temporal server',
      (p) => {
        const o = p.measured.otherCpuSeconds;
        return `${n(o.benchProcess, 1)} s / ${o.temporalServer === null ? '–' : `${n(o.temporalServer, 1)} s`}`;
      },
    ],
  ];
  const head = `| | ${passes.map((p) => `${p.name} (SYNC_BATCHING=${p.syncBatching})`).join(' | ')} |`;
  const sep = `|---|${passes.map(() => '---').join('|')}|`;
  return [head, sep, ...rows.map(([label, f]) => `| ${label} | ${passes.map(f).join(' | ')} |`)].join('\n');
}

export function latencyTable(latency: NonNullable<BenchReport['latency']>): string {
  const rows: string[] = [];
  const row = (label: string, r: LatencyRun | undefined) => {
    if (!r) return;
    rows.push(
      `| ${label} | ${r.hooks} at ${r.ratePerSecond}/s | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.missing} |`,
    );
  };
  const byEntity = (label: string, r: LatencyRun | undefined) => {
    for (const [entity, e] of Object.entries(r?.byEntity ?? {}))
      rows.push(
        `| ${label}: ${entity}s | ${e.count} | ${ms(e.p50)} | ${ms(e.p95)} | ${ms(e.p99)} | ${ms(e.max)} | |`,
      );
  };
  const during = `during an initial sync (${latency.duringInitialSync?.syncPhaseAtEnd ?? ''})`;
  row('alone', latency.alone);
  row(during, latency.duringInitialSync);
  byEntity('alone', latency.alone);
  byEntity('during', latency.duringInitialSync);
  return [
    '| hook → QBO latency | hooks | p50 | p95 | p99 | max | not in QBO |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function markdown(report: BenchReport): string {
  const s = report.dataset.sizes;
  return [
    `# npm run bench: ${report.finishedAt}`,
    '',
    `\`${report.command}\` took ${dur(report.durationSeconds)} in all. One machine: ${report.machine.cpus} cores (${report.machine.cpuModel}), Node ${report.machine.node}; absolute times are from it (1-minute load average ${report.machine.loadAverage.start.toFixed(1)} at the start, ${report.machine.loadAverage.end.toFixed(1)} at the end).`,
    '',
    `Dataset: generator seed ${report.dataset.seed}, scale ${report.dataset.scale}: ${s.categories} categories, ${s.products} products, ${s.customers} customers + ${s.jobs} jobs, ${s.orders} orders (invoices), ${s.payments} payments, ${s.refunds} refunds; no start date (every record in scope). QBO emulator with QBO's limits (500/min, 10/s, 40 batch calls/min per realm), time × ${report.timeScale}. Both passes run the same stack (API, Temporal, worker process, emulator); the naive baseline is the worker with \`SYNC_BATCHING=off\` (each record one at a time with plain requests, no batch calls).`,
    '',
    passTable(report.passes),
    '',
    ...(report.latency
      ? [
          `Hook latency at QBO's real limits (time × ${report.latency.timeScale}), worker with batching on:`,
          '',
          latencyTable(report.latency),
          '',
        ]
      : []),
    'Definitions:',
    '',
    ...report.definitions.map((d) => `- ${d}`),
    '',
  ].join('\n');
}

/** Writes latest.json and latest.md, formatted as the repository's Prettier config says. */
export async function writeReport(dir: string, report: BenchReport): Promise<{ json: string; md: string }> {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  const md = join(dir, 'latest.md');
  const pretty = async (file: string, text: string) =>
    format(text, { ...((await resolveConfig(file)) ?? {}), filepath: file });
  writeFileSync(json, await pretty(json, JSON.stringify(report, null, 2)));
  writeFileSync(md, await pretty(md, markdown(report)));
  return { json, md };
}
