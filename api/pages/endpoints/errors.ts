// Errors on the page's routes are pages, not JSON (except the JSON status endpoint's).
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import type { ApiDeps } from '../../deps';
import { HttpError } from '../../middleware/errors';
import { sendMessagePage } from '../html';

export const pageErrors =
  (log: ApiDeps['log']): ErrorRequestHandler =>
  (error: unknown, req, res, next) => {
    if (req.path.endsWith('.json')) return next(error);
    if (error instanceof HttpError)
      return sendMessagePage(res, error.status, 'Something is not right', error.message);
    if (error instanceof ZodError)
      return sendMessagePage(res, 400, 'Something is not right', 'The request was not one this page sends.');
    log.error('management page error', { error: String(error) });
    sendMessagePage(res, 500, 'Something went wrong', 'The page could not be shown. Try again in a minute.');
  };
