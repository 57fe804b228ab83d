// `npm run chaos` in small (issue 7): the QBO-API verification it ends with, shown to catch a
// duplicate, a missing record and a wrong amount; then a short chaos run (worker SIGKILLs,
// injected 5xx/429/commit-then-drop, token expiry, one Temporal restart, dropped database
// connections, live hooks) that must end with every in-scope record in QuickBooks exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { entityLinks } from '../../db/schema';
import { workflowIds, type InitialSyncResult } from '../../workflows/contracts';
import { runChaos } from '../../scripts/lib/chaos/run';
import { snapshotQboIds, verifyTenant } from '../../scripts/lib/chaos/verify';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../support/database';
import { startSyncHarness, type SyncHarness } from './support/sync-harness';
import { connectTestTemporal } from './support/temporal';

let database: TestDatabase;
let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;

beforeAll(async () => {
  [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
});
afterAll(async () => {
  await temporal?.close();
  await database?.close();
});

describe('the chaos verification', () => {
  let h: SyncHarness;
  let preexisting: Awaited<ReturnType<typeof snapshotQboIds>>;
  const verify = () =>
    verifyTenant({
      db: database.db,
      tenantId: h.tenantId,
      client: h.stack.qbo.clientFor(h.tenantId),
      preexisting,
    });

  beforeAll(async () => {
    h = await startSyncHarness(database, temporal, { size: 'tiny', seed: 5 });
    preexisting = await snapshotQboIds(h.stack.qbo.clientFor(h.tenantId));
    const res = await h.stack.api(`/api/v1/tenants/${h.tenantId}/qbo/initial-sync`, { method: 'POST' });
    expect(res.status).toBe(202);
    await temporal.client.workflow
      .getHandle<(i: { tenantId: string }) => Promise<InitialSyncResult>>(workflowIds.initialSync(h.tenantId))
      .result();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('passes a fault-free sync and catches a duplicate, a missing record and a wrong amount', async () => {
    const clean = await verify();
    expect(clean.problems).toEqual([]);
    expect(clean.ok).toBe(true);
    const count = (entity: string) => clean.entities.find((e) => e.entity === entity);
    for (const entity of ['customer', 'product', 'invoice', 'payment', 'refund'])
      expect(count(entity)?.verified, entity).toBeGreaterThan(0);

    const client = h.stack.qbo.clientFor(h.tenantId);
    const links = await database.db.select().from(entityLinks).where(eq(entityLinks.tenantId, h.tenantId));
    const [paid, other] = links.filter((l) => l.entity === 'payment');
    const refund = links.find((l) => l.entity === 'refund');
    if (!paid || !other || !refund) throw new Error('the tiny tenant synced too few payments or refunds');

    // A second copy of a payment, as a retry after a lost answer would leave without request ids.
    const original = await client.read('Payment', paid.qboId);
    const copy = await client.create(
      'Payment',
      {
        CustomerRef: original.CustomerRef,
        TotalAmt: original.TotalAmt,
        TxnDate: original.TxnDate,
        PrivateNote: original.PrivateNote,
      },
      `chaos-test-duplicate-${paid.qboId}`,
    );
    // A refund whose link was lost, and a payment amount off by a cent.
    await database.db
      .delete(entityLinks)
      .where(
        and(
          eq(entityLinks.tenantId, h.tenantId),
          eq(entityLinks.entity, 'refund'),
          eq(entityLinks.bproId, refund.bproId),
        ),
      );
    const skewed = await client.read('Payment', other.qboId);
    await client.update(
      'Payment',
      { Id: skewed.Id, SyncToken: skewed.SyncToken ?? '0', TotalAmt: Number(skewed.TotalAmt) + 0.01 },
      `chaos-test-skew-${other.qboId}`,
    );

    const broken = await verify();
    expect(broken.ok).toBe(false);
    const found = (pattern: RegExp) => broken.problems.filter((p) => pattern.test(p));
    expect(found(new RegExp(`^extra: Payment ${copy.Id} `))).toHaveLength(1);
    expect(found(/^duplicate: "BPro payment /)).toHaveLength(1);
    expect(found(new RegExp(`^missing: refund ${refund.bproId} `))).toHaveLength(1);
    expect(found(new RegExp(`^extra: RefundReceipt ${refund.qboId} `))).toHaveLength(1);
    expect(found(new RegExp(`^payment ${other.bproId} .*: amount `))).toHaveLength(1);
    expect(broken.problems).toHaveLength(5);
  }, 60_000);
});

// The run's workers are separate processes sharing the database, and it drops their
// connections: that needs a PostgreSQL server (embedded PGlite is one session in one process).
const onServer = inject('databaseUrl') !== '';

describe.runIf(onServer)('a short chaos run', () => {
  const runDir = mkdtempSync(join(tmpdir(), 'qbo-sync-chaos-'));
  afterAll(() => rmSync(runDir, { recursive: true, force: true }));

  it('ends with every in-scope record in QuickBooks exactly once', async () => {
    const timeline: string[] = [];
    const report = await runChaos({
      durationMs: 20_000,
      seed: 7,
      size: 'tiny',
      timeScale: 20,
      workers: 2,
      hookIntervalMs: 400,
      killEveryMs: 6_000,
      faultWindowMs: 3_000,
      restartDelayMs: 1_000,
      settleTimeoutMs: 45_000,
      runDir,
      databaseUrl: inject('databaseUrl'),
      tenantId: uniqueTenantId('chaos'),
      log: (line) => timeline.push(line),
    });
    const context = [...timeline, ...report.problems, ...(report.verification?.problems ?? [])].join('\n');
    // Every kind of fault really happened.
    expect(report.faults['kill-worker'], context).toBeGreaterThan(0);
    expect(report.faults['restart-temporal'], context).toBe(1);
    expect(report.faults['drop-db-connections'], context).toBeGreaterThan(0);
    expect(report.faults['expire-tokens'], context).toBeGreaterThan(0);
    expect(report.qbo.faultsInjected + report.qbo.throttled, context).toBeGreaterThan(0);
    expect(report.hooks.accepted, context).toBeGreaterThan(10);
    // And nothing was lost or duplicated.
    expect(report.initialSync?.status, context).toBe('completed');
    expect(report.problems, context).toEqual([]);
    expect(report.verification?.problems, context).toEqual([]);
    expect(
      report.verification?.entities.reduce((s, e) => s + e.verified, 0),
      context,
    ).toBeGreaterThan(50);
    expect(report.ok).toBe(true);
  }, 90_000);
});
