// The shape of one documented operation, and the error responses most operations share.
import type { z } from 'zod';
import { errorBodySchema, tenantPathSchema } from '../schemas';

export type Security = 'apiToken' | 'hookSignature' | 'none';

export type Operation = {
  method: 'get' | 'put' | 'post' | 'delete';
  /** OpenAPI style, under /api/v1: `/tenants/{tenantId}/qbo/log`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  security: Security;
  path_params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body may be left out (documented as not required). */
  bodyOptional?: true;
  responses: Record<string, { description: string; schema?: z.ZodType; html?: true; redirect?: true }>;
};

export const error = (description: string) => ({ description, schema: errorBodySchema });
export const common = {
  '400': error('Invalid request (`invalid_request` with zod issues in details)'),
  '401': error('Missing or invalid bearer token'),
};
export const tenantOps = { security: 'apiToken' as const, path_params: tenantPathSchema };
