// Reference data, created the day the tenant's BPro was set up: payment methods, terms, and tax
// groups with their rates (inactive ones included).
import type { Context } from './context';
import type { PaymentMethodRow, TaxRateRow, TaxRow, TermRow } from './dataset';
import { at } from './days';
import { pad } from './values';

export const DEFAULT_PAYMENT_METHODS: readonly (readonly [name: string, isCreditCard: boolean])[] = [
  ['Cash', false],
  ['Check', false],
  ['Debit', false],
  ['Visa', true],
  ['MasterCard', true],
  ['Amex', true],
  ['Discover', true],
  ['Account', false],
];

const TERMS: readonly (readonly [name: string, dueDays: number, active: boolean])[] = [
  ['Due on receipt', 0, true],
  ['Net 15', 15, true],
  ['Net 30', 30, true],
  ['Net 60', 60, true],
  ['Net 45', 45, false],
];

/** A tax group: its name, whether it is in use, its rates (name, percent). */
export type TaxGroup = {
  name: string;
  active: boolean;
  rates: readonly (readonly [name: string, rate: string])[];
};

/** Tax groups of 1–3 rates. Several rates make BPro's single rounding differ from QuickBooks'. */
export const US_TAX_GROUPS: readonly TaxGroup[] = [
  { name: 'State', active: true, rates: [['IL State', '6.2500']] },
  {
    name: 'Sangamon County',
    active: true,
    rates: [
      ['IL State', '6.2500'],
      ['Sangamon County', '1.5000'],
    ],
  },
  {
    name: 'City of Springfield',
    active: true,
    rates: [
      ['IL State', '6.2500'],
      ['Sangamon County', '1.5000'],
      ['Springfield City', '0.7500'],
    ],
  },
  {
    name: 'Lake County & Waukegan',
    active: true,
    rates: [
      ['IL State', '6.2500'],
      ['Lake County: RTA', '1.0000'],
      ['Waukegan Home Rule', '1.2500'],
    ],
  },
  {
    name: 'Québec TPS/TVQ',
    active: true,
    rates: [
      ['TPS (GST)', '5.0000'],
      ['TVQ (QST)', '9.9750'],
    ],
  },
  { name: 'Old State Rate', active: false, rates: [['IL State (2019)', '6.0000']] },
];

export type ReferenceData = {
  paymentMethods: PaymentMethodRow[];
  terms: TermRow[];
  taxes: TaxRow[];
  taxRates: TaxRateRow[];
};

/** `taxGroups`: a US tenant's (default) or a Canadian one's (canada.ts). */
export function generateReferenceData(
  ctx: Context,
  taxGroups: readonly TaxGroup[] = US_TAX_GROUPS,
): ReferenceData {
  const stamp = (k: number) => at(ctx.setupDay, 9 * 60 + k);
  const paymentMethods = DEFAULT_PAYMENT_METHODS.map(([name, isCreditCard], i): PaymentMethodRow => ({
    tenantId: ctx.tenantId,
    id: `pm-${pad(i + 1, 2)}`,
    createdAt: stamp(i),
    updatedAt: stamp(i),
    name,
    isCreditCard,
    isActive: true,
  }));
  const terms = TERMS.map(([name, dueDays, isActive], i): TermRow => ({
    tenantId: ctx.tenantId,
    id: `term-${pad(i + 1, 2)}`,
    createdAt: stamp(10 + i),
    updatedAt: stamp(isActive ? 10 + i : 600),
    name,
    dueDays,
    isActive,
  }));
  const taxes: TaxRow[] = [];
  const taxRates: TaxRateRow[] = [];
  taxGroups.forEach((group, i) => {
    const id = `tax-${pad(i + 1, 2)}`;
    taxes.push({
      tenantId: ctx.tenantId,
      id,
      createdAt: stamp(20 + i),
      updatedAt: stamp(group.active ? 20 + i : 600),
      name: group.name,
      isActive: group.active,
    });
    group.rates.forEach(([name, rate]) => {
      taxRates.push({
        tenantId: ctx.tenantId,
        id: `txr-${pad(taxRates.length + 1, 3)}`,
        createdAt: stamp(20 + i),
        updatedAt: stamp(20 + i),
        taxId: id,
        name,
        rate,
      });
    });
  });
  return { paymentMethods, terms, taxes, taxRates };
}
