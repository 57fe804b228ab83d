// What the page's log section shows: a page of entries, the buttons each row offers and how many
// records' newest entry is a failure.
import { countRecordsWhoseLatest, latestEntryLinkStates } from '../../db/queries/latest-log';
import type { LinkState } from '../../db/queries/entity-links';
import type { ApiDeps } from '../deps';
import { HttpError } from '../middleware/errors';
import { RECREATABLE_STATES, UNLINKABLE_STATES } from '../record-attention';
import { readLogPage, type LogQuery } from '../tenant-actions';
import type { LogView } from './sections/log';
import type { RowAction } from './sections/log-actions';

/** Re-create and Unlink as the record's link allows them (none without a link). */
const actionsFor = (state: LinkState | null | undefined): RowAction[] => [
  ...(RECREATABLE_STATES.some((s) => s === state) ? (['recreate'] as const) : []),
  ...(UNLINKABLE_STATES.some((s) => s === state) ? (['unlink'] as const) : []),
];

/** Entries that can be a record's newest one with a link needing a decision (or unlinked). */
const mayOfferActions = (action: string) => action === 'needs_attention' || action === 'skipped';

export async function loadLogView(
  deps: ApiDeps,
  tenantId: string,
  query: LogQuery,
  countFailed: boolean,
): Promise<LogView> {
  const [page, failedCount] = await Promise.all([
    readLogPage(deps, tenantId, query).catch((error: unknown) => {
      // A cursor this page did not make: the newest entries instead of an error.
      if (error instanceof HttpError) return { entries: [], nextCursor: null };
      throw error;
    }),
    countFailed
      ? countRecordsWhoseLatest(deps.db, { tenantId, action: 'failed', entity: query.entity })
      : Promise.resolve(0),
  ]);
  const candidates = page.entries.filter((e) => mayOfferActions(e.action)).map((e) => BigInt(e.id));
  const states = await latestEntryLinkStates(deps.db, tenantId, candidates);
  return {
    entries: page.entries.map((e) => ({ ...e, actions: actionsFor(states.get(e.id)) })),
    nextCursor: page.nextCursor,
    failedCount,
  };
}
