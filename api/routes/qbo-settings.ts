import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { settingsBodySchema } from '../schemas';
import { readSettings, saveSettings } from '../sync-settings';
import { requireEnabledTenant } from '../tenant-guards';
import { tenantIdOf } from '../validation';

/** `GET|PUT /tenants/:tenantId/qbo/settings` (design.md §6); the logic is in api/sync-settings.ts. */
export function qboSettingsRouter(deps: ApiDeps): Router {
  const router = Router();
  const { db } = deps;

  router.get('/tenants/:tenantId/qbo/settings', async (req, res) => {
    const tenantId = tenantIdOf(req);
    await requireEnabledTenant(db, tenantId);
    res.json(await readSettings(deps, tenantId));
  });

  router.put('/tenants/:tenantId/qbo/settings', async (req, res) => {
    const tenantId = tenantIdOf(req);
    const body = settingsBodySchema.parse(req.body);
    await requireEnabledTenant(db, tenantId);
    const { queuedPayments } = await saveSettings(deps, tenantId, body);
    res.json({ ...(await readSettings(deps, tenantId)), queuedPayments });
  });

  return router;
}
