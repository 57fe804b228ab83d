// BPro payment method → an existing QBO PaymentMethod of exactly the same name. Never created:
// BPro tells its users to create them in QuickBooks by hand (bpro.md §2.7).
import { type BproPaymentMethod, type QboRef } from './types';

export type QboPaymentMethodLike = { Id: string; Name: string; Active?: boolean | undefined };

export type PaymentMethodMatch =
  { ok: true; method: QboPaymentMethodLike; ref: QboRef } | { ok: false; message: string };

/**
 * The QBO payment method named exactly like the BPro one (surrounding spaces ignored, case
 * significant). Otherwise a message telling the user what to create or fix in QuickBooks.
 */
export function matchPaymentMethod(
  bpro: Pick<BproPaymentMethod, 'name'>,
  qboMethods: readonly QboPaymentMethodLike[],
): PaymentMethodMatch {
  const name = bpro.name.trim();
  const exact = qboMethods.filter((m) => m.Name.trim() === name);
  const active = exact.find((m) => m.Active !== false);
  if (active) return { ok: true, method: active, ref: { value: active.Id, name: active.Name } };
  const how = 'In QuickBooks open Settings (gear icon) → All Lists → Payment Methods';
  if (exact.length > 0)
    return {
      ok: false,
      message:
        `The payment method "${name}" is inactive in QuickBooks. ${how}, make "${name}" active ` +
        `again, then retry.`,
    };
  const similar = qboMethods.find((m) => m.Name.trim().toLowerCase() === name.toLowerCase());
  if (similar)
    return {
      ok: false,
      message:
        `The payment method "${name}" does not exist in QuickBooks under exactly that name ` +
        `(QuickBooks has "${similar.Name.trim()}"). ${how}, rename "${similar.Name.trim()}" to exactly ` +
        `"${name}", then retry.`,
    };
  return {
    ok: false,
    message:
      `The payment method "${name}" does not exist in QuickBooks. ${how} → New, create a payment ` +
      `method named exactly "${name}", then retry.`,
  };
}
