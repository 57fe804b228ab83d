import { Router } from 'express';
import { findSyncSettings, markInitialSyncStarted } from '../../db/queries/settings';
import type { ApiDeps } from '../deps';
import { cancelInitialSync, readInitialSync, startInitialSync, temporalUrl } from '../sync-workflows';
import { requireConnected, requireEnabledTenant, requireTenant } from '../tenant-guards';
import { tenantIdOf } from '../validation';

/** `POST|GET|DELETE /tenants/:tenantId/qbo/initial-sync` (design.md §4, §6). */
export function initialSyncRouter({ db, temporal, config, log }: ApiDeps): Router {
  const router = Router();
  const path = '/tenants/:tenantId/qbo/initial-sync';

  router.post(path, async (req, res) => {
    const tenantId = tenantIdOf(req);
    const tenant = await requireEnabledTenant(db, tenantId);
    await requireConnected(db, tenantId);
    const workflowId = await startInitialSync(temporal, config.temporal, tenant);
    await markInitialSyncStarted(db, tenantId);
    log.info('initial sync started', { tenantId, workflowId });
    res.status(202).json({ workflowId, temporalUrl: temporalUrl(config.temporal, workflowId) });
  });

  router.get(path, async (req, res) => {
    const tenantId = tenantIdOf(req);
    await requireTenant(db, tenantId);
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
      rest.status === 'completed'
        ? (settings?.initialSyncCompletedAt ?? description?.closeTime ?? null)
        : null;
    res.json({
      ...rest,
      startedAt: startedAt?.toISOString() ?? null,
      completedAt: completedAt?.toISOString() ?? null,
      temporalUrl: view.workflowId ? temporalUrl(config.temporal, view.workflowId) : null,
    });
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
