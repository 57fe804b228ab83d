// The demo's initial sync: started through the API, followed with a progress bar until it ends,
// then its counts per entity.
import type { ApiClient } from '../stack/api-client';

export type InitialSyncStatus = {
  status: string;
  phase: string;
  entities: Record<string, { total: number; synced: number; skipped: number; failed: number }>;
};

function bar(done: number, total: number, width = 28): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

/** Runs the tenant's initial sync to its end; returns how it ended. */
export async function runInitialSync(
  api: ApiClient,
  tenantId: string,
  step: (text: string) => void,
): Promise<InitialSyncStatus> {
  const path = `/api/v1/tenants/${tenantId}/qbo/initial-sync`;
  const started = await api.call<{ workflowId: string }>(path, { method: 'POST' });
  if (started.status !== 202)
    throw new Error(`initial sync refused: ${started.status} ${JSON.stringify(started.body)}`);
  step(`Initial sync running (workflow ${started.body.workflowId}) ...`);
  let status: InitialSyncStatus;
  for (;;) {
    status = (await api.call<InitialSyncStatus>(path)).body;
    const counts = Object.values(status.entities ?? {});
    const total = counts.reduce((s, c) => s + c.total, 0);
    const done = counts.reduce((s, c) => s + c.synced + c.skipped + c.failed, 0);
    process.stdout.write(`\r  ${bar(done, total)}  ${status.status}: ${status.phase}`.padEnd(100));
    if (!['running', 'waiting_for_reconnect'].includes(status.status)) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  process.stdout.write('\n');
  step(`Initial sync ${status.status}:`);
  for (const [entity, c] of Object.entries(status.entities ?? {})) {
    console.log(
      `    ${entity.padEnd(16)} ${String(c.total).padStart(5)} in scope  ${String(c.synced).padStart(5)} synced  ${String(c.skipped).padStart(4)} skipped  ${String(c.failed).padStart(4)} failed`,
    );
  }
  return status;
}
