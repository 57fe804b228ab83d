import { z } from 'zod';
import type { Request } from 'express';

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
