import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';

/** An error with an HTTP status and a stable machine-readable code (design.md §6). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `No route for ${req.method} ${req.path}`));
};

/** The one place errors leave the API: `{ error: { code, message, details? } }`. */
export function errorHandler(onUnexpected: (error: unknown) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    let status = 500;
    let body: ErrorBody = { error: { code: 'internal_error', message: 'Internal error' } };
    if (error instanceof HttpError) {
      status = error.status;
      body = {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details }),
        },
      };
    } else if (error instanceof ZodError) {
      status = 400;
      body = { error: { code: 'invalid_request', message: 'The request is invalid', details: error.issues } };
    } else if (isBodyParserError(error)) {
      status = 400;
      body = { error: { code: 'malformed_json', message: 'The request body is not valid JSON' } };
    } else if (bodyTooLarge(error)) {
      status = 413;
      body = { error: { code: 'payload_too_large', message: 'The request body is too large' } };
    } else {
      onUnexpected(error);
    }
    res.status(status).json(body);
  };
}

function isBodyParserError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { type?: unknown }).type === 'entity.parse.failed'
  );
}

function bodyTooLarge(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'entity.too.large'
  );
}
