// Sales-tax arithmetic of the non-US ("global") model, pure. Each line carries its own tax code;
// the transaction's TxnTaxDetail has one TaxLine per rate (Intuit: "Any given rate may only be
// listed once"), whose base is every line whose code includes that rate. Each rate's tax is
// rounded to the cent once, on that base, as the US path rounds per rate (tax.ts).
import type { RateInput } from './tax';
import { round2 } from './util';

/** TaxExcluded: line amounts are before tax. TaxInclusive: line amounts include their code's tax. */
export type GlobalAmounts = 'TaxExcluded' | 'TaxInclusive';

export interface GlobalLineInput {
  /** The amount as entered (net for TaxExcluded, tax included for TaxInclusive). */
  amount: number;
  /** The sales rates of the line's tax code (their percentages add up). */
  rates: readonly RateInput[];
}

export interface GlobalRateLine extends RateInput {
  /** Tax of this rate, rounded to the cent. */
  amount: number;
  /** Sum of the net amounts of the lines this rate applies to (NetAmountTaxable). */
  netAmountTaxable: number;
  /** Sum of the same lines with all their tax (TaxInclusive only; TaxInclusiveAmount). */
  taxInclusiveAmount: number | undefined;
}

export interface GlobalTaxResult {
  /** One per rate, in the order the rates first appear on the lines. */
  lines: GlobalRateLine[];
  totalTax: number;
  /**
   * Each input line's amount without tax, to the cent (the line as entered, before discounts).
   * With TaxInclusive and no discount they add up to the amounts entered minus totalTax.
   */
  netAmounts: number[];
}

function percentOf(rates: readonly RateInput[]): number {
  return rates.reduce((s, r) => s + r.percent, 0);
}

/** The part of `amount` that is not tax, when `amount` includes tax at `percent` in total. */
function netOf(amount: number, percent: number, mode: GlobalAmounts): number {
  return mode === 'TaxInclusive' ? (amount * 100) / (100 + percent) : amount;
}

/**
 * Tax per rate over the lines. `factor` scales every line before tax (a transaction discount
 * spread over the lines in proportion to their amounts); 1 when there is none.
 */
export function computeGlobalTax(
  lines: readonly GlobalLineInput[],
  mode: GlobalAmounts,
  factor = 1,
): GlobalTaxResult {
  const acc = new Map<string, { rate: RateInput; base: number; tax: number; gross: number }>();
  for (const line of lines) {
    const total = percentOf(line.rates);
    const net = netOf(line.amount * factor, total, mode);
    for (const rate of line.rates) {
      const a = acc.get(rate.rateId) ?? { rate, base: 0, tax: 0, gross: 0 };
      a.base += net;
      a.tax += (net * rate.percent) / 100;
      a.gross += (net * (100 + total)) / 100;
      acc.set(rate.rateId, a);
    }
  }
  const out = [...acc.values()].map(({ rate, base, tax, gross }) => ({
    ...rate,
    amount: round2(tax),
    netAmountTaxable: round2(base),
    taxInclusiveAmount: mode === 'TaxInclusive' ? round2(gross) : undefined,
  }));
  const totalTax = round2(out.reduce((s, l) => s + l.amount, 0));
  const netAmounts = lines.map((l) => round2(netOf(l.amount, percentOf(l.rates), mode)));
  if (mode === 'TaxInclusive' && factor === 1) balanceNets(lines, netAmounts, totalTax);
  return { lines: out, totalTax, netAmounts };
}

/**
 * With tax included, the nets must add up to the amounts entered minus the tax: a cent lost to
 * rounding goes to the largest line [how QBO spreads it is UNCONFIRMED].
 */
function balanceNets(lines: readonly GlobalLineInput[], nets: number[], totalTax: number): void {
  const entered = round2(lines.reduce((s, l) => s + l.amount, 0));
  const residual = round2(entered - totalTax - nets.reduce((s, n) => s + n, 0));
  if (residual === 0 || nets.length === 0) return;
  let largest = 0;
  lines.forEach((l, i) => {
    if (Math.abs(l.amount) > Math.abs(lines[largest]?.amount ?? 0)) largest = i;
  });
  nets[largest] = round2((nets[largest] ?? 0) + residual);
}
