// The shapes QBO answers in (zod-checked), the API's fixed numbers, and the batch item types.
import { z } from 'zod';
import type { QboError } from './errors';

export const MINOR_VERSION = '75';
export const QUERY_PAGE_SIZE = 1000;
export const BATCH_LIMIT = 30;

/** Any QBO entity: Id and SyncToken checked, every other field kept. */
export const qboEntity = z.looseObject({ Id: z.string(), SyncToken: z.string().optional() });
export type QboEntity = z.infer<typeof qboEntity>;

export const companyInfoSchema = z.looseObject({
  Id: z.string(),
  CompanyName: z.string(),
  Country: z.string().optional(),
});
export const accountSchema = z.looseObject({
  Id: z.string(),
  SyncToken: z.string().optional(),
  Name: z.string(),
  AccountType: z.string(),
  AccountSubType: z.string().optional(),
  Active: z.boolean().optional(),
  FullyQualifiedName: z.string().optional(),
});
export type QboAccount = z.infer<typeof accountSchema>;

/** A ChangeDataCapture answer: per entity, the records changed (deleted ones as `status: "Deleted"`). */
export const cdcResponseSchema = z.looseObject({
  CDCResponse: z.array(
    z.looseObject({ QueryResponse: z.array(z.record(z.string(), z.unknown())).optional() }),
  ),
});

export type BatchItem =
  | { bId: string; operation: 'create' | 'update' | 'delete'; entity: string; body: Record<string, unknown> }
  | { bId: string; query: string };
export type BatchResult = {
  bId: string;
  entity?: QboEntity;
  query?: Record<string, unknown>;
  error?: QboError;
};
