// Connecting the tenant's QuickBooks company (off to Intuit's consent page) and disconnecting it.
import { startConnect } from '../../qbo-connect';
import { disconnect } from '../../tenant-actions';
import { pagePath } from '../access';
import { pageAction } from './action';
import { PAGE_ROUTE, type PageRoutes } from './route-context';

export const connectionRoutes: PageRoutes = (router, page) => {
  const { deps } = page;

  router.post(
    `${PAGE_ROUTE}/connect`,
    page.form,
    pageAction(page, async (_req, _res, tenantId) => startConnect(deps.db, deps.qbo, tenantId)),
  );

  router.post(
    `${PAGE_ROUTE}/disconnect`,
    page.form,
    pageAction(page, async (_req, _res, tenantId) => {
      await disconnect(deps, tenantId);
      return `${pagePath(tenantId)}?done=disconnected`;
    }),
  );
};
