import type { ErrorRequestHandler, RequestHandler } from 'express';
import { clientErrorOf } from './client-errors';
import { HttpError } from './http-error';

export { HttpError };

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `No route for ${req.method} ${req.path}`));
};

/**
 * The one place errors leave the API: `{ error: { code, message, details? } }`. What the client
 * caused is classified in client-errors.ts; anything else is unexpected: logged, 500.
 */
export function errorHandler(onUnexpected: (error: unknown) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const known = clientErrorOf(error);
    if (!known) onUnexpected(error);
    const { status, ...body } = known ?? { status: 500, code: 'internal_error', message: 'Internal error' };
    const answer: ErrorBody = { error: body };
    res.status(status).json(answer);
  };
}
