import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { logQuerySchema } from '../schemas';
import { decodeLogCursor, readLogPage } from '../tenant-actions';
import { requireTenant } from '../tenant-guards';
import { tenantIdOf } from '../validation';

export { LOG_PAGE_DEFAULT, LOG_PAGE_MAX } from '../schemas';
export { decodeLogCursor, encodeLogCursor } from '../tenant-actions';

/** `GET /tenants/:tenantId/qbo/log?status=&entity=&limit=&cursor=`, newest first. */
export function syncLogRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/tenants/:tenantId/qbo/log', async (req, res) => {
    const tenantId = tenantIdOf(req);
    const query = logQuerySchema.parse(req.query);
    if (query.cursor !== undefined) decodeLogCursor(query.cursor); // 400 before any lookup
    await requireTenant(deps.db, tenantId);
    res.json(await readLogPage(deps, tenantId, query));
  });
  return router;
}
