// Convergence checks of the sync-resilience.*.test.ts files: the end state every scenario must
// reach, whatever faults it met. The fault-free run's per-entity counts; every record in scope
// linked, or skipped/failed with a reason; exactly one QBO record per linked BPro record.
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { REFUND_ITEM_NAME } from '../../../activities/mapping/refund';
import type { Condition } from '../../../activities/qbo/query';
import { listIdsInScope } from '../../../activities/sync/scope';
import { loadSnapshot } from '../../../activities/sync/snapshot';
import { entityLinks, syncLog } from '../../../db/schema';
import { syncEntities, type InitialSyncResult, type SyncEntity } from '../../../workflows/contracts';
import { database, reference } from './resilience-suite';
import type { SyncHarness } from './sync-harness';

/** QBO entity types our links create, and the link entities that own them. */
const QBO_TYPES: Record<string, SyncEntity[]> = {
  Customer: ['customer'],
  Item: ['product', 'productCategory'],
  Term: ['term'],
  TaxCode: ['tax'],
  Invoice: ['invoice'],
  Payment: ['payment'],
  RefundReceipt: ['refund'],
};
const NAME_LISTS = new Set(['Customer', 'Item', 'Term', 'TaxCode']);

/** Ids of every record of a type in the realm now (the seeded ones before a sync). */
async function qboIds(h: SyncHarness, qboType: string): Promise<Set<string>> {
  const where: Condition[] = NAME_LISTS.has(qboType)
    ? [{ field: 'Active', op: 'IN', value: [true, false] }]
    : [];
  const rows = await h.stack.qbo.clientFor(h.tenantId).queryAll(qboType, where);
  return new Set(rows.map((r) => r.Id));
}

export async function seededIds(h: SyncHarness): Promise<Record<string, Set<string>>> {
  const entries = await Promise.all(
    Object.keys(QBO_TYPES).map(async (t) => [t, await qboIds(h, t)] as const),
  );
  return Object.fromEntries(entries);
}

/**
 * The end state every scenario must reach: the fault-free run's counts; every record in scope
 * linked, or skipped/failed with a reason; and exactly one QBO record per linked BPro record
 * (the records a sync added to the realm are exactly the linked ones not seeded beforehand).
 */
export async function expectConverged(
  h: SyncHarness,
  result: InitialSyncResult,
  seeded: Record<string, Set<string>>,
) {
  await h.setFaults({ errorRate: 0, throttleRate: 0, dropAfterCommitRate: 0 });
  if (process.env.DEBUG_SYNC) {
    const failures = await database.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.tenantId, h.tenantId), eq(syncLog.action, 'failed')));
    console.warn(failures.map((f) => `${f.entity} ${f.bproId}: ${f.message}`).join('\n'));
  }
  expect(result.entities).toEqual(reference);

  const snapshot = await loadSnapshot(database.db, h.tenantId);
  const links = await database.db.select().from(entityLinks).where(eq(entityLinks.tenantId, h.tenantId));
  const log = await database.db.select().from(syncLog).where(eq(syncLog.tenantId, h.tenantId));
  for (const entity of syncEntities) {
    const { ids } = await listIdsInScope(database.db, {
      tenantId: h.tenantId,
      entity,
      snapshot,
      cursor: null,
      limit: 100_000,
    });
    const linked = new Set(links.filter((l) => l.entity === entity).map((l) => l.bproId));
    for (const id of ids) {
      if (linked.has(id)) continue;
      const last = log
        .filter((e) => e.entity === entity && e.bproId === id && e.action !== 'warning')
        .sort((a, b) => Number(b.id - a.id))[0];
      expect(['skipped', 'failed'], `${entity} ${id}`).toContain(last?.action);
      expect(last?.message, `${entity} ${id}`).toBeTruthy();
    }
  }

  const stats = await h.qboStats();
  for (const [qboType, owners] of Object.entries(QBO_TYPES)) {
    const ours = links.filter((l) => owners.includes(l.entity)).map((l) => l.qboId);
    expect(new Set(ours).size, `${qboType}: two BPro records share a QBO record`).toBe(ours.length);
    const seededBefore = seeded[qboType] ?? new Set<string>();
    const now = await qboIds(h, qboType);
    const added = [...now].filter((id) => !seededBefore.has(id));
    const expected = new Set(ours.filter((id) => !seededBefore.has(id)));
    if (qboType === 'Item') {
      // The one refund service item per tenant is the sync's own, not a BPro record's.
      const refundItem = await h.stack.qbo
        .clientFor(h.tenantId)
        .queryAll('Item', [{ field: 'Name', op: '=', value: REFUND_ITEM_NAME }]);
      for (const item of refundItem) expected.add(item.Id);
    }
    expect(added.sort(), `${qboType}: records in QBO that no BPro record is linked to`).toEqual(
      [...expected].sort(),
    );
    expect(stats.entities[qboType] ?? 0, qboType).toBe(now.size);
  }
}
