// One chaos run: seed a tenant, connect it through the real OAuth flow, start the initial sync
// through the API and send live BPro hooks while the fault plan (schedule.ts) SIGKILLs workers,
// injects QBO faults, expires tokens, restarts Temporal and drops database connections. Then
// let everything settle and verify the end state through the QBO API (verify.ts).
import { mkdirSync } from 'node:fs';
import {
  generateBproDataset,
  writeBproDataset,
  Random,
  type SizePresetName,
} from '../../../db/bpro-generator';
import { tenants } from '../../../db/schema';
import { BproActivity, type ActivityEvent } from '../bpro-activity';
import { buildFaultSchedule, describeFault, type Fault } from './schedule';
import { startChaosStack, type ChaosStack } from './stack';
import { snapshotQboIds, verifyTenant, type Verification } from './verify';

export type ChaosOptions = {
  durationMs: number;
  seed: number;
  size: SizePresetName;
  /** QBO's rate limits run this many times faster in the emulator and the workers' limiter. */
  timeScale: number;
  workers: number;
  hookIntervalMs: number;
  killEveryMs: number;
  faultWindowMs: number;
  restartDelayMs: number;
  /** How long the sync may take to settle after the faults stop. */
  settleTimeoutMs: number;
  /** Where the Temporal history, the workflow bundle and the workers' logs go. */
  runDir: string;
  /** A migrated database on a PostgreSQL server (shared with others is fine: all is per tenant). */
  databaseUrl: string;
  tenantId?: string;
  /** Receives each timeline line as it happens. */
  log: (line: string) => void;
  signal?: AbortSignal;
};

export type InitialSyncStatus = {
  status: string;
  phase: string;
  entities: Record<string, { total: number; synced: number; skipped: number; failed: number }>;
};

