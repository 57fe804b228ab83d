import { Router, type Response } from 'express';
import { QboError } from '../../activities/qbo/errors';
import { OAuthGrantError } from '../../activities/qbo/oauth';
import type { ApiDeps } from '../deps';
import { HttpError } from '../middleware/errors';
import { refusedCompany } from '../connect-company';
import { completeConnect } from '../qbo-connect';
import { ensureChangePoller } from '../change-poller';
import { rerunAuthFailures } from '../reconnect-reruns';
import { signalReconnected } from '../reconnect-signal';
import { callbackQuerySchema } from '../schemas';
import { derivePageKeys, pagePath, readSession } from '../pages/access';
import { unsupportedCompanyPage } from '../pages/sections/connection';

const callbackQuery = callbackQuerySchema;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: Response, status: number, title: string, text: string) {
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
        `<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`,
    );
}

/**
 * `GET /qbo/callback`: Intuit's (or the emulator's) OAuth redirect. No API token: the single-use
 * state bound to the tenant is the proof. A connect started from the management page returns there;
 * otherwise (and on every failure) the answer is a short page a person can read.
 */
export function qboCallbackRouter({ db, qbo, log, temporal, config }: ApiDeps): Router {
  const router = Router();
  const pageKeys = derivePageKeys(config.apiToken);
  router.get('/qbo/callback', async (req, res) => {
    const parsed = callbackQuery.safeParse(req.query);
    if (!parsed.success)
      return page(
        res,
        400,
        'Connection failed',
        'The QuickBooks redirect was malformed. Start the connection again from BPro.',
      );
    const callbackUrl = `${qbo.settings.redirectUri}?${new URLSearchParams(req.query as Record<string, string>).toString()}`;
    try {
      const result = await completeConnect(db, qbo, parsed.data, callbackUrl);
      log.info('QuickBooks company connected', { tenantId: result.tenantId, realmId: result.realmId });
      // Workflows paused on an auth failure resume now. The connection is saved either way; a
      // failure here is logged, and reconnecting again signals them.
      await signalReconnected(temporal, result.tenantId, log).catch((error: unknown) =>
        log.error('could not signal waiting workflows after reconnect', {
          tenantId: result.tenantId,
          error: String(error),
        }),
      );
      // Records that failed for want of the connection run again.
      await rerunAuthFailures({ db, temporal, config, log }, result.tenantId);
      // The company's change poller (kept if it runs; it ends while disconnected).
      await ensureChangePoller(
        temporal,
        config.temporal,
        result.tenantId,
        config.qbo.changePollSeconds,
      ).catch((error: unknown) =>
        log.error('could not start the QuickBooks change poller', {
          tenantId: result.tenantId,
          error: String(error),
        }),
      );
      // Started from the management page (its session is for this tenant): back to it.
      if (readSession(pageKeys, req)?.tenantId === result.tenantId)
        return res.redirect(303, `${pagePath(result.tenantId)}?done=connected`);
      page(
        res,
        200,
        'Connected to QuickBooks',
        `BPro is now connected to the QuickBooks company "${result.companyName}". You can close this window.`,
      );
    } catch (error) {
      if (error instanceof HttpError) {
        // A company the sync does not serve, from the management page: back to it, with the reason.
        const refused = refusedCompany(error);
        if (refused && readSession(pageKeys, req)?.tenantId === refused.tenantId)
          return res.redirect(303, unsupportedCompanyPage(refused.tenantId, refused.country));
        return page(res, error.status, 'Connection failed', error.message);
      }
      if (error instanceof QboError) {
        log.warn('QuickBooks call failed during connect', {
          type: error.type,
          code: error.code,
          intuitTid: error.intuitTid,
        });
        return page(
          res,
          502,
          'Connection failed',
          `QuickBooks could not be reached to finish connecting (${error.type}${error.code ? ` ${error.code}` : ''}). Start the connection again from BPro in a minute.`,
        );
      }
      if (error instanceof OAuthGrantError) {
        log.warn('OAuth code exchange refused', { error: error.error, intuitTid: error.intuitTid });
        return page(
          res,
          400,
          'Connection failed',
          `QuickBooks refused the connection (${error.error}). Start the connection again from BPro.`,
        );
      }
      throw error;
    }
  });
  return router;
}
