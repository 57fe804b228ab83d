// Payments: the orders' planned payments trimmed or split to the wanted count, some on account,
// every payment method used, then numbered in the order they were received.
import type { Context } from './context';
import type { CustomerRow, OrderRow, PaymentMethodRow, PaymentRow } from './dataset';
import { at, dayOf, isoDay } from './days';
import { formatMoney, type OrderTotals } from './money';
import { planOrderPayments } from './payment-plans';
import type { Random } from './random';
import { pad, price } from './values';

const METHOD_WEIGHTS: Record<string, number> = {
  Cash: 15,
  Check: 18,
  Debit: 10,
  Visa: 25,
  MasterCard: 15,
  Amex: 6,
  Discover: 3,
  Account: 8,
};

function reference(rng: Random, method: PaymentMethodRow): string | null {
  if (method.name === 'Check') return `Chk ${rng.int(100, 9999)}`;
  if (method.isCreditCard) return `${method.name} ****${pad(rng.int(0, 9999), 4)}`;
  if (method.name === 'Debit') return `Auth ${pad(rng.int(0, 999999), 6)}`;
  if (method.name === 'Account') return rng.chance(0.5) ? `PO ${rng.int(1000, 99999)}` : null;
  return null;
}

export function generatePayments(
  ctx: Context,
  rng: Random,
  count: number,
  customers: CustomerRow[],
  orders: OrderRow[],
  totals: Map<string, OrderTotals>,
  methods: PaymentMethodRow[],
): PaymentRow[] {
  const onAccount = orders.length === 0 ? count : count >= 20 ? Math.round(count * 0.03) : count >= 5 ? 1 : 0;
  let planned = orders.flatMap((order) =>
    planOrderPayments(ctx, rng, order, totals.get(order.id)?.totalCents ?? 0),
  );
  const wanted = count - onAccount;
  if (planned.length > wanted) {
    // Dropping payments only lowers what is applied to an order: still never over-applied.
    const keep = new Set(rng.sample(Array.from(planned.keys()), wanted));
    planned = planned.filter((_, index) => keep.has(index));
  }
  let extraOnAccount = 0;
  while (planned.length < wanted) {
    // Split a posted payment in two on the same day (part by card, part by cash): same sum.
    const splittable = planned.flatMap((p, index) =>
      p.status === 'posted' && p.amountCents >= 2 ? [index] : [],
    );
    if (splittable.length === 0) {
      extraOnAccount = wanted - planned.length;
      break;
    }
    const source = planned[rng.pick(splittable)];
    if (!source) break;
    const part = rng.int(1, source.amountCents - 1);
    planned.push({ ...source, amountCents: source.amountCents - part, minute: source.minute + 1 });
    source.amountCents = part;
  }
  const topLevel = customers.filter((c) => c.parentId === null);
  for (let k = 0; k < onAccount + extraOnAccount; k++) {
    const day = rng.int(ctx.historyStart, ctx.today);
    const candidates = topLevel.filter((c) => dayOf(c.createdAt) < day);
    const customer = candidates.length > 0 ? rng.pick(candidates) : topLevel[0];
    if (!customer) break;
    planned.push({
      customerId: customer.id,
      orderId: null,
      amountCents: price(rng, 20, 2000),
      day,
      minute: rng.int(16 * 60, 19 * 60 + 59),
      status: 'posted',
    });
  }

  const methodFor = () => rng.weighted(methods.map((m) => [m, METHOD_WEIGHTS[m.name] ?? 1] as const));
  const chosen = planned.map(() => methodFor());
  // Some payments by each method.
  const used = new Map<string, number>();
  for (const m of chosen) used.set(m.id, (used.get(m.id) ?? 0) + 1);
  for (const method of methods) {
    if (used.has(method.id)) continue;
    const donors = chosen.flatMap((m, index) =>
      (used.get(m.id) ?? 0) > 1 && planned[index]?.status === 'posted' ? [index] : [],
    );
    if (donors.length === 0) break;
    const index = rng.pick(donors);
    const donor = chosen[index];
    if (!donor) continue;
    used.set(donor.id, (used.get(donor.id) ?? 0) - 1);
    used.set(method.id, 1);
    chosen[index] = method;
  }

  const order = planned
    .map((plan, index) => ({ plan, method: chosen[index] ?? methodFor() }))
    .sort((a, b) => a.plan.day - b.plan.day || a.plan.minute - b.plan.minute);
  return order.map(({ plan, method }, index): PaymentRow => {
    const createdAt = at(plan.day, plan.minute);
    return {
      tenantId: ctx.tenantId,
      id: `pay-${pad(index + 1, 6)}`,
      createdAt,
      updatedAt:
        plan.status === 'voided' ? new Date(createdAt.getTime() + rng.int(1, 240) * 60_000) : createdAt,
      customerId: plan.customerId,
      orderId: plan.orderId,
      paymentMethodId: method.id,
      amount: formatMoney(plan.amountCents),
      receivedOn: isoDay(plan.day),
      reference: reference(rng, method),
      status: plan.status,
    };
  });
}
