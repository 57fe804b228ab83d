// What `npm run bench` writes: per-pass figures derived from the measurements (with the
// definitions stated) and the JSON + markdown record of the run (tables: tables.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { BproSizes } from '../../../db/bpro-generator';
import type { NoisyNeighbour, SmallTenants } from './fairness';
import type { ForeignAppResult } from './foreign-app';
import type { LatencyRun } from './latency';
import {
  budgetRatio,
  floorRatio,
  floorWritesPerMinute,
  idealBatchedSeconds,
  minimumSeconds,
  plainRequestsPerMinute,
} from './metrics';
import type { SyncMeasurement } from './sync-pass';
import { markdown } from './tables';

export const DEFINITIONS = [
  `floorRatio = (records / ${floorWritesPerMinute()}) / QBO-minutes taken, QBO-minutes = real seconds × time scale / 60; ${floorWritesPerMinute()} = the most writes QBO's limits allow a company per minute (40 batch calls × 30 items + the other ${plainRequestsPerMinute()} requests one write each); 1 = the physical floor whatever calls the sync chose; target ≥ 0.8`,
  'minimum time = the least time QBO’s per-realm limits allow for the calls actually made: max(all calls / 500 per min, batch calls / 40 per min, all calls / 10 per s), in QBO time (real time × time scale)',
  'ratio = minimum time / time taken (the sync keeps the budget of the calls it chose busy; floorRatio judges the choice too)',
  'ideal floor = every record one item of a full 30-item batch call and nothing else: records / 30 batch calls at 40 per min',
  'calls = data API calls the emulator admitted (queries, reads, writes, batch calls); 429s listed apart; calls per record = all of them / records in scope; batch items per record = items in batch calls / records; items per batch = batch items / batch calls',
  `plain-request budget used = plain calls (queries + reads + writes, not batch calls) per QBO-minute taken, against the ${plainRequestsPerMinute()} a minute left beside 40 batch calls`,
  'limiter statements per record = Postgres statements the worker’s rate limiter ran (its own counter, limiter.stats.statements) / records; null when the worker does not count them',
  'history events = Temporal history events of initial-sync:<tenant> and its children, every run (continue-as-new included)',
  'worker CPU = user + system seconds of the worker process during the sync; worker cores busy = worker CPU seconds / real seconds (1 = one core throughout); stack cores = worker + bench process (API and emulator) + Temporal server CPU / real seconds (PostgreSQL not counted); peak RSS = VmHWM (reset when the sync starts, where the kernel allows)',
  'hook latency = signed hook POSTed → the record’s entity link written (QBO answered the create), new customers and completed orders alternately, at QBO’s real limits (time × 1); alone: a synced company; duringInitialSync: a company whose initial sync is running (target p50 ≤ 500 ms, p99 ≤ 2 s)',
  'foreignApp = hook latency (same mix) while another OAuth app of the same company makes 3 queries/s with its own token; its 429s counted (target p50 ≤ 1 s)',
  'noisyNeighbour = tenant B’s hook latency (1 hook/s, same mix) while tenant A (another company) sends 2,000 hooks at once (2,000 customers edited in BPro: a new phone each, an update QBO must take); A’s seconds = first hook → last update in QBO (target B p99 ≤ 2 s)',
  'smallTenants = ten small tenants’ initial syncs (each its own company) started together: seconds from the first start to the last completion (Temporal’s times), alone and (ten fresh ones) while a bench-size tenant’s initial sync runs (target withBig ≤ 1.3 × alone)',
  'durationSeconds = the whole run, stack start to results (budget 20 minutes on this 2-core machine)',
];

export type PassName = 'batched' | 'naive';

export type PassResult = {
  name: PassName;
  syncBatching: 'on' | 'off';
  timeScale: number;
  measured: SyncMeasurement;
  derived: {
    floorRatio: number;
    callsPerRecord: number;
    batchItemsPerRecord: number;
    batchItemsPerBatch: number | null;
    /** Plain calls (not batch calls) per QBO minute taken; QBO leaves 460 beside the batch calls. */
    plainCallsPerQboMinute: number;
    /** plainCallsPerQboMinute / 460. */
    plainBudgetUsed: number;
    limiterStatementsPerRecord: number | null;
    minimumQboSeconds: number;
    takenQboSeconds: number;
    ratio: number;
    idealFloorQboSeconds: number;
    historyEventsPerRecord: number;
    cpuMsPerRecord: number;
    /** Worker CPU seconds per real second of the sync (1 = one core busy throughout). */
    workerCores: number;
    /** Worker + bench process + Temporal server CPU per real second (PostgreSQL not counted). */
    stackCores: number | null;
    /** Admitted calls per real second. */
    callsPerRealSecond: number;
  };
};

