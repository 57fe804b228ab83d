// Canadian companies: a BPro tax group → the QBO code its lines carry (matched by exactly its
// rates, or created through TaxService), the untaxed lines' code, the line codes of invoices and
// refund receipts, and the drift warning. The company lists are shaped like a new QBO Canada
// company's (the emulator's seed-data-ca.ts; README "Canadian companies").
import { describe, expect, it } from 'vitest';
import {
  agencyForRate,
  caTaxCodeRequest,
  caTotalsWarning,
  createdTaxCodeMessage,
  defaultUntaxedCode,
  expectedInvoiceTotals,
  invoiceBody,
  MappingError,
  matchTaxCodeByRates,
  refundReceiptBody,
  salesRateIds,
  type CaTaxLists,
  type OrderInput,
  type OrderLineInput,
  type QboTaxCodeLike,
} from '../../../activities/mapping';
import { taxModelOf, unsupportedCompanyReason } from '../../../activities/qbo/company-kind';

const agencies = [
  { Id: '1', DisplayName: 'Canada Revenue Agency' },
  { Id: '2', DisplayName: 'Revenu Québec' },
  { Id: '3', DisplayName: 'British Columbia Ministry of Finance' },
];
const rates = [
  { Id: '1', Name: 'GST', RateValue: 5, AgencyRef: { value: '1' } },
  { Id: '2', Name: 'HST ON', RateValue: 13, AgencyRef: { value: '1' } },
  { Id: '7', Name: 'PST BC', RateValue: 7, AgencyRef: { value: '3' } },
  { Id: '10', Name: 'QST 9.975', RateValue: 9.975, AgencyRef: { value: '2' } },
  { Id: '11', Name: 'GST/HST ZR', RateValue: 0, AgencyRef: { value: '1' } },
  { Id: '12', Name: 'GST/HST Exempt', RateValue: 0, AgencyRef: { value: '1' } },
];
const code = (Id: string, Name: string, rateIds: string[], Active = true): QboTaxCodeLike => ({
  Id,
  Name,
  Active,
  SalesTaxRateList: { TaxRateDetail: rateIds.map((value) => ({ TaxRateRef: { value } })) },
});
const codes = [
  code('1', 'Exempt', ['12']),
  code('2', 'Zero-rated', ['11']),
  code('4', 'GST', ['1']),
  code('5', 'HST ON', ['2']),
  code('10', 'GST/PST BC', ['1', '7']),
  code('16', 'GST/QST QC - 9.975', ['1', '10']),
];
const lists: CaTaxLists = { codes, rates, agencies };
const rate = (id: string, name: string, percent: string) => ({ id, name, rate: percent });

describe('matchTaxCodeByRates: a code with exactly the group’s rates (name and percent)', () => {
  it('one rate and two rates, in any order, names compared as QBO does', () => {
    expect(
      matchTaxCodeByRates(codes, rates, { id: 't1', name: 'Federal' }, [rate('r', 'gst', '5.0000')])?.Id,
    ).toBe('4');
    const bc = [rate('a', 'PST BC', '7.0000'), rate('b', 'GST', '5.0000')];
    expect(matchTaxCodeByRates(codes, rates, { id: 't2', name: 'BC' }, bc)?.Id).toBe('10');
  });

  it('no match when a name, a percent or the number of rates differs, or the code is inactive', () => {
    const tax = { id: 't', name: 'X' };
    expect(matchTaxCodeByRates(codes, rates, tax, [rate('a', 'HST', '13.0000')])).toBeUndefined();
    expect(matchTaxCodeByRates(codes, rates, tax, [rate('a', 'GST', '6.0000')])).toBeUndefined();
    expect(
      matchTaxCodeByRates(codes, rates, tax, [rate('a', 'GST', '5.0000'), rate('b', 'PST', '7.0000')]),
    ).toBeUndefined();
    expect(matchTaxCodeByRates(codes, rates, tax, [rate('a', 'PST BC', '7.0000')])).toBeUndefined();
    const inactive = [code('4', 'GST', ['1'], false)];
    expect(matchTaxCodeByRates(inactive, rates, tax, [rate('a', 'GST', '5.0000')])).toBeUndefined();
    expect(matchTaxCodeByRates(codes, rates, tax, [])).toBeUndefined();
  });

  it('several codes with the rates: the one named like the group, else the oldest', () => {
    const more = [...codes, code('30', 'Federal GST', ['1']), code('20', 'GST only', ['1'])];
    const gst = [rate('a', 'GST', '5.0000')];
    expect(matchTaxCodeByRates(more, rates, { id: 't', name: 'Federal GST' }, gst)?.Id).toBe('30');
    expect(matchTaxCodeByRates(more, rates, { id: 't', name: 'Other' }, gst)?.Id).toBe('4');
  });

  it('reads a code’s sales rate ids', () => {
    expect(salesRateIds(codes[4] as QboTaxCodeLike)).toEqual(['1', '7']);
    expect(salesRateIds({ SalesTaxRateList: undefined })).toEqual([]);
  });
});

