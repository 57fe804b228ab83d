// Support's sign-in with the API token, and signing out.
import { endSession, isApiToken, pagePath, startSession } from '../access';
import { signInPage } from '../sign-in';
import { pageAction } from './action';
import { PAGE_ROUTE, tenantOf, type PageRoutes } from './route-context';

export const signInRoutes: PageRoutes = (router, page) => {
  const { config, log } = page.deps;

  router.post(`${PAGE_ROUTE}/sign-in`, page.form, (req, res) => {
    const tenantId = tenantOf(req);
    const token: unknown = (req.body as Record<string, unknown> | undefined)?.token;
    if (!isApiToken(config.apiToken, token)) {
      log.warn('page sign-in refused', { tenantId });
      return signInPage(res, tenantId, 401, 'That API token is not valid.');
    }
    startSession(page.keys, req, res, tenantId, 'token');
    log.info('support signed in to the QuickBooks page', { tenantId });
    res.redirect(303, `${pagePath(tenantId)}?done=signed-in`);
  });

  router.post(
    `${PAGE_ROUTE}/sign-out`,
    page.form,
    pageAction(page, (req, res, tenantId) => {
      endSession(req, res);
      return Promise.resolve(pagePath(tenantId));
    }),
  );
};
