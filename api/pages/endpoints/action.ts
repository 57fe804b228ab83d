// A form post of the page (post/redirect/get): the action answers with where to go next; a
// refused one (HttpError) shows the page again with the reason.
import type { Request, Response } from 'express';
import { HttpError } from '../../middleware/errors';
import type { PageSession } from '../access';
import { renderManagementPage } from '../render';
import { postSession } from './guards';
import { tenantOf, type PageRouteContext } from './route-context';

/** Does the action; returns the path to redirect to (303), or nothing when it answered itself. */
export type PageActionRun = (
  req: Request,
  res: Response,
  tenantId: string,
  session: PageSession,
) => Promise<string | void>;

export function pageAction({ deps, keys }: PageRouteContext, run: PageActionRun) {
  return async (req: Request, res: Response) => {
    const tenantId = tenantOf(req);
    const session = postSession(keys, req, res, tenantId);
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
