// Self-healing: a payment method, term, tax code or account that appears (or is renamed) in
// QuickBooks re-runs the records that failed for lack of exactly that (their `awaiting` hint).
// Any change to a company list the workers keep (sync/company-lists.ts) drops their copies first.
import { bumpListsVersion } from '../../db/queries/company-lists';
import { listRecordsWhoseLatest } from '../../db/queries/latest-log';
import type { QboEntity } from '../qbo/schemas';
import { companyLists } from '../sync/company-lists';
import { ANY_NEW_ACCOUNT, awaitingKey } from '../sync/outcome';
import type { ChangeContext } from './context';
import type { RecordKey } from './types';

/** List entities ChangeDataCapture reports (Intuit excludes TaxCode, TaxRate and TaxAgency from CDC). */
export const HEALING_ENTITIES = ['PaymentMethod', 'Term', 'Account'] as const;
/**
 * The company lists workers keep that ChangeDataCapture reports (Intuit: every entity but
 * JournalCode, TimeActivity, TaxAgency, TaxCode and TaxRate; those are bounded by the expiry).
 */
export const KEPT_LIST_ENTITIES: readonly string[] = [...HEALING_ENTITIES, 'Preferences'];

/** Drops every worker's copy of the company's lists when a change touched one of them. */
export async function keptListsChanged(
  ctx: ChangeContext,
  changes: ReadonlyArray<{ entity: string }>,
): Promise<void> {
  if (!changes.some((c) => KEPT_LIST_ENTITIES.includes(c.entity))) return;
  const version = await bumpListsVersion(ctx.db, ctx.tenantId);
  // This worker at once; the others at their next run's company-gate read.
  if (version) companyLists.observe(ctx.tenantId, version);
}

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
