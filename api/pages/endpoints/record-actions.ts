// The log's Re-run of every failed record, and a row's Re-create in QuickBooks and Unlink; each
// then back to the same place in the log with a notice.
import type { Request } from 'express';
import { z } from 'zod';
import { syncEntities } from '../../../workflows/contracts';
import { recreateRecord, unlinkRecord } from '../../record-attention';
import { rerunFailed } from '../../record-reruns';
import { requireConnected, requireEnabledTenant } from '../../tenant-guards';
import { bproIdSchema, edgeText } from '../../validation';
import { pagePath } from '../access';
import { pageAction } from './action';
import { PAGE_ROUTE, type PageRoutes } from './route-context';

/** The bulk form: every failed record, or those of one record type (an unknown one is refused). */
const bulkForm = z.object({ entity: z.enum(syncEntities).optional() });

const field = (req: Request, name: string) => (req.body as Record<string, unknown>)[name];

/** The log's query string the form came from, with the notice to show. */
function backToLog(req: Request, tenantId: string, done: string, n?: number) {
  const q = new URLSearchParams(edgeText(400).catch('').parse(field(req, 'back')));
  q.set('done', done);
  if (n === undefined) q.delete('n');
  else q.set('n', String(n));
  return `${pagePath(tenantId)}?${q.toString()}#log`;
}

const recordOf = (req: Request, tenantId: string) => ({
  tenantId,
  entity: z.enum(syncEntities).parse(req.params.entity),
  id: bproIdSchema.parse(req.params.id),
});

export const recordActionRoutes: PageRoutes = (router, page) => {
  const { deps } = page;
  router.post(
    `${PAGE_ROUTE}/records/retry-failed`,
    page.form,
    pageAction(page, async (req, _res, tenantId) => {
      const { entity } = bulkForm.parse({ entity: field(req, 'entity') || undefined });
      await requireEnabledTenant(deps.db, tenantId);
      await requireConnected(deps.db, tenantId);
      const { queued } = await rerunFailed(deps, tenantId, { entity });
      return backToLog(req, tenantId, 'rerun-failed', queued);
    }),
  );
  router.post(
    `${PAGE_ROUTE}/records/:entity/:id/recreate`,
    page.form,
    pageAction(page, async (req, _res, tenantId) => {
      const record = recordOf(req, tenantId);
      await requireEnabledTenant(deps.db, tenantId);
      await requireConnected(deps.db, tenantId);
      await recreateRecord(deps, record);
      return backToLog(req, tenantId, 'recreate');
    }),
  );
  router.post(
    `${PAGE_ROUTE}/records/:entity/:id/unlink`,
    page.form,
    pageAction(page, async (req, _res, tenantId) => {
      const record = recordOf(req, tenantId);
      await requireEnabledTenant(deps.db, tenantId);
      await unlinkRecord(deps, record);
      return backToLog(req, tenantId, 'unlink');
    }),
  );
};
