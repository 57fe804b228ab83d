import { z } from 'zod';
import type { Request } from 'express';

/**
 * Text as the API takes it at its edge (bodies, query strings, form fields): no NUL or other
 * control character (C0, DEL, C1) and no lone surrogate half. PostgreSQL's text refuses NUL (a
 * 500 once it reached a query) and a lone surrogate would be stored as U+FFFD; neither belongs in
 * a name, an id or a filter. Every string schema at the edge starts from this one.
 */
export const edgeText = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\p{Cc}\p{Cs}]*$/u, 'must not contain control characters');

export const tenantIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'tenant ids are 1–64 letters, digits, dot, dash or underscore');

export const tenantParams = z.object({ tenantId: tenantIdSchema });

/** Parses `req.params` (a ZodError becomes a 400 invalid_request in the error handler). */
export const tenantIdOf = (req: Request): string => tenantParams.parse(req.params).tenantId;

/** A BPro record id as hooks and record routes carry it (it becomes part of a workflow id). */
export const bproIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'record ids are 1–64 letters, digits, dot, dash or underscore');

/**
 * The OAuth `state` we issue (api/qbo-connect.ts: 32 random bytes, base64url), checked by shape
 * before the callback looks it up; a little slack on the length, none on the alphabet.
 */
export const oauthStateSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,128}$/, 'not a state this service issues');

/**
 * A sync start date: YYYY-MM-DD, a real calendar day, from 1900 on (PostgreSQL's date has no
 * year 0000, which the ISO format allows; nothing BPro holds is older).
 */
export const syncDateSchema = z.iso
  .date('must be a date as YYYY-MM-DD')
  .refine((day) => day >= '1900-01-01', 'must be 1900-01-01 or later');
