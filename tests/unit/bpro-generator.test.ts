// generateBproDataset as a whole: deterministic, sized by presets and overrides, always consistent.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PAYMENT_METHODS,
  DEFAULT_TODAY,
  findBproDatasetProblems,
  generateBproDataset,
  resolveSizes,
  sizePresets,
  type SizePresetName,
} from '../../db/bpro-generator';

const small = generateBproDataset({ tenantId: 'tenant-a', seed: 42, size: 'small' });

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
