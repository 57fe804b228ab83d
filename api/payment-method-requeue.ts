// Ticking a payment method brings its payments back: the ones it kept out of QuickBooks (posted,
// on or after the start date, not linked, last logged `skipped`) are queued as a Re-run would.
import { listSkippedPaymentsOfMethods } from '../db/queries/latest-log';
import { findConnection } from '../db/queries/qbo-connections';
import { findSyncSettings } from '../db/queries/settings';
import { rerunRecords, type RerunDeps } from './record-reruns';

/** The ids of the methods that go from unchecked to checked (a method never saved counts as checked). */
export function newlyTicked(
  before: ReadonlyArray<{ bproId: string; enabled: boolean }>,
  requested: ReadonlyArray<{ bproId: string; enabled: boolean }> | undefined,
): string[] {
  const was = new Map(before.map((m) => [m.bproId, m.enabled]));
  return (requested ?? []).filter((m) => m.enabled && was.get(m.bproId) === false).map((m) => m.bproId);
}

/**
 * Queues the skipped payments of these methods; returns how many. Nothing while the tenant is
 * disconnected or before its initial sync (which will send them), as hooks are then ignored too.
 * The settings are saved by then: a Temporal failure is logged, not thrown (0 queued).
 */
export async function queuePaymentsOfTickedMethods(
  deps: RerunDeps,
  tenantId: string,
  methodIds: string[],
): Promise<number> {
  if (methodIds.length === 0) return 0;
  const [connection, settings] = await Promise.all([
    findConnection(deps.db, tenantId),
    findSyncSettings(deps.db, tenantId),
  ]);
  if (!connection || connection.status === 'disconnected' || !settings?.initialSyncStartedAt) return 0;
  const ids = await listSkippedPaymentsOfMethods(deps.db, tenantId, methodIds, settings.startDate);
  try {
    const payments = ids.map((id) => ({ entity: 'payment' as const, id }));
    const { queued } = await rerunRecords(deps, tenantId, payments);
    if (queued > 0) deps.log.info('payments of ticked methods queued', { tenantId, methodIds, queued });
    return queued;
  } catch (error) {
    deps.log.error('could not queue the payments of ticked methods', { tenantId, error: String(error) });
    return 0;
  }
}
