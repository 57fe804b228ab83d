// Who may open a tenant's QuickBooks page. BPro links to it with a short-lived signed URL
// (`?t=<unix expiry>&sig=<HMAC(tenant, expiry)>`); the page trades that for an httpOnly session
// cookie bound to the tenant. Support may instead sign in with the API token. The signing keys
// are derived from API_TOKEN with HKDF (one per purpose), so no further secret is configured and
// rotating the token ends every link and session.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'qbo_page_session';
/** How long a page link stays valid by default. */
export const LINK_TTL_SECONDS = 15 * 60;
/** How long a page session lasts. */
export const SESSION_TTL_SECONDS = 8 * 60 * 60;

type Purpose = 'link' | 'session' | 'csrf';

export type PageKeys = Record<Purpose, Buffer>;

export function derivePageKeys(apiToken: string): PageKeys {
  const key = (purpose: Purpose) =>
    Buffer.from(hkdfSync('sha256', apiToken, 'qbo-sync management page', `page-${purpose}-v1`, 32));
  return { link: key('link'), session: key('session'), csrf: key('csrf') };
}

const mac = (key: Buffer, ...parts: string[]) =>
  createHmac('sha256', key).update(parts.join('\n')).digest('base64url');

function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const pagePath = (tenantId: string) => `/tenants/${encodeURIComponent(tenantId)}/quickbooks`;

/**
 * A signed link to the tenant's page (path and query; prefix the API's origin). BPro mints these
 * server-side when a user opens Customize → More → QuickBooks Management; tests and the demo too.
 */
export function signPageLink(
  apiToken: string,
  tenantId: string,
  options: { ttlSeconds?: number; now?: Date } = {},
): string {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const expiry = String(now + (options.ttlSeconds ?? LINK_TTL_SECONDS));
  const sig = mac(derivePageKeys(apiToken).link, tenantId, expiry);
  return `${pagePath(tenantId)}?${new URLSearchParams({ t: expiry, sig }).toString()}`;
}

export function verifyPageLink(
  keys: PageKeys,
  tenantId: string,
  t: unknown,
  sig: unknown,
  nowSeconds = Math.floor(Date.now() / 1000),
): 'ok' | 'expired' | 'invalid' {
  if (typeof t !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(t)) return 'invalid';
  if (!sameMac(sig, mac(keys.link, tenantId, t))) return 'invalid';
  return Number(t) < nowSeconds ? 'expired' : 'ok';
}

export type PageSession = { tenantId: string; expiry: number; via: 'link' | 'token'; raw: string };

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The request's valid page session, if it carries one (for any tenant). */
export function readSession(keys: PageKeys, req: Request): PageSession | null {
  const raw = readCookie(req, SESSION_COOKIE);
  if (!raw) return null;
  const [tenantB64, expiry, via, sig] = raw.split('.');
  if (!tenantB64 || !expiry || !sig || (via !== 'link' && via !== 'token')) return null;
  if (!/^\d{1,12}$/.test(expiry) || Number(expiry) < Date.now() / 1000) return null;
  if (!sameMac(sig, mac(keys.session, tenantB64, expiry, via))) return null;
  return { tenantId: Buffer.from(tenantB64, 'base64url').toString('utf8'), expiry: Number(expiry), via, raw };
}

export function startSession(
  keys: PageKeys,
  req: Request,
  res: Response,
  tenantId: string,
  via: 'link' | 'token',
) {
  const tenantB64 = Buffer.from(tenantId).toString('base64url');
  const expiry = String(Math.floor(Date.now() / 1000) + SESSION_TTL_SECONDS);
  const value = `${tenantB64}.${expiry}.${via}.${mac(keys.session, tenantB64, expiry, via)}`;
  res.cookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: SESSION_TTL_SECONDS * 1000,
  });
}

export function endSession(req: Request, res: Response) {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}

/** The anti-forgery token every page form carries (on top of SameSite=Lax). */
export const csrfToken = (keys: PageKeys, session: PageSession) => mac(keys.csrf, session.raw);

export const validCsrf = (keys: PageKeys, session: PageSession, token: unknown) =>
  typeof token === 'string' && sameMac(token, csrfToken(keys, session));

/** Constant-time comparison of a submitted API token. */
export const isApiToken = (apiToken: string, candidate: unknown) =>
  typeof candidate === 'string' && sameMac(candidate, apiToken);
