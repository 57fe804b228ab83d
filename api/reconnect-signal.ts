// After a successful reconnect, every workflow of the tenant paused on an auth failure gets the
// `reconnected` signal and resumes (design.md §4, Errors).
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Logger } from '../config/logger';
import { reconnectedSignal } from '../workflows/messages';

/** Visibility query for the tenant's running workflows that wait for a reconnect. */
export function waitingForReconnectQuery(tenantId: string): string {
  const quoted = JSON.stringify(tenantId); // a double-quoted, escaped string literal
  return `BproTenantId = ${quoted} AND QboSyncState = "waiting_for_reconnect" AND ExecutionStatus = "Running"`;
}

/** Bounds the whole pass, so an unreachable Temporal cannot hold up the OAuth callback page. */
const SIGNAL_DEADLINE_MS = 15_000;

/**
 * Signals each waiting workflow once; ones that finished meanwhile are skipped. Returns how many
 * were signalled. Visibility is eventually consistent: a workflow that began waiting a moment
 * before the reconnect may not be listed yet, so waiting workflows should also re-check the
 * connection now and then rather than rely on this signal alone.
 */
export async function signalReconnected(client: Client, tenantId: string, log: Logger): Promise<number> {
  const signalled = await client.withDeadline(Date.now() + SIGNAL_DEADLINE_MS, async () => {
    let count = 0;
    for await (const execution of client.workflow.list({ query: waitingForReconnectQuery(tenantId) })) {
      try {
        await client.workflow.getHandle(execution.workflowId, execution.runId).signal(reconnectedSignal);
        count += 1;
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        log.debug('workflow finished before the reconnect signal', { workflowId: execution.workflowId });
      }
    }
    return count;
  });
  if (signalled > 0) log.info('reconnect signalled to waiting workflows', { tenantId, signalled });
  return signalled;
}
