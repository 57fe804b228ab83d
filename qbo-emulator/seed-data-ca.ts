// The sales-tax data of a new Canadian company (data only, no logic): its tax agencies, the rates
// they collect and the tax codes that group them, plus the liability accounts sales tax posts to.
// seed-tax.ts creates them in this order. Names follow what QBO Canada companies show (README
// "Canadian companies" cites the sources); agencies, rate names and ids are partly UNCONFIRMED.

export interface AgencySeed {
  DisplayName: string;
  /** Input tax credits / refunds are tracked (GST/HST, QST); PST is not recoverable. */
  TaxTrackedOnPurchases: boolean;
}

export const CA_AGENCIES: readonly AgencySeed[] = [
  { DisplayName: 'Canada Revenue Agency', TaxTrackedOnPurchases: true },
  { DisplayName: 'Revenu Québec', TaxTrackedOnPurchases: true },
  { DisplayName: 'British Columbia Ministry of Finance', TaxTrackedOnPurchases: false },
  { DisplayName: 'Manitoba Finance', TaxTrackedOnPurchases: false },
  { DisplayName: 'Saskatchewan Ministry of Finance', TaxTrackedOnPurchases: false },
];

export interface RateSeed {
  name: string;
  /** Percent, e.g. 9.975. */
  percent: number;
  /** Index into CA_AGENCIES. */
  agency: number;
  /** EffectiveTaxRate history, oldest first: [percent, first day, last day?]. */
  history: readonly (readonly [number, string, string?])[];
}

export const CA_RATES: readonly RateSeed[] = [
  { name: 'GST', percent: 5, agency: 0, history: [[5, '2008-01-01']] },
  { name: 'HST ON', percent: 13, agency: 0, history: [[13, '2010-07-01']] },
  {
    name: 'HST NS',
    percent: 14,
    agency: 0,
    history: [
      [15, '2010-07-01', '2025-03-31'],
      [14, '2025-04-01'],
    ],
  },
  { name: 'HST NB 2016', percent: 15, agency: 0, history: [[15, '2016-07-01']] },
  { name: 'HST NL 2016', percent: 15, agency: 0, history: [[15, '2016-07-01']] },
  { name: 'HST PE 2016', percent: 15, agency: 0, history: [[15, '2016-10-01']] },
  { name: 'PST BC', percent: 7, agency: 2, history: [[7, '2013-04-01']] },
  { name: 'PST MB', percent: 7, agency: 3, history: [[7, '2019-07-01']] },
  { name: 'PST SK', percent: 6, agency: 4, history: [[6, '2017-03-23']] },
  { name: 'QST 9.975', percent: 9.975, agency: 1, history: [[9.975, '2013-01-01']] },
  { name: 'GST/HST ZR', percent: 0, agency: 0, history: [[0, '2008-01-01']] },
  { name: 'GST/HST Exempt', percent: 0, agency: 0, history: [[0, '2008-01-01']] },
  { name: 'Out of Scope', percent: 0, agency: 0, history: [[0, '2008-01-01']] },
];

/**
 * [code name, names of its rates]. The rates apply to sales and purchases alike (both lists name
 * the same TaxRate records). The three 0 % codes come first, as in a new company's list.
 */
export const CA_CODES: readonly (readonly [string, readonly string[]])[] = [
  ['Exempt', ['GST/HST Exempt']],
  ['Zero-rated', ['GST/HST ZR']],
  ['Out of Scope', ['Out of Scope']],
  ['GST', ['GST']],
  ['HST ON', ['HST ON']],
  ['HST NS', ['HST NS']],
  ['HST NB 2016', ['HST NB 2016']],
  ['HST NL 2016', ['HST NL 2016']],
  ['HST PE 2016', ['HST PE 2016']],
  ['GST/PST BC', ['GST', 'PST BC']],
  ['PST BC', ['PST BC']],
  ['GST/PST MB', ['GST', 'PST MB']],
  ['PST MB', ['PST MB']],
  ['GST/PST SK', ['GST', 'PST SK']],
  ['PST SK', ['PST SK']],
  ['GST/QST QC - 9.975', ['GST', 'QST 9.975']],
  ['QST QC - 9.975', ['QST 9.975']],
];

/** Replaces the US "Sales Tax Payable" account in a Canadian chart of accounts. */
export const CA_TAX_ACCOUNTS: readonly [string, string, string][] = [
  ['GST/HST Payable', 'Other Current Liability', 'GlobalTaxPayable'],
  ['QST Payable', 'Other Current Liability', 'GlobalTaxPayable'],
  ['PST Payable', 'Other Current Liability', 'GlobalTaxPayable'],
];
