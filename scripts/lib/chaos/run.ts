// One chaos run: seed a tenant, connect it through the real OAuth flow, start the initial sync
// through the API and send live BPro hooks while the fault plan (schedule.ts) SIGKILLs workers,
// injects QBO faults, expires tokens, restarts Temporal and drops database connections, and an
// accountant deletes, voids and edits synced documents in QuickBooks (accountant.ts). Then let
// everything settle, the change poller see the accountant's last action, and verify the end state
// through the QBO API (verify.ts).
import { mkdirSync } from 'node:fs';
import type { SizePresetName } from '../../../db/bpro-generator';
import { Accountant } from './accountant';
import { liveHooks, sendUntilAccepted, type HookSender } from './hooks';
import { scheduleFaults } from './inject';
import { emptyReport, type ChaosReport } from './outcome';
import { buildFaultSchedule } from './schedule';
import { changePollerState, settle, waitForChangePoller } from './settle';
import { startChaosStack, type ChaosStack } from './stack';
import { prepareChaosTenant } from './tenant';
import { snapshotQboIds, verifyTenant } from './verify';

export type ChaosOptions = {
  durationMs: number;
  seed: number;
  size: SizePresetName;
  /** `CA`: a Canadian emulator company and a generated Canadian tenant (default US). */
  country?: 'US' | 'CA';
  /** QBO's rate limits run this many times faster in the emulator and the workers' limiter. */
  timeScale: number;
  workers: number;
  hookIntervalMs: number;
  killEveryMs: number;
  faultWindowMs: number;
  restartDelayMs: number;
  /** How long the sync may take to settle after the faults stop. */
  settleTimeoutMs: number;
  /** QBO_CHANGE_POLL_SECONDS of the run (default 3). */
  changePollSeconds?: number;
  /** Where the Temporal history, the workflow bundle and the workers' logs go. */
  runDir: string;
  /** A migrated database on a PostgreSQL server (shared with others is fine: all is per tenant). */
  databaseUrl: string;
  tenantId?: string;
  /** Receives each timeline line as it happens. */
  log: (line: string) => void;
  signal?: AbortSignal;
};

