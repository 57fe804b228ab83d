// Canadian companies (README "Canadian companies"): a BPro tax group → the QBO TaxCode its lines
// carry. A code is matched when it applies exactly the group's rates (each BPro rate paired with a
// sales rate of the same name and percent), else created through TaxService with the group's
// rates (existing ones reused, new ones filed with the agency that files rates of that kind).
// BPro's untaxed lines carry the company's Exempt code. Pure: the company's lists come in.
import { formatMoney } from '../../db/bpro-generator/money';
import type { InvoiceTotals } from './invoice';
import { disambiguatedName, nameKey, QBO_LIMITS } from './names';
import {
  ratePercent,
  taxCodeName,
  taxCodeRequest,
  type QboTaxRateLike,
  type TaxCodeRequest,
  type TaxInput,
  type TaxRateInput,
} from './tax';
import { MappingError, refValue } from './types';

/** A QBO TaxCode as queried: its sales rates are references to TaxRates. */
export type QboTaxCodeLike = {
  Id: string;
  Name: string;
  Active?: boolean | undefined;
  SalesTaxRateList?: unknown;
};
/** A QBO TaxRate as queried, with the agency it is filed with. */
export type QboTaxRateOfAgency = QboTaxRateLike & { AgencyRef?: unknown };
export type QboTaxAgencyLike = { Id: string; DisplayName?: unknown };

/** The company's lists a Canadian tax mapping works from. */
export type CaTaxLists = {
  codes: readonly QboTaxCodeLike[];
  rates: readonly QboTaxRateOfAgency[];
  agencies: readonly QboTaxAgencyLike[];
};

/** Names of the code BPro's untaxed lines carry by default (QBO Canada's English and French). */
export const UNTAXED_CODE_NAMES: readonly string[] = ['Exempt', 'Exonéré'];

const isActive = (code: QboTaxCodeLike) => code.Active !== false;
const samePercent = (value: unknown, percent: string) =>
  value !== undefined && value !== null && Math.abs(Number(value) - Number(percent)) < 1e-9;

/** The TaxRate ids a code applies to sales, in its order. */
export function salesRateIds(code: Pick<QboTaxCodeLike, 'SalesTaxRateList'>): string[] {
  const list = code.SalesTaxRateList as { TaxRateDetail?: unknown } | undefined;
  const details = Array.isArray(list?.TaxRateDetail) ? (list.TaxRateDetail as unknown[]) : [];
  return details.flatMap((d) => {
    const id = refValue((d as { TaxRateRef?: unknown } | null)?.TaxRateRef);
    return id === undefined ? [] : [id];
  });
}

/** Whether the code applies exactly these rates: as many, each BPro rate paired by name and percent. */
function hasExactly(code: QboTaxCodeLike, rates: readonly TaxRateInput[], byId: Map<string, QboTaxRateLike>) {
  const ids = salesRateIds(code);
  if (ids.length !== rates.length) return false;
  const left = ids.map((id) => byId.get(id));
  return rates.every((rate) => {
    const i = left.findIndex(
      (q) =>
        q !== undefined &&
        nameKey(q.Name) === nameKey(rate.name) &&
        samePercent(q.RateValue, ratePercent(rate.rate)),
    );
    if (i < 0) return false;
    left.splice(i, 1);
    return true;
  });
}

/**
 * The company's active code with exactly the group's rates. Several: the one named like the group,
 * else the lowest id (the oldest), so every run picks the same one.
 */
export function matchTaxCodeByRates<C extends QboTaxCodeLike>(
  codes: readonly C[],
  rates: readonly QboTaxRateLike[],
  tax: TaxInput,
  taxRates: readonly TaxRateInput[],
): C | undefined {
  if (taxRates.length === 0) return undefined;
  const byId = new Map(rates.map((r) => [r.Id, r]));
  const exact = codes.filter((c) => isActive(c) && hasExactly(c, taxRates, byId));
  const named = exact.find((c) => nameKey(c.Name) === nameKey(taxCodeName(tax)));
  return named ?? [...exact].sort((a, b) => Number(a.Id) - Number(b.Id) || (a.Id < b.Id ? -1 : 1))[0];
}

/** The company's code for untaxed lines when the user chose none: its active Exempt code. */
export function defaultUntaxedCode<C extends QboTaxCodeLike>(codes: readonly C[]): C | undefined {
  const names = UNTAXED_CODE_NAMES.map(nameKey);
  return codes.find((c) => isActive(c) && names.includes(nameKey(c.Name)));
}