export function derive(name: PassName, timeScale: number, measured: SyncMeasurement): PassResult {
  const records = Math.max(1, measured.records.total);
  const { calls } = measured;
  const minimum = minimumSeconds({ all: calls.all, batch: calls.batch });
  const taken = measured.realSeconds * timeScale;
  const plain = calls.query + calls.read + calls.write;
  const perReal = (v: number) => (measured.realSeconds > 0 ? v / measured.realSeconds : 0);
  const plainPerMinute = taken > 0 ? plain / (taken / 60) : 0;
  const temporal = measured.otherCpuSeconds.temporalServer;
  return {
    name,
    syncBatching: name === 'batched' ? 'on' : 'off',
    timeScale,
    measured,
    derived: {
      floorRatio: floorRatio(measured.records.total, taken),
      callsPerRecord: calls.all / records,
      batchItemsPerRecord: calls.batchItems / records,
      batchItemsPerBatch: calls.batch > 0 ? calls.batchItems / calls.batch : null,
      plainCallsPerQboMinute: plainPerMinute,
      plainBudgetUsed: plainPerMinute / plainRequestsPerMinute(),
      limiterStatementsPerRecord:
        measured.limiterStatements === null ? null : measured.limiterStatements / records,
      minimumQboSeconds: minimum,
      takenQboSeconds: taken,
      ratio: budgetRatio(minimum, taken),
      idealFloorQboSeconds: idealBatchedSeconds(measured.records.total),
      historyEventsPerRecord: measured.history.events / records,
      cpuMsPerRecord: (measured.worker.cpuSeconds * 1000) / records,
      workerCores: perReal(measured.worker.cpuSeconds),
      stackCores:
        temporal === null
          ? null
          : perReal(measured.worker.cpuSeconds + measured.otherCpuSeconds.benchProcess + temporal),
      callsPerRealSecond: perReal(calls.all),
    },
  };
}

export type BenchReport = {
  command: string;
  /** Wall-clock seconds of the whole run (stack start to results). */
  durationSeconds: number;
  /** The run's budget on this machine, and whether it held. */
  durationBudgetSeconds: number;
  withinDurationBudget: boolean;
  /** Wall-clock seconds of each step (stack, seeding, each pass and scenario). */
  stepSeconds: Record<string, number>;
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
  /** What this run left out and how to run it (e.g. the naive pass, off by default). */
  skipped: string[];
  definitions: string[];
  passes: PassResult[];
  latency: {
    timeScale: number;
    alone?: LatencyRun;
    duringInitialSync?: LatencyRun & { syncPhaseAtEnd: string };
    foreignApp?: LatencyRun & { foreignApp: ForeignAppResult; syncThrottled429: number };
  } | null;
  fairness: {
    timeScale: number;
    smallTenants?: SmallTenants & { smallScale: number };
    noisyNeighbour?: NoisyNeighbour;
  } | null;
};

/** `out` is a directory (latest.json + latest.md) or a .json file (the .md beside it). */
export function reportPaths(out: string): { json: string; md: string } {
  if (out.endsWith('.json')) return { json: out, md: `${out.slice(0, -'.json'.length)}.md` };
  return { json: join(out, 'latest.json'), md: join(out, 'latest.md') };
}

/** Writes the JSON and markdown, formatted as the repository's Prettier config says. */
export async function writeReport(out: string, report: BenchReport): Promise<{ json: string; md: string }> {
  const { json, md } = reportPaths(out);
  mkdirSync(dirname(json), { recursive: true });
  const pretty = async (file: string, text: string) =>
    format(text, { ...((await resolveConfig(file)) ?? {}), filepath: file });
  writeFileSync(json, await pretty(json, JSON.stringify(report, null, 2)));
  writeFileSync(md, await pretty(md, markdown(report)));
  return { json, md };
}
