import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { readTaxMapping, saveTaxMapping } from '../tax-mapping';
import { taxMappingBodySchema } from '../tax-mapping-schemas';
import { requireEnabledTenant } from '../tenant-guards';
import { tenantIdOf } from '../validation';

/** `GET|PUT /tenants/:tenantId/qbo/tax-mapping` (a Canadian company); the logic is in api/tax-mapping.ts. */
export function taxMappingRouter(deps: Pick<ApiDeps, 'db' | 'qbo'>): Router {
  const router = Router();
  const { db } = deps;

  router.get('/tenants/:tenantId/qbo/tax-mapping', async (req, res) => {
    const tenantId = tenantIdOf(req);
    await requireEnabledTenant(db, tenantId);
    res.json(await readTaxMapping(deps, tenantId));
  });

  router.put('/tenants/:tenantId/qbo/tax-mapping', async (req, res) => {
    const tenantId = tenantIdOf(req);
    const body = taxMappingBodySchema.parse(req.body);
    await requireEnabledTenant(db, tenantId);
    await saveTaxMapping(deps, tenantId, body);
    res.json(await readTaxMapping(deps, tenantId));
  });

  return router;
}
