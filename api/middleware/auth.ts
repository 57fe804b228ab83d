import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './errors';

function equalSecrets(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `Authorization: Bearer <API_TOKEN>`, compared in constant time. */
export function requireApiToken(apiToken: string): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer (.+)$/i.exec(header);
    if (!match?.[1]) return next(new HttpError(401, 'unauthorized', 'Missing bearer token'));
    if (!equalSecrets(match[1], apiToken))
      return next(new HttpError(401, 'unauthorized', 'Invalid bearer token'));
    next();
  };
}
