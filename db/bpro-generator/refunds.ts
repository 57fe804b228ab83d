// Refunds of posted payments: cancelled orders' deposits first, then full or partial refunds of
// others, within 60 days of the payment, mostly by the same method.
import type { Context } from './context';
import type { OrderRow, PaymentMethodRow, PaymentRow, RefundRow } from './dataset';
import { at, isoDay, parseDay } from './days';
import { formatMoney, parseMoney } from './money';
import { REFUND_REASONS } from './catalog-words';
import type { Random } from './random';
import { pad } from './values';

export function generateRefunds(
  ctx: Context,
  rng: Random,
  count: number,
  orders: OrderRow[],
  payments: PaymentRow[],
  methods: PaymentMethodRow[],
): RefundRow[] {
  const statusOf = new Map(orders.map((o) => [o.id, o.status]));
  const eligible = payments.filter((p) => p.status === 'posted' && parseDay(p.receivedOn) < ctx.today);
  const onCancelled = eligible.filter((p) => p.orderId !== null && statusOf.get(p.orderId) === 'cancelled');
  const others = eligible.filter((p) => !(p.orderId !== null && statusOf.get(p.orderId) === 'cancelled'));
  // Refund cancelled orders' deposits first, but leave room for other kinds of refund.
  const fromCancelled = rng.shuffle(onCancelled).slice(0, Math.ceil(count / 2));
  const picked = [...fromCancelled, ...rng.shuffle(others)].slice(0, count);
  const cashLike = methods.filter((m) => m.name === 'Cash' || m.name === 'Check');
  const rows = picked.map((payment) => {
    const paid = parseMoney(payment.amount);
    const cancelled = payment.orderId !== null && statusOf.get(payment.orderId) === 'cancelled';
    const amount =
      cancelled || paid < 2 || rng.chance(0.4)
        ? paid
        : rng.int(Math.max(1, Math.round(paid * 0.1)), Math.round(paid * 0.5));
    const paidDay = parseDay(payment.receivedOn);
    const day = rng.int(paidDay + 1, Math.min(ctx.today, paidDay + 60));
    const methodId =
      rng.chance(0.85) || cashLike.length === 0 ? payment.paymentMethodId : rng.pick(cashLike).id;
    return {
      day,
      minute: rng.int(16 * 60, 19 * 60 + 59),
      row: {
        customerId: payment.customerId,
        orderId: payment.orderId,
        paymentId: payment.id,
        paymentMethodId: methodId,
        amount: formatMoney(amount),
        refundedOn: isoDay(day),
        reason: cancelled ? 'Order cancelled' : rng.chance(0.1) ? null : rng.pick(REFUND_REASONS.slice(1)),
      },
    };
  });
  rows.sort((a, b) => a.day - b.day || a.minute - b.minute || (a.row.paymentId < b.row.paymentId ? -1 : 1));
  return rows.map(({ day, minute, row }, index): RefundRow => {
    const createdAt = at(day, minute);
    return {
      tenantId: ctx.tenantId,
      id: `ref-${pad(index + 1, 6)}`,
      createdAt,
      updatedAt: createdAt,
      ...row,
    };
  });
}
