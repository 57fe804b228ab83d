// What the JSON routes and the management page both do for a tenant: start and read the initial
// sync, disconnect, read a page of the log (re-runs are in record-reruns.ts). The callers check
// access and the tenant's preconditions; these functions do the work and shape the answer.
import { OAuthGrantError } from '../activities/qbo/oauth';
import { findConnection, setConnectionStatus } from '../db/queries/qbo-connections';
import { findSyncSettings, markInitialSyncStarted } from '../db/queries/settings';
import { listLogPage, type LogPosition } from '../db/queries/sync-log';
import type { Tenant } from '../db/queries/tenants';
import type { SyncEntity } from '../workflows/contracts';
import type { ApiDeps } from './deps';
import { HttpError } from './middleware/errors';
import type { InitialSyncStatusView } from './schemas';
import { ensureChangePoller } from './change-poller';
import { readInitialSync, startInitialSync, temporalUrl } from './sync-workflows';

/** Starts the tenant's initial sync and stamps its start; 409 while one runs. */
export async function beginInitialSync(
  { db, temporal, config, log }: ApiDeps,
  tenant: Tenant,
): Promise<{ workflowId: string; temporalUrl: string }> {
  const workflowId = await startInitialSync(temporal, config.temporal, tenant);
  await ensureChangePoller(temporal, config.temporal, tenant.id, config.qbo.changePollSeconds);
  await markInitialSyncStarted(db, tenant.id);
  log.info('initial sync started', { tenantId: tenant.id, workflowId });
  return { workflowId, temporalUrl: temporalUrl(config.temporal, workflowId) };
}

/** The initial sync's status, progress per entity and times (design.md §6). */
export async function initialSyncStatus(
  { db, temporal, config }: ApiDeps,
  tenantId: string,
): Promise<InitialSyncStatusView> {
  const [view, settings] = await Promise.all([
    readInitialSync(temporal, tenantId),
    findSyncSettings(db, tenantId),
  ]);
  const { description, ...rest } = view;
  // Closed executions leave Temporal after the namespace's retention; the database remembers a completion.
  if (view.status === 'not_started' && settings?.initialSyncCompletedAt) {
    rest.status = 'completed';
    rest.phase = 'done';
  }
  const startedAt = settings?.initialSyncStartedAt ?? description?.startTime ?? null;
  const completedAt =
    rest.status === 'completed' ? (settings?.initialSyncCompletedAt ?? description?.closeTime ?? null) : null;
  return {
    ...rest,
    startedAt: startedAt?.toISOString() ?? null,
    completedAt: completedAt?.toISOString() ?? null,
    temporalUrl: view.workflowId ? temporalUrl(config.temporal, view.workflowId) : null,
  };
}

/** Revokes the tokens at Intuit (a refusal there is fine) and marks the connection disconnected. */
export async function disconnect({ db, qbo, log }: ApiDeps, tenantId: string) {
  const row = await findConnection(db, tenantId);
  if (!row || row.status === 'disconnected')
    throw new HttpError(404, 'not_connected', 'This account has no QuickBooks connection.');
  if (row.refreshTokenEnc) {
    try {
      await qbo.oauth.revoke(qbo.crypto.decrypt(row.refreshTokenEnc, tenantId));
    } catch (error) {
      // Already revoked or expired at Intuit: disconnecting locally is still right.
      if (!(error instanceof OAuthGrantError)) throw error;
      log.warn('revoke refused by Intuit; disconnecting anyway', { tenantId, error: error.message });
    }
  }
  await setConnectionStatus(db, tenantId, 'disconnected', null);
  log.info('QuickBooks company disconnected', { tenantId, realmId: row.realmId });
  return { status: 'disconnected' as const, realmId: row.realmId, companyName: row.companyName };
}

/** The cursor is opaque to clients: base64url of "<at with microseconds>|<id>". */
export const encodeLogCursor = (p: LogPosition) => Buffer.from(`${p.at}|${p.id}`).toString('base64url');

export function decodeLogCursor(cursor: string): LogPosition {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|(\d{1,19})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match?.[1] || !match[2] || Number.isNaN(Date.parse(match[1])))
    throw new HttpError(400, 'invalid_cursor', 'The cursor is not one this API returned');
  return { at: match[1], id: match[2] };
}

export type LogQuery = {
  status?: Parameters<typeof listLogPage>[1]['action'];
  entity?: SyncEntity | undefined;
  limit: number;
  cursor?: string | undefined;
};

/** One page of the transaction log, newest first, and the cursor of the next one. */
export async function readLogPage({ db, config }: ApiDeps, tenantId: string, query: LogQuery) {
  const after = query.cursor === undefined ? undefined : decodeLogCursor(query.cursor);
  const rows = await listLogPage(db, {
    tenantId,
    action: query.status,
    entity: query.entity,
    limit: query.limit + 1,
    after,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    entries: page.map((r) => ({
      id: r.id.toString(),
      entity: r.entity,
      bproId: r.bproId,
      action: r.action,
      message: r.message,
      qboId: r.qboId,
      workflowId: r.workflowId,
      temporalUrl: r.workflowId ? temporalUrl(config.temporal, r.workflowId) : null,
      at: r.at.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? encodeLogCursor(last.position) : null,
  };
}
