// Who may use the page: a session for the tenant (else the 401 sign-in page), and for a form post
// also a valid CSRF token (else the 403 "form expired" page).
import type { Request, Response } from 'express';
import { readSession, validCsrf, type PageKeys, type PageSession } from '../access';
import { sendMessagePage } from '../html';
import { signInPage } from '../sign-in';

/** The session for this tenant, or null (after answering with the 401 sign-in page). */
export function sessionFor(
  keys: PageKeys,
  req: Request,
  res: Response,
  tenantId: string,
): PageSession | null {
  const session = readSession(keys, req);
  if (session?.tenantId === tenantId) return session;
  signInPage(res, tenantId, 401);
  return null;
}

/** A POST from the page: a session for this tenant and a valid CSRF token, or null (answered). */
export function postSession(
  keys: PageKeys,
  req: Request,
  res: Response,
  tenantId: string,
): PageSession | null {
  const session = sessionFor(keys, req, res, tenantId);
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
