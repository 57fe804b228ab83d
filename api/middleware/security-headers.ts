// The standard security headers on every answer (helmet, the maintained middleware for them),
// with one Content-Security-Policy for the whole app: the management page's strict one. Nothing
// loads by default; the page's one inline <style> and <script> run because they carry this
// response's nonce; fetches and images only from this origin; no <base>, no framing. JSON
// answers carry the same policy, which is harmless for them and keeps one rule for every page
// the app serves (the management page, the OpenAPI reference, the OAuth callback's notes).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

const nonces = new WeakMap<ServerResponse, string>();

/** The nonce this response's inline style and script must carry (set by securityHeaders). */
export function cspNonce(res: ServerResponse): string {
  const nonce = nonces.get(res);
  if (!nonce) throw new Error('securityHeaders() must run before a page is sent');
  return nonce;
}

const nonceSource = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${cspNonce(res)}'`;

export function securityHeaders(): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    nonces.set(res, randomBytes(16).toString('base64'));
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: [nonceSource],
        scriptSrc: [nonceSource],
        connectSrc: ["'self'"],
        imgSrc: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    // Links from the page to the Temporal UI and Intuit carry no path of ours.
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
  return [nonce, headers];
}
