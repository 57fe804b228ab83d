// Self-healing: a payment method, term, tax code or account that appears (or is renamed) in
// QuickBooks re-runs the records that failed for lack of exactly that (their `awaiting` hint).
import { listRecordsWhoseLatest } from '../../db/queries/latest-log';
import type { QboEntity } from '../qbo/schemas';
import { awaitingKey } from '../sync/outcome';
import type { ChangeContext } from './context';
import type { RecordKey } from './types';

/** List entities ChangeDataCapture reports (Intuit excludes TaxCode, TaxRate and TaxAgency from CDC). */
export const HEALING_ENTITIES = ['PaymentMethod', 'Term', 'Account'] as const;

export async function listEntriesAppeared(
  ctx: ChangeContext,
  changes: ReadonlyArray<{ entity: string; object: QboEntity }>,
): Promise<RecordKey[]> {
  const keys = changes
    .filter(
      (c) => c.object.status !== 'Deleted' && c.object.Active !== false && typeof c.object.Name === 'string',
    )
    .map((c) => awaitingKey(c.entity, c.object.Name as string));
  if (keys.length === 0) return [];
  return listRecordsWhoseLatest(ctx.db, {
    tenantId: ctx.tenantId,
    action: 'failed',
    awaiting: [...new Set(keys)],
  });
}
