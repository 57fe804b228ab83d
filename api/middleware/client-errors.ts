// Which errors the client caused, wherever they were raised: our own HttpErrors, zod's refusals,
// Express's router (a path parameter that is not valid percent-encoded UTF-8) and the body
// parsers (http-errors with a 4xx `status` and a `type` code). Classified by class, status and
// code, never by message text. The JSON error handler and the page's both answer from here, so a
// malformed request is a 4xx on every route and never reaches the "unexpected" 500.
import { ZodError } from 'zod';
import { HttpError } from './http-error';

export type ClientError = { status: number; code: string; message: string; details?: unknown };

/** The body parsers' `type` codes (body-parser, raw-body) and what we answer for each. */
const bodyReadErrors: Record<string, Omit<ClientError, 'status'>> = {
  'entity.parse.failed': { code: 'malformed_json', message: 'The request body is not valid JSON' },
  'entity.too.large': { code: 'payload_too_large', message: 'The request body is too large' },
  'parameters.too.many': { code: 'payload_too_large', message: 'The form has too many fields' },
  'charset.unsupported': {
    code: 'unsupported_charset',
    message: 'The request body must be UTF-8',
  },
  'encoding.unsupported': {
    code: 'unsupported_encoding',
    message: 'The request body has a Content-Encoding this API does not read',
  },
  'request.aborted': { code: 'request_aborted', message: 'The request body ended early' },
  'request.size.invalid': {
    code: 'invalid_body_length',
    message: 'The request body does not match its Content-Length',
  },
};

const statusOf = (error: unknown): number | undefined => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
};

/** The answer for an error the client caused, or null for an unexpected one (a 500). */
export function clientErrorOf(error: unknown): ClientError | null {
  if (error instanceof HttpError)
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    };
  if (error instanceof ZodError)
    return {
      status: 400,
      code: 'invalid_request',
      message: 'The request is invalid',
      details: error.issues,
    };
  const status = statusOf(error);
  if (status === undefined || status < 400 || status > 499) return null;
  // Express's router: decoding a path parameter failed (e.g. %ED%A0%80, %FF).
  if (error instanceof URIError)
    return { status: 400, code: 'invalid_path', message: 'The URL path is not valid percent-encoded UTF-8' };
  const type = (error as { type?: unknown }).type;
  const known = typeof type === 'string' ? bodyReadErrors[type] : undefined;
  // Any other 4xx from the body readers (e.g. a corrupt gzip body) is still the client's.
  return { status, ...(known ?? { code: 'bad_request', message: 'The request body could not be read' }) };
}
