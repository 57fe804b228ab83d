import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { recreateRecord, unlinkRecord } from '../record-attention';
import { rerunFailed } from '../record-reruns';
import { recordPathSchema, retryFailedBodySchema } from '../schemas';
import { requireConnected, requireEnabledTenant } from '../tenant-guards';
import { tenantIdOf } from '../validation';

/**
 * `POST /tenants/:tenantId/qbo/records/retry-failed` (every record whose newest log entry is
 * `failed`), and a record's `…/recreate` and `…/unlink` (for one deleted or voided in QuickBooks).
 */
export function recordActionsRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const router = Router();
  const record = '/tenants/:tenantId/qbo/records/:entity/:id';

  router.post('/tenants/:tenantId/qbo/records/retry-failed', async (req, res) => {
    const tenantId = tenantIdOf(req);
    const body = retryFailedBodySchema.parse(req.body ?? {});
    await requireEnabledTenant(db, tenantId);
    await requireConnected(db, tenantId);
    res.status(202).json(await rerunFailed(deps, tenantId, { entity: body.entity }));
  });

  router.post(`${record}/recreate`, async (req, res) => {
    const { tenantId, entity, id } = recordPathSchema.parse(req.params);
    await requireEnabledTenant(db, tenantId);
    await requireConnected(db, tenantId);
    res.status(202).json(await recreateRecord(deps, { tenantId, entity, id }));
  });

  router.post(`${record}/unlink`, async (req, res) => {
    const { tenantId, entity, id } = recordPathSchema.parse(req.params);
    await requireEnabledTenant(db, tenantId);
    res.json(await unlinkRecord(deps, { tenantId, entity, id }));
  });

  return router;
}
