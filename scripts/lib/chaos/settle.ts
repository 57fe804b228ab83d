// After the faults: waits for the tenant's initial sync to end and every one of its workflows to
// close, as seen through the API and Temporal's visibility store (the change poller excepted: it
// runs as long as the company is connected), and for the poller to have seen what the accountant
// did in QuickBooks.
import { and, eq, inArray } from 'drizzle-orm';
import { entityLinks, syncLog } from '../../../db/schema';
import { workflowIds } from '../../../workflows/contracts';
import type { AccountantEntry } from './accountant';
import type { InitialSyncStatus } from './outcome';
import type { ChaosStack } from './stack';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function settle(
  stack: ChaosStack,
  tenantId: string,
  deadline: number,
  abortIfAsked: () => void,
): Promise<InitialSyncStatus | null> {
  let status: InitialSyncStatus | null = null;
  let quietRounds = 0;
  // One look at least, even past the deadline: the report then says where the sync was.
  for (let looks = 0; looks === 0 || Date.now() < deadline; looks += 1) {
    abortIfAsked();
    try {
      const res = await stack.api.fetch(`/api/v1/tenants/${tenantId}/qbo/initial-sync`);
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
  const poller = workflowIds.changePoller(tenantId);
  const query = `BproTenantId = ${JSON.stringify(tenantId)} AND ExecutionStatus = "Running" AND WorkflowId != ${JSON.stringify(poller)}`;
  for await (const _ of stack.temporal.workflow.list({ query })) n += 1;
  return n;
}

/** Whether the tenant's change poller is running (the API started it with the initial sync). */
export async function changePollerState(
  stack: ChaosStack,
  tenantId: string,
): Promise<'running' | 'not running'> {
  try {
    const description = await stack.temporal.workflow
      .getHandle(workflowIds.changePoller(tenantId))
      .describe();
    return description.status.name === 'RUNNING' ? 'running' : 'not running';
  } catch {
    return 'not running';
  }
}

/**
 * The accountant's actions the poller has not shown yet: a deleted or voided document whose link
 * is still active, an edited one without an "Edited in QuickBooks" warning (unless BPro changed it
 * since: then the sync names the edit).
 */
async function unseen(
  stack: ChaosStack,
  tenantId: string,
  entries: readonly AccountantEntry[],
): Promise<AccountantEntry[]> {
  const mine = entries.filter((e) => e.by === 'accountant');
  if (mine.length === 0) return [];
  const ids = mine.map((e) => e.bproId);
  const [links, warnings] = await Promise.all([
    stack.db
      .select()
      .from(entityLinks)
      .where(and(eq(entityLinks.tenantId, tenantId), inArray(entityLinks.bproId, ids))),
    stack.db
      .select()
      .from(syncLog)
      .where(
        and(eq(syncLog.tenantId, tenantId), eq(syncLog.action, 'warning'), inArray(syncLog.bproId, ids)),
      ),
  ]);
  const same = (e: AccountantEntry) => (r: { entity: string; bproId: string }) =>
    r.entity === e.entity && r.bproId === e.bproId;
  return mine.filter((e) => {
    if (e.act !== 'edit') return links.find(same(e))?.state === 'active';
    const changed = entries.some((b) => b.by === 'bpro' && same(e)(b));
    return (
      !changed && !warnings.some((w) => same(e)(w) && (w.message ?? '').startsWith('Edited in QuickBooks'))
    );
  });
}

/**
 * Waits at least two poll intervals after the accountant's last action, and until the poller has
 * shown every action (or a minute more, or the deadline); returns those it has not shown.
 */
export async function waitForChangePoller(
  stack: ChaosStack,
  tenantId: string,
  entries: readonly AccountantEntry[],
  deadline: number,
  abortIfAsked: () => void,
): Promise<AccountantEntry[]> {
  const last = Math.max(0, ...entries.map((e) => e.at.getTime()));
  const earliest = last + 2 * stack.changePollSeconds * 1000 + 1000;
  const latest = Math.min(deadline, Math.max(earliest, Date.now()) + 60_000);
  for (;;) {
    abortIfAsked();
    const left = await unseen(stack, tenantId, entries).catch(() => null);
    if (Date.now() >= earliest && left?.length === 0) return [];
    if (Date.now() >= latest) return left ?? [];
    await sleep(1000);
  }
}
