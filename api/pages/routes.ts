// `GET /tenants/:tenantId/quickbooks`, the QuickBooks Management page, and the form posts it
// makes. Every action answers with a redirect back to the page (post/redirect/get); a refused
// action shows the page again with the reason.
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { ZodError, z } from 'zod';
import { syncEntities } from '../../workflows/contracts';
import type { ApiDeps } from '../deps';
import { HttpError } from '../middleware/errors';
import { startConnect } from '../qbo-connect';
import { saveSettings } from '../sync-settings';
import { beginInitialSync, disconnect, initialSyncStatus, rerunRecord } from '../tenant-actions';
import { requireConnected, requireEnabledTenant } from '../tenant-guards';
import { bproIdSchema, tenantIdSchema } from '../validation';
import {
  derivePageKeys,
  endSession,
  isApiToken,
  pagePath,
  readSession,
  startSession,
  validCsrf,
  verifyPageLink,
  type PageKeys,
  type PageSession,
} from './access';
import { sendMessagePage } from './html';
import { renderManagementPage } from './render';
import { signInPage } from './sign-in';

const settingsForm = z.object({
  startDate: z.string().max(20).optional(),
  refundAccountId: z.string().max(64).optional(),
  methods: z.union([z.string(), z.array(z.string())]).optional(),
  enabled: z.union([z.string(), z.array(z.string())]).optional(),
});

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const tenantOf = (req: Request) => tenantIdSchema.parse(req.params.tenantId);

export function managementPageRouter(deps: ApiDeps): Router {
  const { db, qbo, log, config } = deps;
  const keys: PageKeys = derivePageKeys(config.apiToken);
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 5000 });

  /** The session for this tenant, or null (after answering with the 401 sign-in page). */
  function sessionFor(req: Request, res: Response, tenantId: string): PageSession | null {
    const session = readSession(keys, req);
    if (session?.tenantId === tenantId) return session;
    signInPage(res, tenantId, 401);
    return null;
  }

  /** A POST from the page: a session for this tenant and a valid CSRF token, or null (answered). */
  function postSession(req: Request, res: Response, tenantId: string): PageSession | null {
    const session = sessionFor(req, res, tenantId);
    if (!session) return null;
    const token: unknown = (req.body as Record<string, unknown> | undefined)?.csrf;
    if (!validCsrf(keys, session, token)) {
      sendMessagePage(
        res,
        403,
        'Form expired',
        'This form has expired. Go back, reload the page and try again.',
      );
      return null;
    }
    return session;
  }

  /** Runs a page action; a refused one (HttpError) shows the page again with its message. */
  function action(
    run: (req: Request, res: Response, tenantId: string, session: PageSession) => Promise<string | void>,
  ) {
    return async (req: Request, res: Response) => {
      const tenantId = tenantOf(req);
      const session = postSession(req, res, tenantId);
      if (!session) return;
      try {
        const next = await run(req, res, tenantId, session);
        if (typeof next === 'string') res.redirect(303, next);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        await renderManagementPage(deps, keys, req, res, tenantId, session, {
          status: error.status,
          message: error.message,
        });
      }
    };
  }

  const base = '/tenants/:tenantId/quickbooks';

  router.get(base, async (req, res) => {
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
    const session = sessionFor(req, res, tenantId);
    if (session) await renderManagementPage(deps, keys, req, res, tenantId, session);
  });

  router.post(`${base}/sign-in`, form, (req, res) => {
    const tenantId = tenantOf(req);
    const token: unknown = (req.body as Record<string, unknown> | undefined)?.token;
    if (!isApiToken(config.apiToken, token)) {
      log.warn('page sign-in refused', { tenantId });
      return signInPage(res, tenantId, 401, 'That API token is not valid.');
    }
    startSession(keys, req, res, tenantId, 'token');
    log.info('support signed in to the QuickBooks page', { tenantId });
    res.redirect(303, `${pagePath(tenantId)}?done=signed-in`);
  });

  router.post(
    `${base}/sign-out`,
    form,
    action((req, res, tenantId) => {
      endSession(req, res);
      return Promise.resolve(pagePath(tenantId));
    }),
  );

  router.post(
    `${base}/connect`,
    form,
    action(async (_req, _res, tenantId) => startConnect(db, qbo, tenantId)),
  );

  router.post(
    `${base}/disconnect`,
    form,
    action(async (_req, _res, tenantId) => {
      await disconnect(deps, tenantId);
      return `${pagePath(tenantId)}?done=disconnected`;
    }),
  );

  router.post(
    `${base}/settings`,
    form,
    action(async (req, _res, tenantId) => {
      await requireEnabledTenant(db, tenantId);
      const body = settingsForm.parse(req.body);
      const enabled = new Set(asList(body.enabled));
      const startDate = body.startDate?.trim() ?? '';
      if (startDate && !/^\d{4}-\d{2}-\d{2}$/.test(startDate))
        throw new HttpError(400, 'invalid_request', 'The sync start date must be a date (YYYY-MM-DD).');
      const methods = [...new Set(asList(body.methods))];
      await saveSettings(deps, tenantId, {
        startDate: startDate || null,
        refundAccountId: body.refundAccountId?.trim() || null,
        ...(methods.length
          ? { paymentMethods: methods.map((bproId) => ({ bproId, enabled: enabled.has(bproId) })) }
          : {}),
      });
      return `${pagePath(tenantId)}?done=saved#options`;
    }),
  );

  router.post(
    `${base}/initial-sync`,
    form,
    action(async (_req, _res, tenantId) => {
      const tenant = await requireEnabledTenant(db, tenantId);
      await requireConnected(db, tenantId);
      await beginInitialSync(deps, tenant);
      return `${pagePath(tenantId)}?done=sync-started#initial-sync`;
    }),
  );

  router.get(`${base}/initial-sync.json`, async (req, res) => {
    const tenantId = tenantOf(req);
    const session = readSession(keys, req);
    if (session?.tenantId !== tenantId)
      throw new HttpError(401, 'unauthorized', 'Open the QuickBooks page from BPro to sign in.');
    res.set('Cache-Control', 'no-store');
    res.json(await initialSyncStatus(deps, tenantId));
  });

  router.post(
    `${base}/records/:entity/:id/rerun`,
    form,
    action(async (req, _res, tenantId) => {
      const entity = z.enum(syncEntities).parse(req.params.entity);
      const id = bproIdSchema.parse(req.params.id);
      await requireEnabledTenant(db, tenantId);
      await requireConnected(db, tenantId);
      await rerunRecord(deps, { tenantId, entity, id });
      const back = z
        .string()
        .max(400)
        .catch('')
        .parse((req.body as Record<string, unknown>).back);
      const q = new URLSearchParams(back);
      q.set('done', 'rerun');
      return `${pagePath(tenantId)}?${q.toString()}#log`;
    }),
  );

  // Errors on these routes are pages, not JSON (except the JSON status endpoint).
  const pageErrors: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (req.path.endsWith('.json')) return next(error);
    if (error instanceof HttpError)
      return sendMessagePage(res, error.status, 'Something is not right', error.message);
    if (error instanceof ZodError)
      return sendMessagePage(res, 400, 'Something is not right', 'The request was not one this page sends.');
    log.error('management page error', { error: String(error) });
    sendMessagePage(res, 500, 'Something went wrong', 'The page could not be shown. Try again in a minute.');
  };
  router.use(base, pageErrors);
  return router;
}
