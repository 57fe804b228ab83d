// Shared shapes of the mappers: BPro row types, QBO request bodies, and the mapping error.
import type {
  customers,
  orderLines,
  orders,
  paymentMethods,
  payments,
  productCategories,
  products,
  refunds,
  taxes,
  taxRates,
  terms,
} from '../../db/schema/bpro';

export type BproCustomer = typeof customers.$inferSelect;
export type BproCategory = typeof productCategories.$inferSelect;
export type BproProduct = typeof products.$inferSelect;
export type BproPaymentMethod = typeof paymentMethods.$inferSelect;
export type BproTerm = typeof terms.$inferSelect;
export type BproTax = typeof taxes.$inferSelect;
export type BproTaxRate = typeof taxRates.$inferSelect;
export type BproOrder = typeof orders.$inferSelect;
export type BproOrderLine = typeof orderLines.$inferSelect;
export type BproPayment = typeof payments.$inferSelect;
export type BproRefund = typeof refunds.$inferSelect;

/** A reference to another QBO object. */
export type QboRef = { value: string; name?: string };

export function ref(value: string): QboRef {
  return { value };
}

/** The id a QBO reference field (`CustomerRef`, …) holds, if it holds one. */
export function refValue(field: unknown): string | undefined {
  if (!field || typeof field !== 'object') return undefined;
  const value = (field as { value?: unknown }).value;
  return typeof value === 'string' ? value : undefined;
}

/** What makes a create body an update: the object's Id and current SyncToken. */
export type QboIdentity = { Id: string; SyncToken: string };

export type SparseUpdate<T> = Partial<T> & QboIdentity & { sparse: true };

export type MappingErrorCode =
  /** A record this one needs has no QBO id yet (the caller should have ensured it). */
  | 'missing_dependency'
  /** The company lacks an account of a kind the item needs. */
  | 'missing_account'
  /** The payment method does not exist in QuickBooks under exactly that name. */
  | 'missing_payment_method'
  /** BPro data QBO cannot represent. */
  | 'invalid_data';

/** A record that cannot be mapped; `message` is written for the user (it goes to the sync log). */
export class MappingError extends Error {
  override readonly name = 'MappingError';
  constructor(
    readonly code: MappingErrorCode,
    message: string,
  ) {
    super(message);
  }
}