export type ChaosReport = {
  ok: boolean;
  tenantId: string;
  elapsedMs: number;
  settleMs: number;
  /** Injected faults by kind. */
  faults: Record<Fault['kind'] | 'emulator-5xx' | 'emulator-429' | 'emulator-drop', number>;
  hooks: { sent: number; accepted: number; resent: number };
  workers: { started: number; killed: number; crashed: number };
  qbo: { requests: number; throttled: number; faultsInjected: number };
  initialSync: InitialSyncStatus | null;
  verification: Verification | null;
  /** Problems outside the verification (the sync never settled, a step failed). */
  problems: string[];
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const t0 = Date.now();
  const log = (text: string) =>
    options.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${text}`);
  const abortIfAsked = () => options.signal?.throwIfAborted();
  mkdirSync(options.runDir, { recursive: true });
  const tenantId = options.tenantId ?? `chaos-${options.seed}-${Date.now().toString(36)}`;
  const report: ChaosReport = {
    ok: false,
    tenantId,
    elapsedMs: 0,
    settleMs: 0,
    faults: {
      'emulator-faults': 0,
      'emulator-5xx': 0,
      'emulator-429': 0,
      'emulator-drop': 0,
      'kill-worker': 0,
      'expire-tokens': 0,
      'restart-temporal': 0,
      'drop-db-connections': 0,
    },
    hooks: { sent: 0, accepted: 0, resent: 0 },
    workers: { started: 0, killed: 0, crashed: 0 },
    qbo: { requests: 0, throttled: 0, faultsInjected: 0 },
    initialSync: null,
    verification: null,
    problems: [],
  };

  log(
    `Starting the stack: Temporal dev server (history in ${options.runDir}), PostgreSQL, QBO emulator, API, ${options.workers} worker processes ...`,
  );
  const stack = await startChaosStack({
    runDir: options.runDir,
    workers: options.workers,
    timeScale: options.timeScale,
    restartDelayMs: options.restartDelayMs,
    onEvent: log,
    databaseUrl: options.databaseUrl,
  });
  const timers = new Set<NodeJS.Timeout>();
  try {
    abortIfAsked();
    log(`Stack up: Temporal ${stack.temporalAddress}, API ${stack.apiUrl}, task queue ${stack.taskQueue}.`);
    const realmId = await prepareTenant(stack, tenantId, options);
    log(
      `Tenant "${tenantId}" seeded (${options.size}, seed ${options.seed}) and connected to realm ${realmId} through OAuth.`,
    );
    const client = stack.qbo.clientFor(tenantId);
    const preexisting = await snapshotQboIds(client);

    const started = await stack.api(`/api/v1/tenants/${tenantId}/qbo/initial-sync`, { method: 'POST' });
    if (started.status !== 202)
      throw new Error(`initial sync refused: ${started.status} ${await started.text()}`);
    log('Initial sync started through the API; live hooks and faults begin.');

    // The fault plan, carried out on timers.
    const plan = buildFaultSchedule({
      seed: options.seed,
      durationMs: options.durationMs,
      workers: options.workers,
      killEveryMs: options.killEveryMs,
      faultWindowMs: options.faultWindowMs,
    });
    const chaosStart = Date.now();
    for (const { atMs, fault } of plan) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        void inject(stack, realmId, fault, report, log);
      }, atMs);
      timers.add(timer);
    }

    // Live BPro activity, with hooks the API did not accept sent again (as BPro retries them).
    const activity = new BproActivity(
      stack.database.db,
      tenantId,
      stack.apiUrl,
      stack.config.hookSecret,
      seeded(options.seed),
    );
    const pending: ActivityEvent[] = [];
    const sendHooks = async (until: () => boolean) => {
      while (until()) {
        abortIfAsked();
        try {
          const retry = pending.shift();
          const event = retry
            ? await activity.hook(retry.entity, retry.id, retry.event, retry.label)
            : await activity.next();
          report.hooks.sent += 1;
          if (retry) report.hooks.resent += 1;
          if (event.response.startsWith('error')) {
            pending.push(event);
            log(
              `hook ${event.entity}/${event.event} ${event.id} not accepted (${event.response}); will resend`,
            );
          } else report.hooks.accepted += 1;
        } catch (error) {
          log(`hook failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        await sleep(options.hookIntervalMs);
      }
    };
    await sendHooks(() => Date.now() - chaosStart < options.durationMs);
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    await stack.control('PUT', '/faults', { realmId, errorRate: 0, throttleRate: 0, dropAfterCommitRate: 0 });
    log(
      `Chaos window over (${report.hooks.accepted} hooks accepted). Faults off; waiting for the sync to settle ...`,
    );

    const settleStart = Date.now();
    const deadline = settleStart + options.settleTimeoutMs;
    await sendHooks(() => pending.length > 0 && Date.now() < deadline);
    if (pending.length > 0) report.problems.push(`${pending.length} hooks were never accepted by the API`);
    if (!(await stack.workers.waitReady(options.workers, Math.max(0, deadline - Date.now()))))
      report.problems.push('not every worker came back');
    report.initialSync = await settle(stack, tenantId, deadline, abortIfAsked);
    report.settleMs = Date.now() - settleStart;
    if (report.initialSync?.status !== 'completed')
      report.problems.push(
        `the initial sync ended ${report.initialSync?.status ?? 'unknown'}, not completed`,
      );
    if (Date.now() > deadline)
      report.problems.push(`the sync did not settle within ${options.settleTimeoutMs / 1000} s`);
    log(
      `Settled in ${(report.settleMs / 1000).toFixed(1)} s (initial sync: ${report.initialSync?.status ?? 'unknown'}). Verifying through the QBO API ...`,
    );

    const stats = (await (
      await stack.control('GET', `/realms/${realmId}/stats`)
    ).json()) as ChaosReport['qbo'];
    report.qbo = {
      requests: stats.requests,
      throttled: stats.throttled,
      faultsInjected: stats.faultsInjected,
    };
    report.verification = await verifyTenant({ db: stack.database.db, tenantId, client, preexisting });
    report.workers = { ...stack.workers.stats };
    report.ok = report.problems.length === 0 && report.verification.ok;
    return report;
  } finally {
    for (const timer of timers) clearTimeout(timer);
    report.workers = { ...stack.workers.stats };
    report.elapsedMs = Date.now() - t0;
    log('Stopping the stack ...');
    await stack.close();
  }
}

/** A seeded random source for the simulated BPro activity. */
function seeded(seed: number): () => number {
  const random = new Random(`chaos-activity/${seed}`);
  return () => random.next();
}

/** Writes the tenant's BPro data, connects it through OAuth and saves its settings via the API. */
async function prepareTenant(stack: ChaosStack, tenantId: string, options: ChaosOptions): Promise<string> {
  await stack.database.db
    .insert(tenants)
    .values({ id: tenantId, name: 'Chaos Rentals & Retail', qboEnabled: true });
  const today = new Date().toISOString().slice(0, 10);
  await writeBproDataset(
    stack.database.db,
    generateBproDataset({ tenantId, seed: options.seed, size: options.size, today }),
  );
  const realm = (await (
    await stack.control('POST', '/realms', { companyName: 'Chaos Rentals (QuickBooks)' })
  ).json()) as {
    realmId: string;
  };
  const start = (await (await stack.api(`/api/v1/tenants/${tenantId}/qbo/connect?format=json`)).json()) as {
    authorizeUrl: string;
  };
  const consentUrl = new URL(start.authorizeUrl);
  consentUrl.searchParams.set('realmId', realm.realmId);
  const consent = await fetch(consentUrl, { redirect: 'manual' });
  const callback = await fetch(consent.headers.get('location') ?? '', { redirect: 'manual' });
  if (callback.status !== 200) throw new Error(`OAuth callback answered ${callback.status}`);

  const accounts = (await (await stack.api(`/api/v1/tenants/${tenantId}/qbo/accounts?kind=cash`)).json()) as {
    accounts: Array<{ id: string; name: string }>;
  };
  const checking = accounts.accounts.find((a) => a.name === 'Checking') ?? accounts.accounts[0];
  const startDate = new Date(Date.now() - 270 * 86_400_000).toISOString().slice(0, 10);
  const saved = await stack.api(`/api/v1/tenants/${tenantId}/qbo/settings`, {
    method: 'PUT',
    body: JSON.stringify({ startDate, refundAccountId: checking?.id ?? null }),
  });
  const view = (await saved.json()) as {
    paymentMethods: Array<{ bproId: string; qboMatch: boolean | null }>;
  };
  // Payments by a method QuickBooks lacks fail by design (the user must create it there); the
  // run syncs only the methods QuickBooks has, so every payment in scope must arrive.
  const methods = await stack.api(`/api/v1/tenants/${tenantId}/qbo/settings`, {
    method: 'PUT',
    body: JSON.stringify({
      paymentMethods: view.paymentMethods.map((m) => ({ bproId: m.bproId, enabled: m.qboMatch === true })),
    }),
  });
  if (!methods.ok) throw new Error(`settings refused: ${methods.status} ${await methods.text()}`);
  return realm.realmId;
}

