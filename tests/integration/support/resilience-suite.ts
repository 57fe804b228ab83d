// The shared part of the sync-resilience.*.test.ts files: the dataset every scenario syncs, the
// run's database and Temporal connections, and the per-entity counts of a fault-free initial
// sync of that dataset (the reference every scenario must end at). Call useResilienceSuite() at
// the top level of the file; `database`, `temporal` and `reference` are live bindings, set once
// its beforeAll has run (each test file runs in its own module graph).
import { afterAll, beforeAll, expect, inject } from 'vitest';
import {
  workflowIds,
  type EntityCounts,
  type InitialSyncResult,
  type SyncEntity,
} from '../../../workflows/contracts';
import { openTestDatabase, type TestDatabase } from '../../support/database';
import { startSyncHarness, type SyncHarness } from './sync-harness';
import { connectTestTemporal } from './temporal';

type Temporal = Awaited<ReturnType<typeof connectTestTemporal>>;
export type Options = NonNullable<Parameters<typeof startSyncHarness>[2]>;

export const DATASET: Options = { size: 'tiny', seed: 11, disabledMethods: ['Account'] };

export let database: TestDatabase;
export let temporal: Temporal;
/** Per-entity counts of a fault-free initial sync of the same dataset. */
export let reference: Partial<Record<SyncEntity, EntityCounts>>;

/** Starts the initial sync through the API (as BPro does); returns the workflow handle. */
export async function startInitialSync(h: SyncHarness) {
  const res = await h.stack.api(`/api/v1/tenants/${h.tenantId}/qbo/initial-sync`, { method: 'POST' });
  expect(res.status, await res.clone().text()).toBe(202);
  return temporal.client.workflow.getHandle<(i: { tenantId: string }) => Promise<InitialSyncResult>>(
    workflowIds.initialSync(h.tenantId),
  );
}

/** The reference run: a fault-free initial sync of DATASET, on its own harness, before the scenarios. */
export function useResilienceSuite() {
  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    const h = await startSyncHarness(database, temporal, DATASET);
    try {
      const result = await (await startInitialSync(h)).result();
      reference = result.entities;
      expect(reference.customer?.synced).toBeGreaterThan(0);
      expect(reference.invoice?.synced).toBeGreaterThan(0);
      expect(reference.payment?.synced).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  }, 120_000);

  afterAll(async () => {
    await temporal?.close();
    await database?.close();
  });
}

// Embedded PGlite (no PostgreSQL server reachable) is one session inside the test process: a
// second worker *process* cannot reach it, and with every retry left to Temporal the single
// connection makes the lost-answer run too slow for its budget. Both run against a server.
export const onServer = inject('databaseUrl') !== '';
