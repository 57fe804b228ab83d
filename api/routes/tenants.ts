import { Router } from 'express';
import { upsertTenant } from '../../db/queries/tenants';
import type { ApiDeps } from '../deps';
import { tenantBodySchema } from '../schemas';
import { tenantIdOf } from '../validation';

/** `PUT /tenants/:tenantId`: support creates a tenant or switches its QuickBooks feature. */
export function tenantsRouter({ db }: ApiDeps): Router {
  const router = Router();
  router.put('/tenants/:tenantId', async (req, res) => {
    const tenantId = tenantIdOf(req);
    const body = tenantBodySchema.parse(req.body);
    const tenant = await upsertTenant(db, { id: tenantId, ...body });
    res.json({ id: tenant.id, name: tenant.name, qboEnabled: tenant.qboEnabled });
  });
  return router;
}
