// The generator's building blocks: the seeded PRNG and BPro's exact money, quantity and tax arithmetic.
import { describe, expect, it } from 'vitest';
import {
  Random,
  combinedTaxCents,
  formatMoney,
  formatQuantity,
  lineAmountCents,
  orderTotals,
  parseMoney,
  parseQuantity,
  perRateTaxCents,
  roundHalfUp,
} from '../../db/bpro-generator';

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
