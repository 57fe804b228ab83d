// Emulator options. Behaviours that qbo-api.md marks [UNCONFIRMED] are switches here, each with
// the default we judged most likely; README.md lists them.
import { randomInt } from 'node:crypto';
import { z } from 'zod';

const day = 24 * 3600 * 1000;

export const emulatorOptionsSchema = z.object({
  /** Clock in epoch ms (tests may inject one). */
  now: z.custom<() => number>((v) => typeof v === 'function').default(() => Date.now),
  /** Random source in [0,1) for fault injection. */
  random: z.custom<() => number>((v) => typeof v === 'function').default(() => Math.random),
  /** Apps registered at start (also `POST /__emulator/clients`). */
  clients: z
    .array(z.object({ clientId: z.string(), clientSecret: z.string(), redirectUris: z.array(z.string()) }))
    .default([]),
  /**
   * Realm ids are derived from this base: random per instance by default, so two emulators (or
   * two test files) never hand out the same company id; fix it for reproducible ids.
   */
  realmIdBase: z
    .number()
    .int()
    .nonnegative()
    .default(() => randomInt(0, 999_999_999)),
  /** Minutes east of UTC used for `time`, MetaData and default TxnDate (QBO answers in Pacific time). */
  utcOffsetMinutes: z.number().int().default(-420),

  // OAuth
  accessTokenTtlSeconds: z.number().int().positive().default(3600),
  refreshTokenTtlSeconds: z.number().int().positive().default(8_726_400),
  authCodeTtlSeconds: z.number().int().positive().default(300),
  /** The refresh-token value is rotated when it is older than this (QBO: about 24 h). 0 = every refresh. */
  refreshTokenRotateAfterMs: z.number().int().nonnegative().default(day),
  /** How long a superseded refresh token keeps working (QBO: 24 h). 0 = strict mode. */
  refreshTokenGraceMs: z.number().int().nonnegative().default(day),
  /** Exchanging an auth code twice also revokes the tokens of the first exchange (observed). */
  codeReusePoisonsGrant: z.boolean().default(true),
  /** Revoking one token of a grant revokes the whole grant [UNCONFIRMED]. */
  revokeWholeGrant: z.boolean().default(true),

  // API
  /** Unknown top-level properties: 2010 like QBO's deserializer, or stored as sent. */
  unknownFields: z.enum(['reject', 'ignore']).default('reject'),
  /** How read-only fields in request bodies (TotalAmt, Balance, …) are handled: ignored or 2010. */
  readOnlyFields: z.enum(['ignore', 'reject']).default('ignore'),
  /** `requestid` handling: replay the first response, ignore it (observed duplicates), or 600 on a different body. */
  requestIdMode: z.enum(['replay', 'ignore', 'reject-different-body']).default('replay'),
  /** How many requestids per realm are remembered for replay (oldest forgotten first). */
  requestIdRetention: z.number().int().positive().default(100_000),
  /** Projections (`select Id, DisplayName from …`): return only those fields, the full objects, or 4000. */
  queryProjections: z.enum(['project', 'full', 'reject']).default('project'),
  /** String comparison in WHERE is case-insensitive [UNCONFIRMED]. */
  queryCaseInsensitive: z.boolean().default(true),
  /** Longest accepted query statement [UNCONFIRMED]; longer → 4000. */
  maxQueryLength: z.number().int().positive().default(100_000),
  /** Duplicate-name checks ignore case [UNCONFIRMED] and include inactive records [OBS]. */
  duplicateNameCaseInsensitive: z.boolean().default(true),
  duplicateNameIncludesInactive: z.boolean().default(true),
  /** Making a customer inactive renames it to `Name (deleted)` [UNCONFIRMED]. */
  renameInactiveCustomers: z.boolean().default(false),
  /** DocNumber uniqueness across all sales transaction types (some companies) or per type. */
  docNumberUniqueAcrossTypes: z.boolean().default(false),
  /** RefundReceipt requires CustomerRef [UNCONFIRMED]. */
  refundReceiptRequiresCustomer: z.boolean().default(false),
  /** Credit Card accounts accepted as RefundReceipt DepositToAccountRef [UNCONFIRMED]. */
  refundFromCreditCardAccount: z.boolean().default(false),
  /** `operation=void` on CreditMemo and RefundReceipt [UNCONFIRMED]. */
  voidCreditMemoAndRefund: z.boolean().default(true),
  /** NonInventory and Service items also need ExpenseAccountRef (doc text) [UNCONFIRMED]. */
  strictItemAccounts: z.boolean().default(false),
  /** Send `Retry-After` on 429 [UNCONFIRMED]; seconds, 0 = no header. */
  retryAfterSeconds: z.number().int().nonnegative().default(0),
  /** Max items per batch call. */
  maxBatchItems: z.number().int().positive().default(30),
  /** CDC look-back window in days (QBO: 30); an older changedSince is refused. */
  cdcLookbackDays: z.number().positive().default(30),
  /** Most objects one CDC response holds, across entities (QBO: 1000); the oldest changes are kept [UNCONFIRMED]. */
  cdcMaxObjects: z.number().int().positive().default(1000),
  /** Entities CDC refuses (Intuit's list; JournalCode and TimeActivity are not emulated). `[]` allows them. */
  cdcUnsupportedEntities: z.array(z.string()).default(['TaxAgency', 'TaxCode', 'TaxRate']),
  /** What a merge leaves of the merged-away customer: inactive (Intuit's help) or deleted (610, CDC Deleted). */
  mergedCustomer: z.enum(['inactive', 'deleted']).default('inactive'),

  // Limits (per realm) — also `PUT /__emulator/limits`. null = unlimited.
  perMinute: z.number().int().positive().nullable().default(500),
  perSecond: z.number().int().positive().nullable().default(10),
  batchPerMinute: z.number().int().positive().nullable().default(40),
  timeScale: z.number().positive().default(1),
});

export type EmulatorOptionsInput = z.input<typeof emulatorOptionsSchema>;
export type EmulatorOptions = z.output<typeof emulatorOptionsSchema>;

export function parseOptions(input: EmulatorOptionsInput = {}): EmulatorOptions {
  return emulatorOptionsSchema.parse(input);
}
