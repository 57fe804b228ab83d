// Starting the initial sync, and its status as JSON for the page's progress script.
import { HttpError } from '../../middleware/errors';
import { beginInitialSync, initialSyncStatus } from '../../tenant-actions';
import { requireConnected, requireEnabledTenant } from '../../tenant-guards';
import { pagePath, readSession } from '../access';
import { pageAction } from './action';
import { PAGE_ROUTE, tenantOf, type PageRoutes } from './route-context';

export const initialSyncRoutes: PageRoutes = (router, page) => {
  const { deps, keys } = page;

  router.post(
    `${PAGE_ROUTE}/initial-sync`,
    page.form,
    pageAction(page, async (_req, _res, tenantId) => {
      const tenant = await requireEnabledTenant(deps.db, tenantId);
      await requireConnected(deps.db, tenantId);
      await beginInitialSync(deps, tenant);
      return `${pagePath(tenantId)}?done=sync-started#initial-sync`;
    }),
  );

  router.get(`${PAGE_ROUTE}/initial-sync.json`, async (req, res) => {
    const tenantId = tenantOf(req);
    const session = readSession(keys, req);
    if (session?.tenantId !== tenantId)
      throw new HttpError(401, 'unauthorized', 'Open the QuickBooks page from BPro to sign in.');
    res.set('Cache-Control', 'no-store');
    res.json(await initialSyncStatus(deps, tenantId));
  });
};