/** What one phase of the run works with. */
type RunContext = {
  options: ChaosOptions;
  stack: ChaosStack;
  tenantId: string;
  report: ChaosReport;
  log: (text: string) => void;
  abortIfAsked: () => void;
  /** Set once the tenant is connected. */
  accountant?: Accountant;
};

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const t0 = Date.now();
  const log = (text: string) =>
    options.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${text}`);
  const abortIfAsked = () => options.signal?.throwIfAborted();
  mkdirSync(options.runDir, { recursive: true });
  const tenantId = options.tenantId ?? `chaos-${options.seed}-${Date.now().toString(36)}`;
  const report = emptyReport(tenantId);

  log(
    `Starting the stack: Temporal dev server (history in ${options.runDir}), PostgreSQL, QBO emulator, API, ${options.workers} worker processes ...`,
  );
  const stack = await startChaosStack({
    runDir: options.runDir,
    workers: options.workers,
    timeScale: options.timeScale,
    restartDelayMs: options.restartDelayMs,
    changePollSeconds: options.changePollSeconds ?? 3,
    onEvent: log,
    databaseUrl: options.databaseUrl,
  });
  const run: RunContext = { options, stack, tenantId, report, log, abortIfAsked };
  try {
    abortIfAsked();
    log(`Stack up: Temporal ${stack.temporalAddress}, API ${stack.apiUrl}, task queue ${stack.taskQueue}.`);
    const country = options.country ?? 'US';
    const realmId = await prepareChaosTenant(stack, tenantId, {
      seed: options.seed,
      size: options.size,
      country,
    });
    log(
      `Tenant "${tenantId}" seeded (${options.size}, seed ${options.seed}${country === 'CA' ? ', Canadian' : ''}) and connected to realm ${realmId} through OAuth.`,
    );
    const preexisting = await snapshotQboIds(stack.qbo.clientFor(tenantId));
    run.accountant = new Accountant({
      db: stack.db,
      tenantId,
      client: stack.qbo.clientFor(tenantId),
      sendHook: sendUntilAccepted({ stack, tenantId, report, log }),
      log,
    });
    const hooks = await runChaosWindow(run, realmId);
    await settleAfterFaults(run, hooks);
    await verifyEndState(run, realmId, preexisting);
    return report;
  } finally {
    report.accountant = [...(run.accountant?.entries ?? [])];
    report.workers = { ...stack.workers.stats };
    report.elapsedMs = Date.now() - t0;
    log('Stopping the stack ...');
    await stack.close();
  }
}

/** The initial sync started, live hooks sent while the faults run; then the faults are switched off. */
async function runChaosWindow(run: RunContext, realmId: string): Promise<HookSender> {
  const { options, stack, tenantId, report, log, abortIfAsked, accountant } = run;
  const started = await stack.api.fetch(`/api/v1/tenants/${tenantId}/qbo/initial-sync`, { method: 'POST' });
  if (started.status !== 202)
    throw new Error(`initial sync refused: ${started.status} ${await started.text()}`);
  log('Initial sync started through the API; live hooks and faults begin.');

  const plan = buildFaultSchedule({
    seed: options.seed,
    durationMs: options.durationMs,
    workers: options.workers,
    killEveryMs: options.killEveryMs,
    faultWindowMs: options.faultWindowMs,
  });
  const chaosStart = Date.now();
  const cancelFaults = scheduleFaults(plan, {
    stack,
    realmId,
    report,
    log,
    ...(accountant ? { accountant } : {}),
  });
  const hooks = liveHooks({
    stack,
    tenantId,
    seed: options.seed,
    intervalMs: options.hookIntervalMs,
    report,
    log,
    abortIfAsked,
  });
  try {
    await hooks.sendWhile(() => Date.now() - chaosStart < options.durationMs);
  } finally {
    cancelFaults();
  }
  await accountant?.idle();
  await stack.control('PUT', '/faults', { realmId, errorRate: 0, throttleRate: 0, dropAfterCommitRate: 0 });
  log(
    `Chaos window over (${report.hooks.accepted} hooks accepted). Faults off; waiting for the sync to settle ...`,
  );
  return hooks;
}

/** Resends refused hooks, waits for the workers and for the sync to settle; notes what did not. */
async function settleAfterFaults(run: RunContext, hooks: HookSender): Promise<void> {
  const { options, stack, tenantId, report, log, abortIfAsked } = run;
  const settleStart = Date.now();
  const deadline = settleStart + options.settleTimeoutMs;
  await hooks.sendWhile(() => hooks.pending > 0 && Date.now() < deadline);
  if (hooks.pending > 0) report.problems.push(`${hooks.pending} hooks were never accepted by the API`);
  if (!(await stack.workers.waitReady(options.workers, Math.max(0, deadline - Date.now()))))
    report.problems.push('not every worker came back');
  report.initialSync = await settle(stack, tenantId, deadline, abortIfAsked);
  const entries = run.accountant?.entries ?? [];
  if (entries.length > 0) {
    // The poller must have seen the accountant's last action (and what it re-ran, closed).
    const unseen = await waitForChangePoller(stack, tenantId, entries, deadline, abortIfAsked);
    for (const e of unseen)
      log(`the change poller has not shown the accountant's #${e.n} (${e.act} ${e.entity} ${e.bproId}) yet`);
    report.initialSync = await settle(stack, tenantId, deadline, abortIfAsked);
  }
  report.changePoller = await changePollerState(stack, tenantId);
  if (report.changePoller !== 'running') report.problems.push('the change poller is not running');
  report.settleMs = Date.now() - settleStart;
  const ended = report.initialSync?.status ?? 'unknown';
  if (ended !== 'completed') report.problems.push(`the initial sync ended ${ended}, not completed`);
  if (Date.now() > deadline)
    report.problems.push(`the sync did not settle within ${options.settleTimeoutMs / 1000} s`);
  log(
    `Settled in ${(report.settleMs / 1000).toFixed(1)} s (initial sync: ${ended}). Verifying through the QBO API ...`,
  );
}

/** The emulator's counters and the verification of every in-scope record through the QBO API. */
async function verifyEndState(
  run: RunContext,
  realmId: string,
  preexisting: Awaited<ReturnType<typeof snapshotQboIds>>,
): Promise<void> {
  const { stack, tenantId, report } = run;
  const stats = (await (await stack.control('GET', `/realms/${realmId}/stats`)).json()) as ChaosReport['qbo'];
  report.qbo = { requests: stats.requests, throttled: stats.throttled, faultsInjected: stats.faultsInjected };
  const client = stack.qbo.clientFor(tenantId);
  const accountant = run.accountant?.entries ?? [];
  report.verification = await verifyTenant({ db: stack.db, tenantId, client, preexisting, accountant });
  report.workers = { ...stack.workers.stats };
  report.ok = report.problems.length === 0 && report.verification.ok;
}
