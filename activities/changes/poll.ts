// One poll of a company's changes in QuickBooks (ChangeDataCapture): what someone else did to the
// records the sync wrote is applied (rules in documents.ts, customers.ts), and the records that
// waited for a new payment method, term, tax code or account are returned to be re-run.
import { findConnection } from '../../db/queries/qbo-connections';
import type { ActivityDeps } from '../deps';
import { lastUpdatedOf } from '../sync/qbo-side';
import type { ChangeContext } from './context';
import { customerChanged } from './customers';
import { documentChanged } from './documents';
import { HEALING_ENTITIES, KEPT_LIST_ENTITIES, keptListsChanged, listEntriesAppeared } from './lists';
import type { PollChangesInput, PollChangesResult } from './types';

const DOCUMENTS = { Invoice: 'invoice', Payment: 'payment', RefundReceipt: 'refund' } as const;
export const WATCHED_ENTITIES = ['Customer', ...Object.keys(DOCUMENTS), ...KEPT_LIST_ENTITIES];

/** QBO keeps changes for 30 days; a poller that was away longer starts from the edge of that window. */
const WINDOW_MS = 30 * 24 * 3600_000 - 3600_000;
/** A poll's window overlaps the previous one a little (clock skew); applying a change twice is harmless. */
const OVERLAP_MS = 2_000;
/** QBO answers at most this many objects; when it does, the next poll starts at the last one seen. */
const CDC_CAP = 1_000;

export async function pollChanges(deps: ActivityDeps, input: PollChangesInput): Promise<PollChangesResult> {
  const connection = await findConnection(deps.db, input.tenantId);
  if (connection?.status !== 'connected')
    return { next: input.since, changes: 0, rerun: [], connected: false };
  const startedAt = Date.now();
  // The first poll only marks where changes start counting: what happened before connecting is not ours.
  if (!input.since)
    return { next: new Date(startedAt).toISOString(), changes: 0, rerun: [], connected: true };
  const since = new Date(Math.max(Date.parse(input.since), startedAt - WINDOW_MS)).toISOString();
  const qbo = deps.qbo.clientFor(input.tenantId);
  const changes = await qbo.changesSince(WATCHED_ENTITIES, since);
  const ctx: ChangeContext = { db: deps.db, tenantId: input.tenantId, workflowId: input.workflowId, qbo };
  // Customers first: a merge relinks the customer before its documents' changes are looked at.
  for (const change of changes.filter((c) => c.entity === 'Customer'))
    await customerChanged(ctx, change.object);
  for (const change of changes) {
    const entity = DOCUMENTS[change.entity as keyof typeof DOCUMENTS];
    if (entity) await documentChanged(ctx, entity, change.object);
  }
  // Before the re-runs: they must see the new lists.
  await keptListsChanged(ctx, changes);
  const rerun = await listEntriesAppeared(
    ctx,
    changes.filter((c) => (HEALING_ENTITIES as readonly string[]).includes(c.entity)),
  );
  const updated = changes
    .map((c) => lastUpdatedOf(c.object))
    .filter((t): t is string => typeof t === 'string')
    .sort();
  const next =
    changes.length >= CDC_CAP && updated.length > 0
      ? (updated[updated.length - 1] as string)
      : new Date(startedAt - OVERLAP_MS).toISOString();
  return { next, changes: changes.length, rerun, connected: true };
}
