import { Router } from 'express';
import { findConnection } from '../../db/queries/qbo-connections';
import type { ApiDeps } from '../deps';
import { requireEnabledTenant, startConnect } from '../qbo-connect';
import { accountsQuerySchema, connectQuerySchema, type ConnectionView } from '../schemas';
import { listAccounts } from '../sync-settings';
import { disconnect } from '../tenant-actions';
import { tenantIdOf } from '../validation';

/** The tenant-scoped connection routes (behind the API token). */
export function qboConnectionRouter(deps: ApiDeps): Router {
  const { db, qbo } = deps;
  const router = Router();

  router.get('/tenants/:tenantId/qbo/connect', async (req, res) => {
    const { format } = connectQuerySchema.parse(req.query);
    const authorizeUrl = await startConnect(db, qbo, tenantIdOf(req));
    if (format === 'json') res.json({ authorizeUrl });
    else res.redirect(302, authorizeUrl);
  });

  router.get('/tenants/:tenantId/qbo/connection', async (req, res) => {
    const tenantId = tenantIdOf(req);
    const row = await findConnection(db, tenantId);
    const view: ConnectionView = {
      status: row?.status ?? 'disconnected',
      realmId: row?.realmId ?? null,
      companyName: row?.companyName ?? null,
      environment: row?.environment ?? null,
      connectedAt: row?.connectedAt?.toISOString() ?? null,
      lastError: row?.lastError ?? null,
      country: row?.country ?? null,
      homeCurrency: row?.homeCurrency ?? null,
      multicurrency: row?.multicurrency ?? null,
      subscriptionStatus: row?.subscriptionStatus ?? null,
      blocked: row?.blockedKind
        ? {
            kind: row.blockedKind,
            reason: row.blockedReason ?? row.blockedKind,
            since: row.blockedSince?.toISOString() ?? null,
          }
        : null,
    };
    res.json(view);
  });

  router.delete('/tenants/:tenantId/qbo/connection', async (req, res) => {
    res.json(await disconnect(deps, tenantIdOf(req)));
  });

  router.get('/tenants/:tenantId/qbo/accounts', async (req, res) => {
    const tenantId = tenantIdOf(req);
    const { kind } = accountsQuerySchema.parse(req.query);
    await requireEnabledTenant(db, tenantId);
    res.json({ accounts: await listAccounts(deps, tenantId, kind) });
  });

  return router;
}