describe('the code of untaxed lines and the agency of a new rate', () => {
  it('the active Exempt code (English or French)', () => {
    expect(defaultUntaxedCode(codes)?.Id).toBe('1');
    expect(defaultUntaxedCode([code('3', 'Exonéré', ['12'])])?.Id).toBe('3');
    expect(
      defaultUntaxedCode([code('1', 'Exempt', ['12'], false), code('2', 'Zero-rated', ['11'])]),
    ).toBeUndefined();
  });

  it('a rate of the same name’s agency, else one starting with the same word, else the first', () => {
    expect(agencyForRate('PST BC', lists)?.Id).toBe('3');
    expect(agencyForRate('PST', lists)?.Id).toBe('3');
    expect(agencyForRate('QST', lists)?.Id).toBe('2');
    expect(agencyForRate('HST BC', lists)?.Id).toBe('1');
    expect(agencyForRate('Muskoka levy', lists)?.Id).toBe('1');
    expect(agencyForRate('GST', { rates: [], agencies: [] })).toBeUndefined();
  });
});

describe('caTaxCodeRequest: the TaxService body of a group no code matches', () => {
  it('reuses the company’s GST, files a new PST with the PST agency', () => {
    const group = [rate('a', 'GST', '5.0000'), rate('b', 'PST', '7.0000')];
    const { request, newRates } = caTaxCodeRequest(
      { id: 'tax-04', name: 'GST + PST (rentals)' },
      group,
      lists,
    );
    expect(request).toEqual({
      TaxCode: 'GST + PST (rentals)',
      TaxRateDetails: [
        { TaxRateId: '1', TaxApplicableOn: 'Sales' },
        { TaxRateName: 'PST', RateValue: '7', TaxAgencyId: '3', TaxApplicableOn: 'Sales' },
      ],
    });
    expect(newRates).toEqual([{ name: 'PST', percent: '7', agency: 'British Columbia Ministry of Finance' }]);
    expect(createdTaxCodeMessage(request.TaxCode, group, newRates)).toBe(
      'Tax code "GST + PST (rentals)" (GST 5%, PST 7%) created: no QuickBooks code had exactly these rates; ' +
        'new rates filed "PST" with British Columbia Ministry of Finance: check the agencies in QuickBooks',
    );
  });

  it('a code name taken by other rates gets "Name (BPro #id)"; a rate name taken by another percent "Name 13%"', () => {
    const { request } = caTaxCodeRequest(
      { id: 'tax-09', name: 'HST ON' },
      [rate('a', 'HST ON', '15.0000')],
      lists,
    );
    expect(request.TaxCode).toBe('HST ON (BPro #tax-09)');
    expect(request.TaxRateDetails).toEqual([
      { TaxRateName: 'HST ON 15%', RateValue: '15', TaxAgencyId: '1', TaxApplicableOn: 'Sales' },
    ]);
  });

  it('no agency at all is an error in plain words', () => {
    expect(() =>
      caTaxCodeRequest({ id: 't', name: 'X' }, [rate('a', 'X', '1.0000')], { codes, rates, agencies: [] }),
    ).toThrow(MappingError);
  });
});

const order: OrderInput = {
  id: 'ord-1',
  number: '1001',
  orderDate: '2026-05-01',
  dueDate: null,
  memo: null,
  taxId: 'tax-03',
  termId: null,
  customerId: 'cus-1',
};
const lines: OrderLineInput[] = [
  {
    id: 'l1',
    lineNo: 1,
    productId: 'p1',
    description: 'Tent',
    quantity: '1.0000',
    unitPrice: '10.10',
    taxable: true,
  },
  {
    id: 'l2',
    lineNo: 2,
    productId: 'p1',
    description: 'Delivery',
    quantity: '2.0000',
    unitPrice: '5.00',
    taxable: false,
  },
];
const caContext = {
  customerQboId: '58',
  itemQboIds: { p1: '19' },
  taxRates: ['5.0000', '7.0000'],
  automatedSalesTax: false,
  lineTaxCodes: { taxed: '10', untaxed: '1' },
};
const lineCodes = (body: { Line: Array<{ SalesItemLineDetail: { TaxCodeRef: { value: string } } }> }) =>
  body.Line.map((l) => l.SalesItemLineDetail.TaxCodeRef.value);

