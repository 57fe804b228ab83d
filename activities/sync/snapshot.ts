import type { DatabaseOrTransaction } from '../../db/client';
import { findConnection } from '../../db/queries/qbo-connections';
import { findSyncSettings, listPaymentMethodSettings } from '../../db/queries/settings';
import type { SyncSnapshot } from '../../workflows/contracts';
import { documentCurrency, taxModelOf } from '../qbo/company-kind';

/** Kinds a sync may skip looking up (lookups.ts). */
const EMPTY_KINDS = new Set(['Customer', 'Item', 'Invoice']);
/** A sync started longer ago than this and never completed no longer vouches for an empty company. */
const EMPTY_AT_START_MAX_AGE_MS = 24 * 60 * 60 * 1000;

type EmptyKind = NonNullable<SyncSnapshot['emptyAtStart']>[number];

/**
 * The kinds the company had none of when the initial sync now running started: its pages and the
 * hooks arriving meanwhile skip their lookups (QBO's duplicate-name refusal, 6240, stays the net).
 */
export function emptyWhileInitialSyncRuns(
  settings: (SyncStart & { emptyAtStart: string[] | null }) | null | undefined,
  now = Date.now(),
): EmptyKind[] | undefined {
  if (!settings?.emptyAtStart || !initialSyncRunning(settings, now)) return undefined;
  const kinds = settings.emptyAtStart.filter((k): k is EmptyKind => EMPTY_KINDS.has(k));
  return kinds.length > 0 ? kinds : undefined;
}

/**
 * The Skus and names (as keys: lookups.ts `skuKey`, `nameKey`) the company's items had when the
 * initial sync now running started, when known: a product whose Sku, or name, none of them had
 * skips that lookup (product.ts). Only the sync or an accountant working meanwhile could have
 * given an item that Sku or name since: the sync's own items are linked, and a name taken since
 * still answers the create with 6240 (the same trust as `emptyWhileInitialSyncRuns`).
 */
export function itemsWhileInitialSyncRuns(
  settings:
    (SyncStart & { skusAtStart: string[] | null; itemNamesAtStart: string[] | null }) | null | undefined,
  now = Date.now(),
): { skus: ReadonlySet<string>; names: ReadonlySet<string> } | undefined {
  if (!settings?.skusAtStart || !settings.itemNamesAtStart || !initialSyncRunning(settings, now))
    return undefined;
  return { skus: new Set(settings.skusAtStart), names: new Set(settings.itemNamesAtStart) };
}

type SyncStart = { initialSyncStartedAt: Date | null; initialSyncCompletedAt: Date | null };

/** An initial sync started, not completed, and recently enough to vouch for the company's state then. */
function initialSyncRunning(settings: SyncStart, now: number): boolean {
  if (!settings.initialSyncStartedAt || settings.initialSyncCompletedAt) return false;
  return now - settings.initialSyncStartedAt.getTime() <= EMPTY_AT_START_MAX_AGE_MS;
}

export async function loadSnapshot(db: DatabaseOrTransaction, tenantId: string): Promise<SyncSnapshot> {
  const [settings, methods, connection] = await Promise.all([
    findSyncSettings(db, tenantId),
    listPaymentMethodSettings(db, tenantId),
    findConnection(db, tenantId),
  ]);
  const emptyAtStart = emptyWhileInitialSyncRuns(settings);
  const taxModel = taxModelOf({ country: connection?.country ?? null });
  return {
    ...(emptyAtStart ? { emptyAtStart } : {}),
    ...(taxModel ? { taxModel } : {}),
    startDate: settings?.startDate ?? null,
    refundAccountId: settings?.refundAccountId ?? null,
    enabledPaymentMethodIds: methods.filter((m) => m.enabled).map((m) => m.bproId),
    homeCurrency: documentCurrency({
      homeCurrency: connection?.homeCurrency ?? null,
      multicurrency: connection?.multicurrency ?? false,
    }),
  };
}
