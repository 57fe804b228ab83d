// The Tax mapping's request and response shapes (a Canadian company's BPro tax group → QuickBooks
// tax code, README "Canadian companies"). The route parses with them and the OpenAPI document is
// built from them (api/openapi/tax-mapping-operations.ts).
import { z } from 'zod';
import { bproIdSchema, edgeText } from './validation';

const qboId = edgeText(64)
  .trim()
  .min(1)
  .regex(/^[A-Za-z0-9]+$/, 'QuickBooks ids are letters and digits');

export const taxMappingBodySchema = z
  .object({
    groups: z
      .array(
        z
          .object({
            bproTaxId: bproIdSchema,
            taxCodeId: qboId
              .nullable()
              .meta({ description: 'The code its lines carry; null: the sync chooses again' }),
          })
          .strict(),
      )
      .max(1000)
      .refine((list) => new Set(list.map((g) => g.bproTaxId)).size === list.length, {
        message: 'each tax group may appear once',
      })
      .optional(),
    untaxedTaxCodeId: qboId
      .nullable()
      .optional()
      .meta({ description: "The code of BPro's untaxed lines and refunds; null: the company's Exempt code" }),
  })
  .strict()
  .meta({ id: 'TaxMappingInput' });
export type TaxMappingBody = z.infer<typeof taxMappingBodySchema>;

const codeRef = z.object({ id: z.string(), name: z.string() }).meta({ id: 'TaxCodeRef' });
const rate = z.object({ name: z.string(), percent: z.string().meta({ description: 'e.g. "9.975"' }) });

export const taxMappingViewSchema = z
  .object({
    groups: z.array(
      z.object({
        bproTaxId: z.string(),
        name: z.string(),
        active: z.boolean(),
        rates: z.array(rate),
        taxCode: codeRef.nullable().meta({ description: 'In effect: the override, else the sync’s choice' }),
        chosen: codeRef
          .extend({ by: z.enum(['rates', 'created']) })
          .nullable()
          .meta({ description: 'The sync’s choice: a code with exactly these rates, or one it created' }),
        override: codeRef.nullable(),
      }),
    ),
    untaxed: z.object({
      taxCode: codeRef.nullable(),
      default: codeRef.nullable().meta({ description: "The company's Exempt code" }),
      override: codeRef.nullable(),
    }),
    codes: z
      .array(z.object({ id: z.string(), name: z.string(), rates: z.array(rate) }))
      .meta({ description: "The company's active tax codes with their sales rates (the choices)" }),
  })
  .meta({ id: 'TaxMapping' });
export type TaxMappingView = z.infer<typeof taxMappingViewSchema>;
