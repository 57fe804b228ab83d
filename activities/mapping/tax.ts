// BPro tax group (one or more rates) → the body of POST /taxservice/taxcode, which creates a QBO
// TaxCode and any new TaxRates. QBO rate names are unique across the company, so a rate BPro uses
// in several groups ("IL State" in State, County and City) is created once and then referenced.
import { formatRate, parseRate } from '../../db/bpro-generator/money';
import { disambiguatedName, nameKey, nameOrFallback, QBO_LIMITS } from './names';
import { MappingError, type BproTax, type BproTaxRate } from './types';

export type TaxInput = Pick<BproTax, 'id' | 'name'>;
export type TaxRateInput = Pick<BproTaxRate, 'id' | 'name' | 'rate'>;

/** A QBO TaxRate as queried (or as returned by TaxService). */
export type QboTaxRateLike = { Id: string; Name: string; RateValue?: number | string | undefined };

export type TaxRateDetail =
  | { TaxRateId: string; TaxApplicableOn: 'Sales' }
  | { TaxRateName: string; RateValue: string; TaxAgencyId: string; TaxApplicableOn: 'Sales' };

export type TaxCodeRequest = { TaxCode: string; TaxRateDetails: TaxRateDetail[] };

export type TaxContext = {
  /** The QBO TaxAgency new rates are filed with (TaxService cannot create agencies). */
  taxAgencyId: string;
  /** The company's existing rates (plus those created by earlier tax codes of this sync). */
  existingRates: readonly QboTaxRateLike[];
  /** Use this code name instead of the BPro one (a disambiguated name). */
  name?: string;
};

/** The Name a tax group's code gets in QBO. */
export function taxCodeName(tax: TaxInput): string {
  return nameOrFallback(tax.name, QBO_LIMITS.taxCodeName, `BPro tax ${tax.id}`);
}

/** "6.2500" → "6.25" (the percent as QBO's RateValue). */
export function ratePercent(rate: string): string {
  return formatRate(parseRate(rate)).replace(/\.?0+$/, '');
}

function sameRate(qbo: QboTaxRateLike, percent: string): boolean {
  return qbo.RateValue !== undefined && Math.abs(Number(qbo.RateValue) - Number(percent)) < 1e-9;
}

/**
 * The TaxService request for a tax group. Each BPro rate reuses an existing QBO rate of the same
 * name and percent; a new rate whose name is taken by a different percent is named
 * "Name 6.25%" (then "Name (BPro #id)"). Rates are listed in BPro's order.
 */
export function taxCodeRequest(
  tax: TaxInput,
  rates: readonly TaxRateInput[],
  context: TaxContext,
): TaxCodeRequest {
  if (rates.length === 0)
    throw new MappingError(
      'invalid_data',
      `Tax ${tax.id} ("${tax.name}") has no rates to create in QuickBooks.`,
    );
  const known = [...context.existingRates];
  const details: TaxRateDetail[] = rates.map((rate) => {
    const percent = ratePercent(rate.rate);
    const plain = nameOrFallback(rate.name, QBO_LIMITS.taxRateName, `BPro tax rate ${rate.id}`);
    const candidates = [
      plain,
      nameOrFallback(`${plain} ${percent}%`, QBO_LIMITS.taxRateName, plain),
      disambiguatedName(plain, rate.id, QBO_LIMITS.taxRateName),
    ];
    for (const candidate of candidates) {
      const taken = known.find((k) => nameKey(k.Name) === nameKey(candidate));
      if (taken && sameRate(taken, percent) && taken.Id !== '')
        return { TaxRateId: taken.Id, TaxApplicableOn: 'Sales' as const };
      if (!taken) {
        // Planned in this request: later rates of the same group see the name as taken.
        known.push({ Id: '', Name: candidate, RateValue: percent });
        return {
          TaxRateName: candidate,
          RateValue: percent,
          TaxAgencyId: context.taxAgencyId,
          TaxApplicableOn: 'Sales' as const,
        };
      }
    }
    throw new MappingError(
      'invalid_data',
      `Tax rate ${rate.id} ("${rate.name}") cannot get a free name in QuickBooks.`,
    );
  });
  return { TaxCode: context.name ?? taxCodeName(tax), TaxRateDetails: details };
}

/** The rates a TaxService response reports, to add to `existingRates` for the next tax code. */
export function ratesFromTaxServiceResponse(response: {
  TaxRateDetails?: readonly { TaxRateId?: unknown; TaxRateName?: unknown; RateValue?: unknown }[];
}): QboTaxRateLike[] {
  return (response.TaxRateDetails ?? []).flatMap((d) =>
    typeof d.TaxRateId === 'string' && typeof d.TaxRateName === 'string'
      ? [{ Id: d.TaxRateId, Name: d.TaxRateName, RateValue: d.RateValue as number | string | undefined }]
      : [],
  );
}

/**
 * The existing QBO TaxCode for a tax group: same name (case-insensitive, as QBO compares names),
 * never the TAX/NON pseudo codes.
 */
export function matchTaxCode<T extends { Id: string; Name: string }>(
  codes: readonly T[],
  tax: TaxInput,
  name: string = taxCodeName(tax),
): T | undefined {
  const key = nameKey(name);
  return codes.find((c) => c.Id !== 'TAX' && c.Id !== 'NON' && nameKey(c.Name) === key);
}
