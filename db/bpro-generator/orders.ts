// Sales orders and their lines over the history: each for a customer that existed by then, with a
// status by age, an optional term and tax group, and BPro's totals of every order.
import { maybeEdited, type Context } from './context';
import type { CustomerRow, OrderLineRow, OrderRow, ProductRow } from './dataset';
import { at, isoDay, sortedDays } from './days';
import { formatMoney, formatQuantity, orderTotals, parseMoney, type OrderTotals } from './money';
import { LINE_NOTES, ORDER_MEMOS } from './catalog-words';
import type { Random } from './random';
import type { ReferenceData } from './reference-data';
import { pad } from './values';

/** How many of the ascending `times` are ≤ `time` (binary search). */
function countCreatedBy(times: readonly number[], time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((times[mid] ?? Infinity) <= time) low = mid + 1;
    else high = mid;
  }
  return low;
}

type GeneratedOrders = { orders: OrderRow[]; orderLines: OrderLineRow[]; totals: Map<string, OrderTotals> };

function quantityFor(rng: Random, kind: ProductRow['kind']): string {
  if (kind === 'rental') {
    return rng.weighted<() => string>([
      [() => formatQuantity(rng.int(1, 10) * 10_000), 6],
      [() => formatQuantity(rng.int(10, 200) * 10_000), 2.5],
      [() => formatQuantity(rng.int(1, 8) * 10_000 + rng.pick([2500, 5000, 7500])), 1.5],
    ])();
  }
  if (kind === 'retail') {
    return rng.chance(0.8)
      ? formatQuantity(rng.int(1, 50) * 10_000)
      : formatQuantity(rng.int(5_000, 500_000));
  }
  return rng.weighted<() => string>([
    [() => formatQuantity(rng.int(1, 32) * 2_500), 7],
    [() => formatQuantity(rng.int(1, 9) * 3_333), 1],
    [() => formatQuantity(10_000), 2],
  ])();
}

export function generateOrders(
  ctx: Context,
  rng: Random,
  count: number,
  customers: CustomerRow[],
  products: ProductRow[],
  reference: ReferenceData,
): GeneratedOrders {
  const parties = [...customers].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
  );
  const partyTimes = parties.map((p) => p.createdAt.getTime());
  const activeTerms = reference.terms.filter((t) => t.isActive);
  const ratesByTax = new Map<string, string[]>();
  for (const rate of reference.taxRates)
    ratesByTax.set(rate.taxId, [...(ratesByTax.get(rate.taxId) ?? []), rate.rate]);
  const activeTaxes = reference.taxes.filter((t) => t.isActive);
  const activeProducts = products.filter((p) => p.isActive);
  const days = sortedDays(rng, count, ctx.historyStart, ctx.today);
  const orders: OrderRow[] = [];
  const orderLines: OrderLineRow[] = [];
  const totals = new Map<string, OrderTotals>();

  for (let i = 0; i < count; i++) {
    const orderDay = days[i] ?? ctx.today;
    const createdAt = at(orderDay, rng.int(8 * 60, 11 * 60 + 59));
    // Parties created no later than the order (customers are sorted by creation).
    const eligible = countCreatedBy(partyTimes, createdAt.getTime());
    const party = parties[rng.int(0, Math.max(0, eligible - 1))] ?? parties[0];
    if (!party) throw new Error('orders need customers');

    const age = ctx.today - orderDay;
    const status = rng.weighted<OrderRow['status']>(
      age > 60
        ? [
            ['completed', 85],
            ['cancelled', 9],
            ['open', 6],
          ]
        : [
            ['open', 50],
            ['completed', 40],
            ['cancelled', 10],
          ],
    );
    const term =
      activeTerms.length > 0 && rng.chance(0.85)
        ? rng.weighted(activeTerms.map((t) => [t, t.dueDays === 30 ? 4 : 1] as const))
        : null;
    const tax =
      activeTaxes.length > 0 && rng.chance(0.85)
        ? rng.weighted(activeTaxes.map((t) => [t, (ratesByTax.get(t.id)?.length ?? 1) >= 2 ? 3 : 1] as const))
        : null;

    let completedAt: Date | null = null;
    let updatedAt = createdAt;
    if (status === 'completed') {
      const lead = rng.weighted<number>([
        [0, 3],
        [rng.int(1, 3), 3],
        [rng.int(4, 21), 4],
      ]);
      completedAt = at(Math.min(ctx.today, orderDay + lead), rng.int(12 * 60, 15 * 60 + 59));
      updatedAt = completedAt;
    } else if (status === 'cancelled') {
      updatedAt = at(Math.min(ctx.today, orderDay + rng.int(0, 30)), rng.int(12 * 60, 15 * 60 + 59));
    } else {
      updatedAt = maybeEdited(ctx, rng, createdAt, 0.4);
    }

    const id = `ord-${pad(i + 1, 6)}`;
    const lineCount = rng.weighted<number>([
      [1, 3],
      [2, 4],
      [3, 4],
      [4, 2],
      [5, 1],
      [6, 1],
    ]);
    const lines: OrderLineRow[] = [];
    for (let n = 1; n <= lineCount; n++) {
      const product =
        activeProducts.length > 0 && rng.chance(0.95) ? rng.pick(activeProducts) : rng.pick(products);
      const listPrice =
        product.kind === 'rental' ? (product.rentalPrice ?? product.salePrice) : product.salePrice;
      let unitCents = listPrice ? parseMoney(listPrice) : 1000;
      if (rng.chance(0.1)) unitCents = Math.max(1, Math.round(unitCents * 0.9)); // line discount
      const description = rng.weighted<string>([
        [product.name, 17],
        [product.description ?? product.name, 2],
        [rng.pick(LINE_NOTES), 1],
      ]);
      lines.push({
        tenantId: ctx.tenantId,
        id: `oln-${pad(orderLines.length + lines.length + 1, 7)}`,
        createdAt,
        updatedAt: createdAt,
        orderId: id,
        lineNo: n,
        productId: product.id,
        description,
        quantity: quantityFor(rng, product.kind),
        unitPrice: formatMoney(unitCents),
        taxable: product.kind === 'service' ? rng.chance(0.25) : rng.chance(0.93),
      });
    }
    orderLines.push(...lines);
    totals.set(id, orderTotals(lines, tax ? (ratesByTax.get(tax.id) ?? []) : []));
    orders.push({
      tenantId: ctx.tenantId,
      id,
      createdAt,
      updatedAt,
      customerId: party.id,
      number: String(1001 + i),
      status,
      orderDate: isoDay(orderDay),
      dueDate: term ? isoDay(orderDay + term.dueDays) : null,
      termId: term?.id ?? null,
      taxId: tax?.id ?? null,
      memo: rng.chance(0.3) ? rng.pick(ORDER_MEMOS) : null,
      completedAt,
    });
  }
  return { orders, orderLines, totals };
}
