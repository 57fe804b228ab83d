import { Router } from 'express';
import { z } from 'zod';
import { upsertTenant } from '../../db/queries/tenants';
import type { ApiDeps } from '../deps';
import { tenantIdOf } from '../validation';

const tenantBody = z.object({ name: z.string().trim().min(1).max(200), qboEnabled: z.boolean() }).strict();

/** `PUT /tenants/:tenantId`: support creates a tenant or switches its QuickBooks feature. */
export function tenantsRouter({ db }: ApiDeps): Router {
  const router = Router();
  router.put('/tenants/:tenantId', async (req, res) => {
    const tenantId = tenantIdOf(req);
    const body = tenantBody.parse(req.body);
    const tenant = await upsertTenant(db, { id: tenantId, ...body });
    res.json({ id: tenant.id, name: tenant.name, qboEnabled: tenant.qboEnabled });
  });
  return router;
}
