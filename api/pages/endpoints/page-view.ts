// `GET /tenants/:tenantId/quickbooks`: a signed link from BPro is traded for a session (and a
// redirect to the bare page); otherwise the page, for a session of this tenant.
import { pagePath, startSession, verifyPageLink } from '../access';
import { renderManagementPage } from '../render';
import { signInPage } from '../sign-in';
import { sessionFor } from './guards';
import { PAGE_ROUTE, tenantOf, type PageRoutes } from './route-context';

export const pageViewRoutes: PageRoutes = (router, { deps, keys }) => {
  router.get(PAGE_ROUTE, async (req, res) => {
    const tenantId = tenantOf(req);
    if (req.query.sig !== undefined || req.query.t !== undefined) {
      const check = verifyPageLink(keys, tenantId, req.query.t, req.query.sig);
      if (check !== 'ok')
        return signInPage(
          res,
          tenantId,
          401,
          check === 'expired'
            ? 'This link has expired. Open the QuickBooks page from BPro again.'
            : 'This link is not valid. Open the QuickBooks page from BPro again.',
        );
      startSession(keys, req, res, tenantId, 'link');
      return res.redirect(303, pagePath(tenantId));
    }
    const session = sessionFor(keys, req, res, tenantId);
    if (session) await renderManagementPage(deps, keys, req, res, tenantId, session);
  });
};
