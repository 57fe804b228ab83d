import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { cancelInitialSync } from '../sync-workflows';
import { beginInitialSync, initialSyncStatus } from '../tenant-actions';
import { requireConnected, requireEnabledTenant, requireTenant } from '../tenant-guards';
import { tenantIdOf } from '../validation';

/** `POST|GET|DELETE /tenants/:tenantId/qbo/initial-sync` (design.md §4, §6). */
export function initialSyncRouter(deps: ApiDeps): Router {
  const { db, temporal, log } = deps;
  const router = Router();
  const path = '/tenants/:tenantId/qbo/initial-sync';

  router.post(path, async (req, res) => {
    const tenantId = tenantIdOf(req);
    const tenant = await requireEnabledTenant(db, tenantId);
    await requireConnected(db, tenantId);
    res.status(202).json(await beginInitialSync(deps, tenant));
  });

  router.get(path, async (req, res) => {
    const tenantId = tenantIdOf(req);
    await requireTenant(db, tenantId);
    res.json(await initialSyncStatus(deps, tenantId));
  });

  router.delete(path, async (req, res) => {
    const tenantId = tenantIdOf(req);
    await requireTenant(db, tenantId);
    const workflowId = await cancelInitialSync(temporal, tenantId);
    log.info('initial sync cancellation requested', { tenantId, workflowId });
    res.status(202).json({ workflowId, status: 'cancelling' });
  });

  return router;
}