async function inject(
  stack: ChaosStack,
  realmId: string,
  fault: Fault,
  report: ChaosReport,
  log: (text: string) => void,
): Promise<void> {
  try {
    switch (fault.kind) {
      case 'emulator-faults': {
        const res = await stack.control('PUT', '/faults', { realmId, ...fault.faults });
        if (!res.ok) throw new Error(`emulator answered ${res.status}`);
        if (fault.faults.errorRate > 0) report.faults['emulator-5xx'] += 1;
        if (fault.faults.throttleRate > 0) report.faults['emulator-429'] += 1;
        if (fault.faults.dropAfterCommitRate > 0) report.faults['emulator-drop'] += 1;
        const { errorRate, throttleRate, dropAfterCommitRate } = fault.faults;
        if (errorRate + throttleRate + dropAfterCommitRate === 0) {
          log(describeFault(fault)); // a quiet window: not a fault
          return;
        }
        break;
      }
      case 'kill-worker': {
        const n = stack.workers.size;
        let killed = -1;
        for (let i = 0; i < n && killed < 0; i += 1)
          if (stack.workers.kill(fault.worker + i)) killed = (fault.worker + i) % n;
        if (killed < 0) {
          log(`${describeFault(fault)}: no worker is up right now; skipped`);
          return;
        }
        report.faults[fault.kind] += 1;
        log(describeFault({ kind: 'kill-worker', worker: killed }));
        return;
      }
      case 'expire-tokens': {
        const res = await stack.control('POST', `/realms/${realmId}/expire-tokens`);
        if (!res.ok) throw new Error(`emulator answered ${res.status}`);
        break;
      }
      case 'restart-temporal': {
        log(`${describeFault(fault)} ...`);
        const ms = await stack.restartTemporal();
        report.faults[fault.kind] += 1;
        log(`Temporal dev server back after ${(ms / 1000).toFixed(1)} s (same history file)`);
        return;
      }
      case 'drop-db-connections': {
        const n = await stack.dropDatabaseConnections();
        report.faults[fault.kind] += 1;
        log(`${describeFault(fault)}: ${n} connections terminated`);
        return;
      }
    }
    report.faults[fault.kind] += 1;
    log(describeFault(fault));
  } catch (error) {
    log(`${describeFault(fault)} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Waits for the initial sync to end and for every workflow of the tenant to close. */
async function settle(
  stack: ChaosStack,
  tenantId: string,
  deadline: number,
  abortIfAsked: () => void,
): Promise<InitialSyncStatus | null> {
  let status: InitialSyncStatus | null = null;
  let quietRounds = 0;
  while (Date.now() < deadline) {
    abortIfAsked();
    try {
      const res = await stack.api(`/api/v1/tenants/${tenantId}/qbo/initial-sync`);
      if (res.ok) status = (await res.json()) as InitialSyncStatus;
      const running = status && ['running', 'waiting_for_reconnect'].includes(status.status);
      const open = await countRunning(stack, tenantId);
      // Two quiet looks in a row: the visibility store lags a little behind the history.
      quietRounds = !running && open === 0 ? quietRounds + 1 : 0;
      if (quietRounds >= 2) return status;
    } catch {
      quietRounds = 0;
    }
    await sleep(1000);
  }
  return status;
}

async function countRunning(stack: ChaosStack, tenantId: string): Promise<number> {
  let n = 0;
  const query = `BproTenantId = ${JSON.stringify(tenantId)} AND ExecutionStatus = "Running"`;
  for await (const _ of stack.temporal.workflow.list({ query })) n += 1;
  return n;
}
