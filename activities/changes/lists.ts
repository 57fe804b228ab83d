// Self-healing: a payment method, term, tax code or account that appears (or is renamed) in
// QuickBooks re-runs the records that failed for lack of exactly that (their `awaiting` hint).
import { failedAwaiting } from '../../db/queries/change-targets';
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
  return failedAwaiting(ctx.db, ctx.tenantId, [...new Set(keys)]);
}
