import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PAYMENT_METHODS,
  DEFAULT_TODAY,
  Random,
  combinedTaxCents,
  datasetOrderTotals,
  findBproDatasetProblems,
  formatMoney,
  formatQuantity,
  generateBproDataset,
  lineAmountCents,
  orderTotals,
  parseMoney,
  parseQuantity,
  perRateTaxCents,
  resolveSizes,
  roundHalfUp,
  sizePresets,
  type SizePresetName,
} from '../../db/bpro-generator';

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

describe('random', () => {
  it('is a pure function of its seed', () => {
    const a = new Random('x');
    const b = new Random('x');
    const c = new Random('y');
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((n) => n >= 0 && n < 1)).toBe(true);
  });

  it('keeps helpers within bounds', () => {
    const rng = new Random(1);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
    }
    expect(rng.shuffle([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
    expect(new Set(rng.sample([1, 2, 3, 4, 5], 3)).size).toBe(3);
    expect(rng.weighted([['only', 1]])).toBe('only');
    expect(() => rng.pick([])).toThrow();
  });
});

describe('money', () => {
  it('parses and formats exactly', () => {
    expect(parseMoney('12.3')).toBe(1230);
    expect(parseMoney('0.07')).toBe(7);
    expect(formatMoney(1230)).toBe('12.30');
    expect(formatMoney(5)).toBe('0.05');
    expect(formatMoney(-5)).toBe('-0.05');
    expect(parseQuantity('2.5')).toBe(25_000n);
    expect(formatQuantity(3_333)).toBe('0.3333');
    expect(() => parseMoney('1.005')).toThrow();
    expect(() => parseMoney('abc')).toThrow();
  });

  it('rounds half up (away from zero)', () => {
    expect(roundHalfUp(5n, 10n)).toBe(1n);
    expect(roundHalfUp(4n, 10n)).toBe(0n);
    expect(roundHalfUp(15n, 10n)).toBe(2n);
    expect(roundHalfUp(-15n, 10n)).toBe(-2n);
    expect(lineAmountCents('2.5000', '0.03')).toBe(8); // 0.075 → 0.08
    expect(lineAmountCents('1.5', '0.01')).toBe(2); // 0.015 → 0.02
    expect(lineAmountCents('0.3333', '10.00')).toBe(333); // 3.333 → 3.33
    expect(lineAmountCents('3', '19.99')).toBe(5997);
  });

  it('rounds a tax group once (BPro) where QuickBooks rounds each rate', () => {
    const rates = ['6.2500', '1.5000', '0.7500'];
    // $10.30 taxable: 8.5% combined = 0.8755 → 0.88; per rate 0.64375→0.64 + 0.1545→0.15 + 0.07725→0.08 = 0.87
    expect(combinedTaxCents(1030, rates)).toBe(88);
    expect(perRateTaxCents(1030, rates)).toEqual([64, 15, 8]);
    // $10.00 taxable: 0.85 combined; per rate 0.625→0.63 + 0.15 + 0.075→0.08 = 0.86
    expect(combinedTaxCents(1000, rates)).toBe(85);
    expect(perRateTaxCents(1000, rates).reduce((a, b) => a + b)).toBe(86);

    const totals = orderTotals(
      [
        { quantity: '2.0000', unitPrice: '4.15', taxable: true },
        { quantity: '1.5000', unitPrice: '10.00', taxable: false },
      ],
      rates,
    );
    expect(totals).toEqual({
      subtotalCents: 2330,
      taxableCents: 830,
      taxCents: 71, // 830 × 8.5% = 70.55 → 71
      totalCents: 2401,
      qboTaxCents: 70, // 51.875→52 + 12.45→12 + 6.225→6
      qboTotalCents: 2400,
    });
    expect(orderTotals([{ quantity: '1', unitPrice: '9.99', taxable: true }], []).totalCents).toBe(999);
  });
});

describe('generateBproDataset', () => {
  it('is deterministic: the same inputs give identical data', () => {
    const again = generateBproDataset({ tenantId: 'tenant-a', seed: 42, size: 'small' });
    expect(again).toEqual(small);
    expect(JSON.stringify(again)).toBe(JSON.stringify(small));
    expect(generateBproDataset({ tenantId: 'tenant-a', seed: '42', sizes: 'small' })).toEqual(small);
    expect(small.today).toBe(DEFAULT_TODAY);
  });

  it('differs with another seed or anchor date, and only in tenant id for another tenant', () => {
    const other = generateBproDataset({ tenantId: 'tenant-a', seed: 43, size: 'small' });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(small));
    expect(other.customers.map((c) => c.displayName)).not.toEqual(small.customers.map((c) => c.displayName));

    const later = generateBproDataset({ tenantId: 'tenant-a', seed: 42, size: 'small', today: '2027-01-31' });
    expect(later.orders.map((o) => o.orderDate)).not.toEqual(small.orders.map((o) => o.orderDate));
    expect(later.orders.every((o) => o.orderDate <= '2027-01-31')).toBe(true);

    const tenantB = generateBproDataset({ tenantId: 'tenant-b', seed: 42, size: 'small' });
    expect(JSON.stringify(tenantB).replaceAll('"tenant-b"', '"tenant-a"')).toBe(JSON.stringify(small));
  });

  it.each(Object.keys(sizePresets) as SizePresetName[])('honours the %s preset sizes', (preset) => {
    const sizes = sizePresets[preset];
    const dataset = generateBproDataset({ tenantId: 't', seed: 1, size: preset });
    expect(dataset.sizes).toEqual(sizes);
    expect(dataset.productCategories).toHaveLength(sizes.categories);
    expect(dataset.products).toHaveLength(sizes.products);
    expect(dataset.customers.filter((c) => c.parentId === null)).toHaveLength(sizes.customers);
    expect(dataset.customers.filter((c) => c.parentId !== null)).toHaveLength(sizes.jobs);
    expect(dataset.orders).toHaveLength(sizes.orders);
    expect(dataset.payments).toHaveLength(sizes.payments);
    expect(dataset.refunds).toHaveLength(sizes.refunds);
    expect(dataset.paymentMethods.map((m) => m.name)).toEqual(DEFAULT_PAYMENT_METHODS.map(([name]) => name));
    expect(findBproDatasetProblems(dataset)).toEqual([]);
  });

  it('applies per-entity overrides on top of a preset', () => {
    expect(resolveSizes('tiny', { orders: 40, refunds: 0 })).toEqual({
      ...sizePresets.tiny,
      orders: 40,
      refunds: 0,
    });
    const dataset = generateBproDataset({
      tenantId: 't',
      seed: 1,
      size: 'tiny',
      sizes: { orders: 40, refunds: 0 },
    });
    expect(dataset.orders).toHaveLength(40);
    expect(dataset.refunds).toHaveLength(0);
    expect(dataset.products).toHaveLength(sizePresets.tiny.products);
    expect(() => generateBproDataset({ tenantId: 't', seed: 1, sizes: { payments: 0, refunds: 1 } })).toThrow(
      /refunds need payments/,
    );
    expect(() => generateBproDataset({ tenantId: 't', seed: 1, today: '2026-02-30' })).toThrow(/date/);
  });

  it.each([1, 2, 3, 'abc', 'zz-top'])('is consistent for seed %s', (seed) => {
    for (const size of ['tiny', 'small'] as const) {
      expect(findBproDatasetProblems(generateBproDataset({ tenantId: 't', seed, size }))).toEqual([]);
    }
  });

  it('has a checker that catches broken data', () => {
    const broken = structuredClone(small);
    const payment = broken.payments.find((p) => p.orderId !== null && p.status === 'posted');
    const refund = broken.refunds[0];
    const line = broken.orderLines[0];
    if (!payment || !refund || !line) throw new Error('fixture lacks rows');
    payment.amount = '999999.00';
    refund.refundedOn = '2000-01-01';
    line.productId = 'prd-missing';
    const problems = findBproDatasetProblems(broken);
    expect(problems.some((p) => p.includes('exceed total'))).toBe(true);
    expect(problems.some((p) => p.includes('not after its payment'))).toBe(true);
    expect(problems.some((p) => p.includes('product missing'))).toBe(true);
  });
});

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
