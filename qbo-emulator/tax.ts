// Sales-tax arithmetic, pure. QBO computes tax per rate and rounds each rate's amount to the cent
// before adding them up, so a two-rate code can differ by a cent from one combined rate.
import { round2 } from './util';

export interface RateInput {
  rateId: string;
  name: string;
  /** Percent, e.g. 8.25. */
  percent: number;
}

export interface TaxLineResult extends RateInput {
  amount: number;
  netAmountTaxable: number;
}

export interface TaxResult {
  totalTax: number;
  lines: TaxLineResult[];
}

export function computeTax(base: number, rates: readonly RateInput[]): TaxResult {
  const lines = rates.map((r) => ({
    ...r,
    amount: round2((base * r.percent) / 100),
    netAmountTaxable: round2(base),
  }));
  return { totalTax: round2(lines.reduce((s, l) => s + l.amount, 0)), lines };
}

/**
 * Splits an explicit total over the rates in proportion to their percentages (what automated sales
 * tax does with a TotalTax override). The last rate takes the rounding remainder.
 */
export function prorateTax(total: number, base: number, rates: readonly RateInput[]): TaxResult {
  const sumPct = rates.reduce((s, r) => s + r.percent, 0);
  if (rates.length === 0 || sumPct === 0) return { totalTax: round2(total), lines: [] };
  let remaining = round2(total);
  const lines = rates.map((r, i) => {
    const amount = i === rates.length - 1 ? remaining : round2((total * r.percent) / sumPct);
    remaining = round2(remaining - amount);
    return { ...r, amount, netAmountTaxable: round2(base) };
  });
  return { totalTax: round2(total), lines };
}

/** Whether `amount` equals `qty × unitPrice` to the cent (QBO's 6070 check). */
export function amountMatches(amount: number, qty: number, unitPrice: number): boolean {
  return Math.abs(round2(qty * unitPrice) - round2(amount)) < 0.005;
}
