// What the small preset contains: the awkward names, decimal quantities, every kind of record, and
// dates, payments and refunds that stay consistent with each other.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TODAY, datasetOrderTotals, generateBproDataset, parseMoney } from '../../db/bpro-generator';

const small = generateBproDataset({ tenantId: 'tenant-a', seed: 42, size: 'small' });

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Two distinct strings equal under `normalize`. */
function hasNearDuplicates(values: readonly string[], normalize: (v: string) => string): boolean {
  const seen = new Map<string, string>();
  for (const value of values) {
    const key = normalize(value);
    const other = seen.get(key);
    if (other !== undefined && other !== value) return true;
    seen.set(key, value);
  }
  return false;
}

describe('the small preset', () => {
  const customerNames = small.customers.map((c) => c.displayName);
  const productNames = small.products.map((p) => p.name);
  const allNames = [...customerNames, ...productNames, ...small.productCategories.map((c) => c.name)];

  it('contains every awkward name on purpose', () => {
    expect(customerNames.some((n) => n.includes("'"))).toBe(true); // apostrophe
    expect(productNames.some((n) => n.includes("'"))).toBe(true);
    expect(customerNames.some((n) => n.includes(':'))).toBe(true); // colon (QBO's hierarchy separator)
    expect(productNames.some((n) => n.includes(':'))).toBe(true);
    expect(customerNames.some((n) => n.includes('&'))).toBe(true); // ampersand
    expect(productNames.some((n) => n.includes('&'))).toBe(true);
    expect(customerNames.some((n) => /[À-ž]/.test(n))).toBe(true); // accents
    expect(productNames.some((n) => /[À-ž]/.test(n))).toBe(true);
    expect(customerNames.some((n) => n.length === 120)).toBe(true);
    expect(productNames.some((n) => n.length === 120)).toBe(true);
    expect(hasNearDuplicates(customerNames, (n) => n.toLowerCase())).toBe(true); // case only
    expect(hasNearDuplicates(productNames, (n) => n.toLowerCase())).toBe(true);
    expect(hasNearDuplicates(customerNames, collapse)).toBe(true); // spacing only
    expect(hasNearDuplicates(productNames, collapse)).toBe(true);
    expect(customerNames.some((n) => n !== n.trim())).toBe(true); // leading/trailing spaces
    expect(productNames.some((n) => n !== n.trim())).toBe(true);
    expect(small.products.some((p) => p.description?.includes('\t'))).toBe(true); // tab
    const skus = small.products.flatMap((p) => (p.productNumber ? [p.productNumber] : []));
    expect(hasNearDuplicates(skus, (n) => n.toLowerCase())).toBe(true);
    expect(small.products.some((p) => p.productNumber === null)).toBe(true);
    expect(allNames.every((n) => n.length > 0 && n.length <= 120)).toBe(true);
    // Exact duplicates are not generated: near-duplicates are the awkward part.
    expect(new Set(customerNames).size).toBe(customerNames.length);
  });

  it('has decimal quantities', () => {
    const fractions = small.orderLines.map((l) => l.quantity.split('.')[1] ?? '');
    expect(fractions.some((f) => f !== '0000')).toBe(true);
    expect(fractions.some((f) => /[1-9]$/.test(f))).toBe(true); // a 4th decimal
    expect(small.orderLines.every((l) => /^\d+\.\d{4}$/.test(l.quantity))).toBe(true);
    expect(small.orderLines.every((l) => /^\d+\.\d{2}$/.test(l.unitPrice))).toBe(true);
  });

  it('has nested categories and products of every kind', () => {
    const parent = new Map(small.productCategories.map((c) => [c.id, c.parentId]));
    const depth = (id: string | null): number => (id === null ? 0 : 1 + depth(parent.get(id) ?? null));
    expect(Math.max(...small.productCategories.map((c) => depth(c.id)))).toBeGreaterThanOrEqual(3);
    for (const kind of ['rental', 'retail', 'service'] as const) {
      expect(small.products.some((p) => p.kind === kind)).toBe(true);
    }
    for (const kind of ['rental', 'retail'] as const) {
      expect(small.products.some((p) => p.kind === kind && p.trackInventory)).toBe(true);
      expect(small.products.some((p) => p.kind === kind && !p.trackInventory)).toBe(true);
    }
    expect(small.products.some((p) => p.kind === 'service' && p.trackInventory)).toBe(false);
    expect(small.products.some((p) => !p.isActive)).toBe(true);
  });

  it('has reference data: payment types, terms, tax groups of 1–3 rates', () => {
    const cards = small.paymentMethods.filter((m) => m.isCreditCard).map((m) => m.name);
    expect(cards).toEqual(['Visa', 'MasterCard', 'Amex', 'Discover']);
    expect(small.terms.map((t) => [t.name, t.dueDays])).toContainEqual(['Due on receipt', 0]);
    expect(small.terms.map((t) => t.dueDays)).toEqual(expect.arrayContaining([0, 15, 30, 60]));
    const rateCounts = small.taxes.map((t) => small.taxRates.filter((r) => r.taxId === t.id).length);
    expect(new Set(rateCounts)).toEqual(new Set([1, 2, 3]));
  });

  it('has companies, people, inactive customers and jobs', () => {
    const top = small.customers.filter((c) => c.parentId === null);
    expect(top.some((c) => c.companyName !== null)).toBe(true);
    expect(top.some((c) => c.companyName === null && c.firstName !== null)).toBe(true);
    expect(top.some((c) => !c.isActive)).toBe(true);
    expect(small.orders.some((o) => small.customers.find((c) => c.id === o.customerId)?.parentId)).toBe(true);
  });

  it('has orders of every status, taxed and untaxed, some showing the rounding difference', () => {
    for (const status of ['open', 'completed', 'cancelled'] as const) {
      expect(small.orders.some((o) => o.status === status)).toBe(true);
    }
    expect(small.orders.every((o) => (o.status === 'completed') === (o.completedAt !== null))).toBe(true);
    expect(small.orders.some((o) => o.taxId === null)).toBe(true);
    expect(small.orders.some((o) => o.termId === null)).toBe(true);
    expect(small.orderLines.some((l) => !l.taxable)).toBe(true);
    const totals = [...datasetOrderTotals(small).values()];
    expect(totals.some((t) => t.qboTaxCents < t.taxCents)).toBe(true);
    expect(totals.some((t) => t.qboTaxCents > t.taxCents)).toBe(true);
  });

  it('spreads dates over ~18 months so a start date in the middle splits the data', () => {
    const dates = small.orders.map((o) => o.orderDate).sort();
    const spanDays = (Date.parse(DEFAULT_TODAY) - Date.parse(dates[0] ?? DEFAULT_TODAY)) / 86_400_000;
    expect(spanDays).toBeGreaterThan(480);
    expect(spanDays).toBeLessThanOrEqual(548);
    const middle = '2025-12-31';
    expect(dates.filter((d) => d < middle).length).toBeGreaterThan(30);
    expect(dates.filter((d) => d >= middle).length).toBeGreaterThan(30);
    const created = small.customers.map((c) => c.createdAt.toISOString().slice(0, 10));
    expect(created.some((d) => d < middle) && created.some((d) => d >= middle)).toBe(true);
  });

  it('takes payments of every kind and never over-applies an order', () => {
    const totals = datasetOrderTotals(small);
    const orders = new Map(small.orders.map((o) => [o.id, o]));
    const posted = small.payments.filter((p) => p.status === 'posted');
    const applied = new Map<string, number>();
    for (const p of posted) {
      if (p.orderId) applied.set(p.orderId, (applied.get(p.orderId) ?? 0) + parseMoney(p.amount));
    }
    for (const [orderId, sum] of applied)
      expect(sum).toBeLessThanOrEqual(totals.get(orderId)?.totalCents ?? 0);

    const deposits = posted.filter((p) => {
      const completedAt = p.orderId ? orders.get(p.orderId)?.completedAt : null;
      return completedAt ? p.receivedOn < completedAt.toISOString().slice(0, 10) : false;
    });
    expect(deposits.length).toBeGreaterThan(0);
    const fullInOne = posted.filter(
      (p) => p.orderId && parseMoney(p.amount) === totals.get(p.orderId)?.totalCents,
    );
    expect(fullInOne.length).toBeGreaterThan(0);
    const partlyPaid = [...applied].filter(
      ([orderId, sum]) => sum > 0 && sum < (totals.get(orderId)?.totalCents ?? 0),
    );
    expect(partlyPaid.length).toBeGreaterThan(0);
    expect(small.payments.some((p) => p.orderId === null)).toBe(true); // on account
    expect(small.payments.some((p) => p.status === 'voided')).toBe(true);
    const methodsUsed = new Set(posted.map((p) => p.paymentMethodId));
    expect(small.paymentMethods.every((m) => methodsUsed.has(m.id))).toBe(true);
  });

  it('refunds stay within their payment and come after it', () => {
    const payments = new Map(small.payments.map((p) => [p.id, p]));
    expect(small.refunds.length).toBeGreaterThan(0);
    for (const refund of small.refunds) {
      const payment = refund.paymentId ? payments.get(refund.paymentId) : undefined;
      expect(payment).toBeDefined();
      if (!payment) continue;
      expect(payment.status).toBe('posted');
      expect(refund.orderId).toBe(payment.orderId);
      expect(parseMoney(refund.amount)).toBeLessThanOrEqual(parseMoney(payment.amount));
      expect(refund.refundedOn > payment.receivedOn).toBe(true);
    }
    expect(small.refunds.some((r) => r.reason === 'Order cancelled')).toBe(true);
  });

  it('keeps timestamps consistent with record dates', () => {
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const rows: { createdAt: Date; updatedAt: Date }[] = [
      ...small.customers,
      ...small.products,
      ...small.orders,
      ...small.payments,
      ...small.refunds,
    ];
    expect(rows.every((r) => r.updatedAt >= r.createdAt && day(r.updatedAt) <= DEFAULT_TODAY)).toBe(true);
    expect(small.orders.every((o) => day(o.createdAt) === o.orderDate)).toBe(true);
    expect(small.payments.every((p) => day(p.createdAt) === p.receivedOn)).toBe(true);
    expect(small.refunds.every((r) => day(r.createdAt) === r.refundedOn)).toBe(true);
  });
});
