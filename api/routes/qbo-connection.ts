import { Router } from 'express';
import { z } from 'zod';
import { OAuthGrantError } from '../../activities/qbo/oauth';
import { findConnection, setConnectionStatus } from '../../db/queries/qbo-connections';
import type { ApiDeps } from '../deps';
import { HttpError } from '../middleware/errors';
import { requireEnabledTenant, startConnect } from '../qbo-connect';
import { tenantIdOf } from '../validation';

/** The tenant-scoped connection routes (behind the API token). */
export function qboConnectionRouter({ db, qbo, log }: ApiDeps): Router {
  const router = Router();

  router.get('/tenants/:tenantId/qbo/connect', async (req, res) => {
    const authorizeUrl = await startConnect(db, qbo, tenantIdOf(req));
    if (req.query.format === 'json') res.json({ authorizeUrl });
    else res.redirect(302, authorizeUrl);
  });

  router.get('/tenants/:tenantId/qbo/connection', async (req, res) => {
    const tenantId = tenantIdOf(req);
    const row = await findConnection(db, tenantId);
    res.json({
      status: row?.status ?? 'disconnected',
      realmId: row?.realmId ?? null,
      companyName: row?.companyName ?? null,
      environment: row?.environment ?? null,
      connectedAt: row?.connectedAt?.toISOString() ?? null,
      lastError: row?.lastError ?? null,
    });
  });

  router.delete('/tenants/:tenantId/qbo/connection', async (req, res) => {
    const tenantId = tenantIdOf(req);
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
    res.json({ status: 'disconnected', realmId: row.realmId, companyName: row.companyName });
  });

  router.get('/tenants/:tenantId/qbo/accounts', async (req, res) => {
    const tenantId = tenantIdOf(req);
    const { kind } = z.object({ kind: z.enum(['cash', 'all']).default('all') }).parse(req.query);
    await requireEnabledTenant(db, tenantId);
    const accounts = await qbo.clientFor(tenantId).accounts(kind);
    res.json({
      accounts: accounts
        .filter((a) => a.Active !== false)
        .map((a) => ({
          id: a.Id,
          name: a.Name,
          fullyQualifiedName: a.FullyQualifiedName ?? a.Name,
          type: a.AccountType,
          subType: a.AccountSubType ?? null,
        })),
    });
  });

  return router;
}
