// A log entry's Re-run: syncs the record again, then back to the same place in the log.
import { z } from 'zod';
import { syncEntities } from '../../../workflows/contracts';
import { rerunRecord } from '../../record-reruns';
import { requireConnected, requireEnabledTenant } from '../../tenant-guards';
import { bproIdSchema, edgeText } from '../../validation';
import { pagePath } from '../access';
import { pageAction } from './action';
import { PAGE_ROUTE, type PageRoutes } from './route-context';

export const recordRerunRoutes: PageRoutes = (router, page) => {
  const { deps } = page;
  router.post(
    `${PAGE_ROUTE}/records/:entity/:id/rerun`,
    page.form,
    pageAction(page, async (req, _res, tenantId) => {
      const entity = z.enum(syncEntities).parse(req.params.entity);
      const id = bproIdSchema.parse(req.params.id);
      await requireEnabledTenant(deps.db, tenantId);
      await requireConnected(deps.db, tenantId);
      await rerunRecord(deps, { tenantId, entity, id });
      const back = edgeText(400)
        .catch('')
        .parse((req.body as Record<string, unknown>).back);
      const q = new URLSearchParams(back);
      q.set('done', 'rerun');
      return `${pagePath(tenantId)}?${q.toString()}#log`;
    }),
  );
};
