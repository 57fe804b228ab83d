import { Router, type Request } from 'express';
import { z } from 'zod';
import { findLink } from '../../db/queries/entity-links';
import { latestLogFor, type SyncLogAction } from '../../db/queries/sync-log';
import { syncEntities, workflowIds, type SyncEntity } from '../../workflows/contracts';
import type { ApiDeps } from '../deps';
import { HttpError } from '../middleware/errors';
import { describeLatest, temporalUrl } from '../sync-workflows';
import { rerunRecord } from '../record-reruns';
import { requireConnected, requireEnabledTenant, requireTenant } from '../tenant-guards';
import { bproIdSchema, tenantIdSchema } from '../validation';

export type RecordStatus =
  'synced' | 'skipped' | 'failed' | 'needs_attention' | 'warning' | 'pending' | 'never';

const statusOfAction: Record<SyncLogAction, RecordStatus> = {
  created: 'synced',
  updated: 'synced',
  linked: 'synced',
  voided: 'synced',
  skipped: 'skipped',
  failed: 'failed',
  warning: 'warning',
  needs_attention: 'needs_attention',
};

const recordParams = z.object({ tenantId: tenantIdSchema, entity: z.string(), id: bproIdSchema });

function recordOf(req: Request): { tenantId: string; entity: SyncEntity; id: string } {
  const params = recordParams.parse(req.params);
  const entity = syncEntities.find((e) => e === params.entity);
  if (!entity)
    throw new HttpError(400, 'unknown_entity', `Unknown entity "${params.entity}"`, {
      allowed: syncEntities,
    });
  return { ...params, entity };
}

/** `GET /tenants/:tenantId/qbo/records/:entity/:id` and `POST .../retry` (design.md §6). */
export function recordsRouter(deps: ApiDeps): Router {
  const { db, temporal, config } = deps;
  const router = Router();
  const path = '/tenants/:tenantId/qbo/records/:entity/:id';

  router.get(path, async (req, res) => {
    const { tenantId, entity, id } = recordOf(req);
    await requireTenant(db, tenantId);
    const recordWorkflowId = workflowIds.recordSync(tenantId, entity, id);
    const [link, latest, execution] = await Promise.all([
      findLink(db, tenantId, entity, id),
      latestLogFor(db, tenantId, entity, id),
      describeLatest(temporal, recordWorkflowId),
    ]);
    const running = execution?.status.name === 'RUNNING';
    // The newest log entry says how the last attempt ended; a link alone means synced; a running
    // record sync with nothing logged yet is pending.
    const status: RecordStatus = latest
      ? statusOfAction[latest.action]
      : link
        ? 'synced'
        : running
          ? 'pending'
          : 'never';
    const workflowId = latest?.workflowId ?? (execution ? recordWorkflowId : null);
    res.json({
      status,
      qboId: link?.qboId ?? latest?.qboId ?? null,
      syncedAt: link?.syncedAt.toISOString() ?? null,
      lastError: latest?.action === 'failed' ? latest.message : null,
      message: latest?.message ?? null,
      running,
      workflowId,
      temporalUrl: workflowId ? temporalUrl(config.temporal, workflowId) : null,
    });
  });

  router.post(`${path}/retry`, async (req, res) => {
    const record = recordOf(req);
    await requireEnabledTenant(db, record.tenantId);
    await requireConnected(db, record.tenantId);
    res.status(202).json(await rerunRecord(deps, record));
  });

  return router;
}
