// After the faults: waits for the tenant's initial sync to end and every one of its workflows to
// close, as seen through the API and Temporal's visibility store.
import type { InitialSyncStatus } from './outcome';
import type { ChaosStack } from './stack';

export async function settle(
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
    await new Promise((r) => setTimeout(r, 1000));
  }
  return status;
}

async function countRunning(stack: ChaosStack, tenantId: string): Promise<number> {
  let n = 0;
  const query = `BproTenantId = ${JSON.stringify(tenantId)} AND ExecutionStatus = "Running"`;
  for await (const _ of stack.temporal.workflow.list({ query })) n += 1;
  return n;
}
