// `GET /tenants/:tenantId/quickbooks`, the QuickBooks Management page, and the form posts it
// makes. Every action answers with a redirect back to the page (post/redirect/get); a refused
// action shows the page again with the reason.
import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { connectionRoutes } from './endpoints/connection';
import { pageErrors } from './endpoints/errors';
import { initialSyncRoutes } from './endpoints/initial-sync';
import { pageViewRoutes } from './endpoints/page-view';
import { recordActionRoutes } from './endpoints/record-actions';
import { recordRerunRoutes } from './endpoints/record-rerun';
import { PAGE_ROUTE, pageRouteContext, type PageRoutes } from './endpoints/route-context';
import { settingsFormRoutes } from './endpoints/settings-form';
import { signInRoutes } from './endpoints/sign-in';
import { taxMappingFormRoutes } from './endpoints/tax-mapping-form';

/** In the order they were always registered: the page, then its actions. */
const routes: PageRoutes[] = [
  pageViewRoutes,
  signInRoutes,
  connectionRoutes,
  settingsFormRoutes,
  taxMappingFormRoutes,
  initialSyncRoutes,
  recordRerunRoutes,
  recordActionRoutes,
];

export function managementPageRouter(deps: ApiDeps): Router {
  const router = Router();
  const page = pageRouteContext(deps);
  for (const add of routes) add(router, page);
  router.use(PAGE_ROUTE, pageErrors(deps.log));
  return router;
}
