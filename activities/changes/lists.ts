// Self-healing: a payment method, term, tax code or account that appears (or is renamed) in
// QuickBooks re-runs the records that failed for lack of exactly that (their `awaiting` hint).
import { listRecordsWhoseLatest } from '../../db/queries/latest-log';
import type { QboEntity } from '../qbo/schemas';
import { ANY_NEW_ACCOUNT, awaitingKey } from '../sync/outcome';
import type { ChangeContext } from './context';
import type { RecordKey } from './types';

/** List entities ChangeDataCapture reports (Intuit excludes TaxCode, TaxRate and TaxAgency from CDC). */
export const HEALING_ENTITIES = ['PaymentMethod', 'Term', 'Account'] as const;

/** The `awaiting` keys these list changes satisfy: each live entry's name, and any new account. */
export function awaitingKeysOf(changes: ReadonlyArray<{ entity: string; object: QboEntity }>): string[] {
  const live = changes.filter(
    (c) => c.object.status !== 'Deleted' && c.object.Active !== false && typeof c.object.Name === 'string',
  );
  const keys = live.map((c) => awaitingKey(c.entity, c.object.Name as string));
  // A record that failed for want of an account of some kind (an income account, …) tries again with any new one.
  if (live.some((c) => c.entity === 'Account')) keys.push(ANY_NEW_ACCOUNT);
  return [...new Set(keys)];
}

export async function listEntriesAppeared(
  ctx: ChangeContext,
  changes: ReadonlyArray<{ entity: string; object: QboEntity }>,
): Promise<RecordKey[]> {
  const keys = awaitingKeysOf(changes);
  if (keys.length === 0) return [];
  return listRecordsWhoseLatest(ctx.db, {
    tenantId: ctx.tenantId,
    action: 'failed',
    awaiting: keys,
  });
}
