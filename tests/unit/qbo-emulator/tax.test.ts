import { describe, expect, it } from 'vitest';
import { amountMatches, computeTax, prorateTax } from '../../../qbo-emulator/tax';
import { round2 } from '../../../qbo-emulator/util';

describe('tax arithmetic', () => {
  it('rounds each rate separately, so two rates can differ by a cent from one combined rate', () => {
    const two = computeTax(10.1, [
      { rateId: '1', name: 'State', percent: 2.5 },
      { rateId: '2', name: 'City', percent: 2.5 },
    ]);
    const one = computeTax(10.1, [{ rateId: '3', name: 'Combined', percent: 5 }]);
    expect(two.lines.map((l) => l.amount)).toEqual([0.25, 0.25]);
    expect(two.totalTax).toBe(0.5);
    expect(one.totalTax).toBe(0.51);
  });

  it('prorates an explicit total and gives the remainder to the last rate', () => {
    const r = prorateTax(1, 100, [
      { rateId: '1', name: 'a', percent: 1 },
      { rateId: '2', name: 'b', percent: 2 },
    ]);
    expect(r.lines.map((l) => l.amount)).toEqual([0.33, 0.67]);
    expect(r.totalTax).toBe(1);
  });

  it('round2 rounds half away from zero', () => {
    expect(round2(0.125)).toBe(0.13);
    expect(round2(-0.125)).toBe(-0.13);
    expect(round2(1.005)).toBe(1.01);
  });

  it('amountMatches compares Qty × UnitPrice to the cent', () => {
    expect(amountMatches(90, 3, 30)).toBe(true);
    expect(amountMatches(100, 3, 30)).toBe(false);
    expect(amountMatches(33.33, 1, 33.333)).toBe(true);
  });
});
