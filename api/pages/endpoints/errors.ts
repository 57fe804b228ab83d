// Errors on the page's routes are pages, not JSON (except the JSON status endpoint's). What the
// client caused (client-errors.ts) is a 4xx page with the reason; anything else a logged 500.
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import type { ApiDeps } from '../../deps';
import { clientErrorOf } from '../../middleware/client-errors';
import { sendMessagePage } from '../html';

export const pageErrors =
  (log: ApiDeps['log']): ErrorRequestHandler =>
  (error: unknown, req, res, next) => {
    if (req.path.endsWith('.json')) return next(error);
    if (error instanceof ZodError)
      return sendMessagePage(res, 400, 'Something is not right', 'The request was not one this page sends.');
    const known = clientErrorOf(error);
    if (known) return sendMessagePage(res, known.status, 'Something is not right', known.message);
    log.error('management page error', { error: String(error) });
    sendMessagePage(res, 500, 'Something went wrong', 'The page could not be shown. Try again in a minute.');
  };