describe('Canadian invoices and refund receipts: a real code on every line', () => {
  it('taxable lines carry the group’s code, the rest the untaxed code; no TxnTaxDetail, tax excluded', () => {
    const body = invoiceBody(order, lines, caContext);
    expect(lineCodes(body)).toEqual(['10', '1']);
    expect(body.TxnTaxDetail).toBeUndefined();
    expect(body.GlobalTaxCalculation).toBe('TaxExcluded');
    expect(JSON.stringify(body)).not.toMatch(/"(TAX|NON)"/);
  });

  it('an order without a tax group (a tax-exempt customer’s) carries the untaxed code on every line', () => {
    const exempt = invoiceBody({ ...order, taxId: null }, lines, {
      ...caContext,
      taxRates: [],
      lineTaxCodes: { taxed: null, untaxed: '2' },
    });
    expect(lineCodes(exempt)).toEqual(['2', '2']);
  });

  it('a taxable line whose group has no code yet is a missing dependency', () => {
    const missing = () =>
      invoiceBody(order, lines, { ...caContext, lineTaxCodes: { taxed: null, untaxed: '1' } });
    expect(missing).toThrow(MappingError);
    expect(missing).toThrow('needs its tax tax-03 in QuickBooks first');
  });

  it('the US body is unchanged: TAX/NON and the document’s tax code', () => {
    const us = invoiceBody(order, lines, { ...caContext, lineTaxCodes: null, taxCodeQboId: '3' });
    expect(lineCodes(us)).toEqual(['TAX', 'NON']);
    expect(us.TxnTaxDetail).toEqual({ TxnTaxCodeRef: { value: '3' } });
    expect(us.GlobalTaxCalculation).toBeUndefined();
  });

  it('a refund receipt’s line carries the untaxed code (US: NON)', () => {
    const refund = { id: 'ref-1', amount: '25.00', refundedOn: '2026-05-02', reason: null };
    const context = { customerQboId: '58', refundAccountQboId: '35', refundItemQboId: '40' };
    const ca = refundReceiptBody(refund, { ...context, untaxedTaxCodeQboId: '1' });
    expect(ca.Line[0].SalesItemLineDetail.TaxCodeRef).toEqual({ value: '1' });
    expect(ca.GlobalTaxCalculation).toBe('TaxExcluded');
    const us = refundReceiptBody(refund, context);
    expect(us.Line[0].SalesItemLineDetail.TaxCodeRef).toEqual({ value: 'NON' });
    expect(us.GlobalTaxCalculation).toBeUndefined();
  });
});

describe('caTotalsWarning: drift between QuickBooks’ total and BPro’s', () => {
  // 10.10 at 5 % + 7 %: BPro 1.21 (12 % once), QuickBooks 0.51 + 0.71 = 1.22; plus 10.00 untaxed.
  const totals = expectedInvoiceTotals(lines, caContext, order);

  it('none when equal; the per-rate explanation when QuickBooks rounds each rate', () => {
    expect(totals.bproTotalCents).toBe(2131);
    expect(totals.qboTotalCents).toBe(2132);
    expect(caTotalsWarning(totals, 2131, 'Order 1001')).toBeUndefined();
    expect(caTotalsWarning(totals, 2132, 'Order 1001')).toBe(totals.warning);
    expect(totals.warning).toContain('rounds the tax of each rate separately');
  });

  it('another difference names the code and points to the Tax mapping', () => {
    const warning = caTotalsWarning(totals, 2141, 'Order 1001', 'HST ON');
    expect(warning).toContain("QuickBooks total 21.41 differs from BPro's 21.31 by 0.10");
    expect(warning).toContain('"HST ON"');
    expect(warning).toContain('Check the Tax mapping.');
  });
});

describe('which companies the sync serves', () => {
  it('accepts Canada and gives it the Canadian tax model; refuses the UK with the reason', () => {
    for (const country of ['CA', 'ca', 'CAN', 'Canada']) {
      expect(unsupportedCompanyReason({ country })).toBeNull();
      expect(taxModelOf({ country })).toBe('CA');
    }
    expect(taxModelOf({ country: 'US' })).toBeUndefined();
    expect(taxModelOf({ country: null })).toBeUndefined();
    expect(unsupportedCompanyReason({ country: 'GB' })).toBe(
      'Only US and Canadian QuickBooks companies are supported for now; this company is in GB.',
    );
    expect(unsupportedCompanyReason({ country: 'AU' })).toMatch(/this company is in AU\.$/);
  });
});
