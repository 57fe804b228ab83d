// Initial syncs started through the API for scenarios: one running in the background while
// something else is measured (then cancelled), and several started together and waited for.
import { z } from 'zod';
import { initialSyncSpan } from './history';
import type { BenchStack } from './stack';
import { callApi } from './tenant';

const statusView = z.object({
  status: z.string(),
  phase: z
    .string()
    .nullish()
    .transform((p) => p ?? ''),
  entities: z.record(z.string(), z.object({ total: z.number() })).default({}),
});
export type InitialSyncStatus = z.infer<typeof statusView>;

const RUNNING = ['running', 'waiting_for_reconnect'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function initialSyncStatus(stack: BenchStack, tenantId: string): Promise<InitialSyncStatus> {
  const parsed = statusView.safeParse((await callApi(stack, `/tenants/${tenantId}/qbo/initial-sync`)).body);
  return parsed.success ? parsed.data : { status: 'unknown', phase: '', entities: {} };
}

export async function startInitialSync(stack: BenchStack, tenantId: string): Promise<void> {
  const started = await callApi(stack, `/tenants/${tenantId}/qbo/initial-sync`, { method: 'POST' });
  if (started.status !== 202)
    throw new Error(`initial sync of ${tenantId} refused: ${started.status} ${JSON.stringify(started.body)}`);
}

/**
 * Runs `measure` while `tenantId`'s initial sync runs (started `leadMs` before, so it is past
 * its reference data and into its bulk), then cancels the sync if it is still running.
 * `syncPhaseAtEnd` says where the sync was when `measure` ended.
 */
export async function duringInitialSync<T>(
  stack: BenchStack,
  tenantId: string,
  measure: () => Promise<T>,
  options: { leadMs?: number; onStarted?: (phase: string) => void } = {},
): Promise<{ result: T; syncPhaseAtEnd: string }> {
  await startInitialSync(stack, tenantId);
  await sleep(options.leadMs ?? 5_000);
  options.onStarted?.((await initialSyncStatus(stack, tenantId)).phase);
  const result = await measure();
  const state = await initialSyncStatus(stack, tenantId);
  const syncPhaseAtEnd =
    state.status === 'running' ? `sync still running, at ${state.phase}` : `sync ${state.status} meanwhile`;
  if (state.status === 'running') {
    await callApi(stack, `/tenants/${tenantId}/qbo/initial-sync`, { method: 'DELETE' });
    for (let i = 0; i < 120; i += 1) {
      if (!RUNNING.includes((await initialSyncStatus(stack, tenantId)).status)) break;
      await sleep(500);
    }
  }
  return { result, syncPhaseAtEnd };
}

export type TogetherResult = {
  tenants: number;
  /** Records in scope, summed over the tenants. */
  records: number;
  completed: number;
  /** First start → last close of their initial-sync workflows (Temporal's times). */
  seconds: number;
  /** Each tenant's own start → close, sorted. */
  eachSeconds: number[];
};

/** Starts every tenant's initial sync at once and waits until none is running. */
export async function initialSyncsTogether(
  stack: BenchStack,
  tenantIds: string[],
  timeoutMs: number,
): Promise<TogetherResult> {
  await Promise.all(tenantIds.map((id) => startInitialSync(stack, id)));
  const deadline = Date.now() + timeoutMs;
  let states: InitialSyncStatus[] = [];
  for (;;) {
    await sleep(500);
    states = await Promise.all(tenantIds.map((id) => initialSyncStatus(stack, id)));
    if (!states.some((s) => RUNNING.includes(s.status))) break;
    if (Date.now() > deadline) throw new Error(`initial syncs still running after ${timeoutMs / 1000} s`);
  }
  const spans = await Promise.all(tenantIds.map((id) => initialSyncSpan(stack.temporal, id)));
  const first = Math.min(...spans.map((s) => s.startTime.getTime()));
  const last = Math.max(...spans.map((s) => (s.closeTime ?? new Date()).getTime()));
  const each = spans.map((s) => ((s.closeTime ?? new Date()).getTime() - s.startTime.getTime()) / 1000);
  const records = states.reduce(
    (sum, s) => sum + Object.values(s.entities).reduce((t, e) => t + e.total, 0),
    0,
  );
  return {
    tenants: tenantIds.length,
    records,
    completed: states.filter((s) => s.status === 'completed').length,
    seconds: (last - first) / 1000,
    eachSeconds: each.sort((a, b) => a - b),
  };
}
