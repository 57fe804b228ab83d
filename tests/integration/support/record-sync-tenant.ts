// The tenant a sync-records.*.test.ts file shares among its tests: a `tiny` generated BPro
// tenant whose initial sync ran to the end through the API (hooks are accepted only once it has
// started), a real worker, and the API + QBO emulator over HTTP. Call useRecordSyncTenant() in
// the file's describe; `database`, `temporal` and `h` are live bindings, set once its beforeAll
// has run (each test file runs in its own module graph, so each gets its own tenant).
import { afterAll, beforeAll, expect } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../support/database';
import { startSyncHarness, type SyncHarness } from './sync-harness';
import { connectTestTemporal } from './temporal';

/** The sync start date of this tenant: the tiny dataset has records on both sides of it. */
export const START_DATE = '2026-01-01';

export let database: TestDatabase;
export let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
export let h: SyncHarness;

/** `env`: added to the stack's environment (e.g. a short QBO_CHANGE_POLL_SECONDS). */
export function useRecordSyncTenant(options: { env?: NodeJS.ProcessEnv } = {}) {
  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    h = await startSyncHarness(database, temporal, {
      size: 'tiny',
      startDate: START_DATE,
      disabledMethods: ['Account'],
      ...(options.env ? { env: options.env } : {}),
    });
    // Hooks are accepted once the initial sync has started: run it, through the API, to the end.
    const started = await h.stack.api(`/api/v1/tenants/${h.tenantId}/qbo/initial-sync`, { method: 'POST' });
    expect(started.status).toBe(202);
    const { workflowId } = (await started.json()) as { workflowId: string };
    await temporal.client.workflow.getHandle(workflowId).result();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await temporal?.close();
    await database?.close();
  });
}

/** A QBO client of the tenant's company. */
export const qbo = () => h.stack.qbo.clientFor(h.tenantId);