const firstWord = (name: string) => nameKey(name).split(/[\s/(]+/u)[0] ?? '';

/**
 * The agency a new rate is filed with: that of the company's rate of the same name, else of the
 * first rate whose name starts with the same word ("PST" → "PST BC"'s ministry, "HST" → the Canada
 * Revenue Agency), else the company's first agency (by id).
 */
export function agencyForRate(
  rateName: string,
  lists: Pick<CaTaxLists, 'rates' | 'agencies'>,
): QboTaxAgencyLike | undefined {
  const agencies = [...lists.agencies].sort((a, b) => Number(a.Id) - Number(b.Id));
  const byId = new Map(agencies.map((a) => [a.Id, a]));
  const rates = [...lists.rates].sort((a, b) => Number(a.Id) - Number(b.Id));
  const agencyOf = (r: QboTaxRateOfAgency | undefined) => byId.get(refValue(r?.AgencyRef) ?? '');
  const word = firstWord(rateName);
  return (
    agencyOf(rates.find((r) => nameKey(r.Name) === nameKey(rateName))) ??
    (word === '' ? undefined : agencyOf(rates.find((r) => firstWord(r.Name) === word))) ??
    agencies[0]
  );
}

/** A new rate of the request, with the agency chosen for it (for the log). */
export type NewTaxRate = { name: string; percent: string; agency: string };

/**
 * The TaxService request for a group no code matches: the group's name (or "Name (BPro #id)" when
 * a code has that name with other rates), its rates reusing the company's of the same name and
 * percent, each new rate filed with `agencyForRate`.
 */
export function caTaxCodeRequest(
  tax: TaxInput,
  taxRates: readonly TaxRateInput[],
  lists: CaTaxLists,
): { request: TaxCodeRequest; newRates: NewTaxRate[] } {
  const first = agencyForRate('', lists);
  if (!first)
    throw new MappingError(
      'invalid_data',
      'The QuickBooks company has no tax agency; set up sales tax in QuickBooks first.',
    );
  const plain = taxCodeName(tax);
  const taken = lists.codes.some((c) => nameKey(c.Name) === nameKey(plain));
  const name = taken ? disambiguatedName(plain, tax.id, QBO_LIMITS.taxCodeName) : plain;
  const request = taxCodeRequest(tax, taxRates, { taxAgencyId: first.Id, existingRates: lists.rates, name });
  const newRates: NewTaxRate[] = [];
  request.TaxRateDetails = request.TaxRateDetails.map((detail, i) => {
    if (!('TaxRateName' in detail)) return detail;
    const agency = agencyForRate(taxRates[i]?.name ?? detail.TaxRateName, lists) ?? first;
    newRates.push({ name: detail.TaxRateName, percent: detail.RateValue, agency: agencyLabel(agency) });
    return { ...detail, TaxAgencyId: agency.Id };
  });
  return { request, newRates };
}

const agencyLabel = (a: QboTaxAgencyLike) =>
  typeof a.DisplayName === 'string' && a.DisplayName !== '' ? a.DisplayName : `agency ${a.Id}`;

/** "GST 5%, PST BC 7%": a code's or a group's rates for the log. */
export function describeRates(rates: readonly { name: string; percent: string }[]): string {
  return rates.map((r) => `${r.name} ${r.percent}%`).join(', ');
}

/** The log line of a created code: its rates, and which new ones went to which agency. */
export function createdTaxCodeMessage(
  name: string,
  taxRates: readonly TaxRateInput[],
  newRates: NewTaxRate[],
) {
  const rates = describeRates(taxRates.map((r) => ({ name: r.name, percent: ratePercent(r.rate) })));
  const filed = newRates.map((r) => `"${r.name}" with ${r.agency}`).join(', ');
  return (
    `Tax code "${name}" (${rates}) created: no QuickBooks code had exactly these rates` +
    (filed === '' ? '' : `; new rates filed ${filed}: check the agencies in QuickBooks`)
  );
}

/**
 * The drift warning of a Canadian invoice, given the total QuickBooks computed: none when it is
 * BPro's; the per-rate rounding explanation when it is what that rounding predicts; else the tax
 * code computes other tax than BPro's group (an override to a code with other rates).
 */
export function caTotalsWarning(
  totals: InvoiceTotals,
  qboTotalCents: number,
  label: string,
  taxCodeName?: string,
): string | undefined {
  if (qboTotalCents === totals.bproTotalCents) return undefined;
  if (qboTotalCents === totals.qboTotalCents && totals.warning) return totals.warning;
  const difference = qboTotalCents - totals.bproTotalCents;
  const code = taxCodeName ? `the QuickBooks tax code "${taxCodeName}"` : 'the QuickBooks tax codes';
  return (
    `${label}: QuickBooks total ${formatMoney(qboTotalCents)} differs from BPro's ` +
    `${formatMoney(totals.bproTotalCents)} by ${formatMoney(difference)}: ${code} on its lines ` +
    `computes other tax than BPro's tax group (BPro's tax ${formatMoney(totals.bproTaxCents)}). ` +
    'Check the Tax mapping.'
  );
}
