// The JSON body reader of every /api/v1 route but the hooks (which read their signed raw bytes):
// at most 256 kB, and UTF-8 only. JSON between systems is UTF-8 (RFC 8259 §8.1); body-parser would
// also decode UTF-16 and UTF-32, where a stray byte is silently dropped (a one-byte body declared
// UTF-16 became `{}` and was taken as an empty change), so another declared charset is a 415.
import express from 'express';
import { HttpError } from './http-error';

export const jsonBody = express.json({
  limit: '256kb',
  verify: (_req, _res, _buf, encoding) => {
    if (encoding !== 'utf-8')
      throw new HttpError(415, 'unsupported_charset', 'The request body must be JSON in UTF-8');
  },
});
