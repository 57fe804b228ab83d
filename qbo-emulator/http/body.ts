// Request bodies of the data API: JSON objects for entities, text for POST /query. Bad bodies get
// QBO's answers (2010 for malformed JSON, 500 for non-UTF-8, 415 for a wrong content type).
import type { Request } from 'express';
import { faults, QboFault } from '../errors';
import { isRecord, type QboObject } from '../util';

export function rawText(req: Request): string {
  const body: unknown = req.body;
  if (!Buffer.isBuffer(body) || body.length === 0) return '';
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw faults.unsupportedOperation(
      'Unsupported Operation : org.apache.xerces.impl.io.MalformedByteSequenceException: Invalid byte 1 of 1-byte UTF-8 sequence.',
    );
  }
}

function contentType(req: Request): string {
  return (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function jsonBody(req: Request): QboObject {
  const ct = contentType(req);
  if (ct !== 'application/json')
    throw new QboFault(
      [
        {
          Message: 'Unsupported Operation',
          Detail: `Content type ${ct || '(none)'} is not supported for this operation. Use application/json.`,
          code: '500',
          element: '',
        },
      ],
      415,
    );
  const text = rawText(req);
  if (text.trim() === '') throw faults.invalidProperty('Request body is empty:');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw faults.invalidProperty(`Unexpected character : ${(e as Error).message}`);
  }
  if (!isRecord(parsed)) throw faults.invalidProperty('Request body must be a JSON object');
  return parsed;
}

export function queryText(req: Request): string {
  const ct = contentType(req);
  if (ct !== 'application/text' && ct !== 'text/plain')
    throw new QboFault(
      [
        {
          Message: 'Unsupported Operation',
          Detail: `Content type ${ct || '(none)'} is not supported for query. Use application/text.`,
          code: '500',
          element: '',
        },
      ],
      415,
    );
  return rawText(req);
}
