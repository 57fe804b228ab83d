import { describe, expect, it } from 'vitest';
import {
  matchPaymentMethod,
  matchTaxCode,
  matchTerm,
  MappingError,
  ratePercent,
  ratesFromTaxServiceResponse,
  taxCodeRequest,
  termBody,
  type TaxCodeRequest,
  type TaxContext,
  type TaxInput,
  type TaxRateInput,
  type TermBody,
  type TermInput,
} from '../../../activities/mapping';
import { loadFixture } from './fixtures';

type TermCase = { name: string; input: TermInput; expected: TermBody };
type TaxCase = {
  name: string;
  tax: TaxInput;
  rates: TaxRateInput[];
  context: TaxContext;
  expected: TaxCodeRequest;
};
const fixtures = loadFixture<{ terms: TermCase[]; taxes: TaxCase[] }>('reference');

describe('termBody (golden fixtures)', () => {
  it.each(fixtures.terms.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(termBody(c.input)).toEqual(c.expected);
  });
  it('matches an existing term by name, ignoring case and spacing', () => {
    const terms = [
      { Id: '1', Name: 'Due on receipt' },
      { Id: '3', Name: 'Net 30' },
    ];
    expect(matchTerm(terms, { id: 'term-03', name: 'net  30' })?.Id).toBe('3');
    expect(matchTerm(terms, { id: 'term-05', name: 'Net 45' })).toBeUndefined();
  });
});

describe('taxCodeRequest (golden fixtures)', () => {
  it.each(fixtures.taxes.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(taxCodeRequest(c.tax, c.rates, c.context)).toEqual(c.expected);
  });

  it('two rates of one group with the same name get distinct names', () => {
    const request = taxCodeRequest(
      { id: 'tax-09', name: 'Twice' },
      [
        { id: 'txr-1', name: 'County', rate: '1.0000' },
        { id: 'txr-2', name: 'County', rate: '2.0000' },
      ],
      { taxAgencyId: '1', existingRates: [] },
    );
    expect(request.TaxRateDetails.map((d) => ('TaxRateName' in d ? d.TaxRateName : d.TaxRateId))).toEqual([
      'County',
      'County 2%',
    ]);
  });

  it('a group without rates is an error', () => {
    expect(() =>
      taxCodeRequest({ id: 'tax-0', name: 'Empty' }, [], { taxAgencyId: '1', existingRates: [] }),
    ).toThrow(MappingError);
  });

  it('rates created by one code are reused by the next', () => {
    const response = {
      TaxCode: 'State',
      TaxCodeId: '6',
      TaxRateDetails: [
        { TaxRateName: 'IL State', TaxRateId: '9', RateValue: 6.25, TaxApplicableOn: 'Sales' },
      ],
    };
    const created = ratesFromTaxServiceResponse(response);
    expect(created).toEqual([{ Id: '9', Name: 'IL State', RateValue: 6.25 }]);
    const next = taxCodeRequest(
      { id: 'tax-02', name: 'Sangamon County' },
      [{ id: 'txr-002', name: 'IL State', rate: '6.2500' }],
      { taxAgencyId: '1', existingRates: created },
    );
    expect(next.TaxRateDetails[0]).toEqual({ TaxRateId: '9', TaxApplicableOn: 'Sales' });
  });

  it('ratePercent drops trailing zeros', () => {
    expect(ratePercent('6.2500')).toBe('6.25');
    expect(ratePercent('5.0000')).toBe('5');
    expect(ratePercent('9.9750')).toBe('9.975');
  });

  it('matches an existing tax code by name, never TAX/NON', () => {
    const codes = [
      { Id: 'TAX', Name: 'TAX' },
      { Id: '2', Name: 'California' },
      { Id: '5', Name: 'Lake County & Waukegan' },
    ];
    expect(matchTaxCode(codes, { id: 'tax-04', name: 'lake county  & waukegan' })?.Id).toBe('5');
    expect(matchTaxCode(codes, { id: 'tax-x', name: 'TAX' })).toBeUndefined();
  });
});

describe('matchPaymentMethod', () => {
  const qbo = [
    { Id: '1', Name: 'Cash' },
    { Id: '3', Name: 'Visa' },
    { Id: '8', Name: 'debit' },
    { Id: '9', Name: 'Amex', Active: false },
  ];
  it('matches the exact name', () => {
    expect(matchPaymentMethod({ name: 'Visa' }, qbo)).toEqual({
      ok: true,
      method: { Id: '3', Name: 'Visa' },
      ref: { value: '3', name: 'Visa' },
    });
    expect(matchPaymentMethod({ name: ' Cash ' }, qbo).ok).toBe(true);
  });
  it('a missing method: tells the user to create it with exactly that name', () => {
    const result = matchPaymentMethod({ name: 'Account' }, qbo);
    expect(result).toEqual({
      ok: false,
      message:
        'The payment method "Account" does not exist in QuickBooks. In QuickBooks open Settings (gear icon) → ' +
        'All Lists → Payment Methods → New, create a payment method named exactly "Account", then retry.',
    });
  });
  it('a method differing in case is not a match: rename it', () => {
    const result = matchPaymentMethod({ name: 'Debit' }, qbo);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('rename "debit" to exactly "Debit"');
  });
  it('an inactive method: make it active', () => {
    const result = matchPaymentMethod({ name: 'Amex' }, qbo);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('"Amex" is inactive in QuickBooks');
  });
});
