// The non-US ("global") tax arithmetic of the emulator (qbo-emulator/tax-global.ts): one TaxLine
// per rate over every line whose code has it, each rate rounded once to the cent, and tax-included
// amounts split into net and tax. Intuit's Invoice reference: a TxnTaxDetail rate "may only be
// listed once"; https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/invoice
import { describe, expect, it } from 'vitest';
import { computeGlobalTax } from '../../../qbo-emulator/tax-global';
import { defaultHomeCurrency, isCanada, usesGlobalTax } from '../../../qbo-emulator/locale';

const GST = { rateId: 'g', name: 'GST', percent: 5 };
const PST = { rateId: 'p', name: 'PST BC', percent: 7 };
const HST = { rateId: 'h', name: 'HST ON', percent: 13 };
const ZR = { rateId: 'z', name: 'GST/HST ZR', percent: 0 };

describe('global tax arithmetic', () => {
  it('rounds each rate once: GST + PST on 10.10 is 0.51 + 0.71, not 12 % = 1.21', () => {
    const r = computeGlobalTax([{ amount: 10.1, rates: [GST, PST] }], 'TaxExcluded');
    expect(r.lines.map((l) => [l.rateId, l.amount, l.netAmountTaxable])).toEqual([
      ['g', 0.51, 10.1],
      ['p', 0.71, 10.1],
    ]);
    expect(r.totalTax).toBe(1.22);
    expect(r.netAmounts).toEqual([10.1]);
  });

  it('a rate shared by two codes is one TaxLine over both lines, rounded on the sum', () => {
    // GST on 0.10 + 0.10 = 0.01 once (two lines alone would round 0.005 twice to 0.02).
    const r = computeGlobalTax(
      [
        { amount: 0.1, rates: [GST, PST] },
        { amount: 0.1, rates: [GST] },
        { amount: 20, rates: [ZR] },
      ],
      'TaxExcluded',
    );
    expect(r.lines.map((l) => [l.rateId, l.amount, l.netAmountTaxable])).toEqual([
      ['g', 0.01, 0.2],
      ['p', 0.01, 0.1],
      ['z', 0, 20],
    ]);
    expect(r.totalTax).toBe(0.02);
    expect(r.lines[0]?.taxInclusiveAmount).toBeUndefined();
  });

  it('tax included: 113 at HST 13 % is 100 + 13; 112 at GST + PST is 100 + 5 + 7', () => {
    const r = computeGlobalTax(
      [
        { amount: 113, rates: [HST] },
        { amount: 112, rates: [GST, PST] },
      ],
      'TaxInclusive',
    );
    expect(r.netAmounts).toEqual([100, 100]);
    expect(r.lines.map((l) => [l.rateId, l.amount, l.netAmountTaxable, l.taxInclusiveAmount])).toEqual([
      ['h', 13, 100, 113],
      ['g', 5, 100, 112],
      ['p', 7, 100, 112],
    ]);
    expect(r.totalTax).toBe(25);
  });

  it('tax included: the nets add up to the amounts minus the tax (a rounding cent goes to the largest line)', () => {
    // 10.00 at 12 %: net 8.928… → 8.93, GST 0.446 → 0.45, PST 0.625 → 0.63; 10 − 1.08 = 8.92.
    const r = computeGlobalTax([{ amount: 10, rates: [GST, PST] }], 'TaxInclusive');
    expect(r.totalTax).toBe(1.08);
    expect(r.netAmounts).toEqual([8.92]);
    const two = computeGlobalTax(
      [
        { amount: 10, rates: [GST, PST] },
        { amount: 30, rates: [GST, PST] },
      ],
      'TaxInclusive',
    );
    expect(two.totalTax).toBe(4.29);
    expect(two.netAmounts[0]! + two.netAmounts[1]!).toBeCloseTo(40 - 4.29, 10);
  });

  it('a discount factor scales the bases before tax; lines without rates add no TaxLine', () => {
    const r = computeGlobalTax(
      [
        { amount: 100, rates: [HST] },
        { amount: 50, rates: [] },
      ],
      'TaxExcluded',
      0.9,
    );
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({ amount: 11.7, netAmountTaxable: 90 });
    expect(r.netAmounts).toEqual([100, 50]);
  });
});

describe('company country', () => {
  it('Canada uses the global tax model and CAD; others keep the US model and USD', () => {
    expect(['CA', 'ca', 'CAN', ' Canada '].map(isCanada)).toEqual([true, true, true, true]);
    expect(usesGlobalTax({ country: 'CA' })).toBe(true);
    expect(usesGlobalTax({ country: 'US' })).toBe(false);
    expect(usesGlobalTax({ country: 'GB' })).toBe(false);
    expect(defaultHomeCurrency('CA')).toBe('CAD');
    expect(defaultHomeCurrency('US')).toBe('USD');
  });
});
