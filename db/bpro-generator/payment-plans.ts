// What an order is paid with, before payments get methods and ids: deposits, partial and full
// payments by the order's status, never more than its total, and a declined-then-retaken card.
import type { Context } from './context';
import type { OrderRow, PaymentRow } from './dataset';
import { dayOf, parseDay } from './days';
import type { Random } from './random';

export type PlannedPayment = {
  customerId: string;
  orderId: string | null;
  amountCents: number;
  day: number;
  minute: number;
  status: PaymentRow['status'];
};

export function planOrderPayments(
  ctx: Context,
  rng: Random,
  order: OrderRow,
  totalCents: number,
): PlannedPayment[] {
  const plans: PlannedPayment[] = [];
  const orderDay = parseDay(order.orderDate);
  const add = (amountCents: number, day: number, status: PaymentRow['status'] = 'posted') => {
    if (amountCents <= 0) return;
    plans.push({
      customerId: order.customerId,
      orderId: order.id,
      amountCents,
      day: Math.min(ctx.today, Math.max(orderDay, day)),
      minute: rng.int(16 * 60, 19 * 60 + 59),
      status,
    });
  };
  const deposit = (total: number) => {
    if (total < 2) return 0;
    if (total < 20_000) return Math.floor(total / 2);
    const fraction = rng.pick([0.25, 1 / 3, 0.5]);
    return Math.min(total - 1, Math.max(1, Math.round((total * fraction) / 100) * 100));
  };
  const partial = (remaining: number) =>
    remaining < 2
      ? 0
      : Math.min(
          remaining - 1,
          Math.max(1, rng.int(Math.round(remaining * 0.2), Math.round(remaining * 0.8))),
        );

  if (totalCents <= 0) return plans;
  if (order.status === 'completed' && order.completedAt) {
    const done = dayOf(order.completedAt);
    const dueDays = order.dueDate ? parseDay(order.dueDate) - orderDay : 0;
    const afterDone = () => rng.int(done, Math.min(ctx.today, done + Math.max(dueDays, 3)));
    const before = () => rng.int(orderDay, done - 1);
    const r = rng.next();
    if (done > orderDay && r < 0.3) {
      const d = deposit(totalCents);
      add(d, before());
      add(totalCents - d, afterDone());
    } else if (done > orderDay && r < 0.38) {
      const d = deposit(totalCents);
      const p = partial(totalCents - d);
      const second = afterDone();
      add(d, before());
      add(p, second);
      add(totalCents - d - p, rng.int(second, Math.min(ctx.today, second + 30)));
    } else if (done > orderDay && r < 0.45) {
      add(deposit(totalCents), before());
    } else if (r < 0.8) {
      add(totalCents, afterDone());
    } else if (r < 0.92) {
      add(partial(totalCents), afterDone());
    }
  } else if (order.status === 'open') {
    const r = rng.next();
    if (r < 0.4) add(deposit(totalCents), rng.int(orderDay, ctx.today));
    else if (r < 0.5) {
      const d = deposit(totalCents);
      const first = rng.int(orderDay, ctx.today);
      add(d, first);
      add(partial(totalCents - d), rng.int(first, ctx.today));
    }
  } else {
    const cancelled = dayOf(order.updatedAt);
    const r = rng.next();
    if (r < 0.12) add(deposit(totalCents), rng.int(orderDay, cancelled), 'voided');
    else if (r < 0.25) add(deposit(totalCents), rng.int(orderDay, cancelled));
  }
  // A declined-then-retaken card: a voided payment just before a posted one.
  const first = plans[0];
  if (first && first.status === 'posted' && rng.chance(0.05)) {
    plans.unshift({ ...first, minute: first.minute - 3, status: 'voided' });
  }
  return plans;
}
