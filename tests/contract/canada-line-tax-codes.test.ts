/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- assertions walk QBO's untyped JSON responses */
// A Canadian company demands a real tax code on every sales line and refuses US-style bodies.
// Intuit sources:
// - "Manage sales tax for non-US locales": "For each sales item line subject to sales tax, set its
//   SalesItemLineDetail.TaxCodeRef attribute to reference the applicable TaxCode object";
//   QBO computes TxnTaxDetail.TotalTax from the code on each line.
//   https://developer.intuit.com/app/developer/qbo/docs/workflows/manage-sales-tax-for-non-us-locales
// - Invoice reference: GlobalTaxCalculation (TaxExcluded default, TaxInclusive, NotApplicable; "Not
//   applicable to US companies; required for non-US companies"); TxnTaxCodeRef is "for US editions
//   only" (.NET SDK TxnTaxDetail docs). .../api/accounting/all-entities/invoice
// - Error codes: 6000 business validation, 2500 Invalid Reference Id, 2170 Invalid Enumeration,
//   6170 Invalid TxnTaxDetail. .../develop/troubleshooting/error-codes
// Observed wordings of the 6000s: "Make sure all your transactions have a GST/HST rate before you
// save." (activepieces#8539, a Canadian company, 2025) and "One or more transaction lines do not have
// a tax code associated with it. Please assign a tax code for those lines" (quickbooks-ruby#322).
// Which wording for which case, 2500 for TAX/NON, and NotApplicable without codes are UNCONFIRMED.
import { beforeAll, describe, expect, it } from 'vitest';
import { unique, type QboResponse } from './support/client';
import { code, type Obj } from './support/business-rules';
import { isEmulator, useTarget } from './support/target';

const canadian = isEmulator || process.env['QBO_CONTRACT_SANDBOX_COUNTRY'] === 'CA';

function fault(r: QboResponse): Obj {
  return r.json?.Fault?.Error?.[0] ?? {};
}

describe.skipIf(!canadian)('Canada: tax codes on sales lines', () => {
  const t = useTarget({ realm: { country: 'CA' } });
  const ids: Record<string, string> = {};
  let item: Obj;
  let customer: Obj;
  let bank: Obj;

  beforeAll(async () => {
    const codes = (await t.client.query('select * from TaxCode')).json.QueryResponse.TaxCode as Obj[];
    for (const c of codes) ids[c['Name'] as string] = c['Id'] as string;
    item = (await t.client.findOne('Item', "Name = 'Services'")) as Obj;
    bank = (await t.client.findOne('Account', "AccountType = 'Bank'")) as Obj;
    customer = (await t.client.create('Customer', { DisplayName: unique('Maple') })).json.Customer;
  });

  const line = (amount: number, taxCode?: string) => ({
    Amount: amount,
    DetailType: 'SalesItemLineDetail',
    SalesItemLineDetail: {
      ItemRef: { value: item['Id'] },
      ...(taxCode === undefined ? {} : { TaxCodeRef: { value: taxCode } }),
    },
  });
  const invoice = (lines: Obj[], extra: Obj = {}) =>
    t.client.create('Invoice', { CustomerRef: { value: customer['Id'] }, Line: lines, ...extra });

  it('6000 when no line has a tax code (the GST/HST wording), element ""', async () => {
    const r = await invoice([line(95)]);
    expect(r.status).toBe(400);
    expect(fault(r)).toEqual({
      Message: 'A business validation error has occurred while processing your request',
      Detail:
        'Business Validation Error: Make sure all your transactions have a GST/HST rate before you save.',
      code: '6000',
      element: '',
    });
  });

  it('6000 when some lines have one and some do not', async () => {
    const r = await invoice([line(10, ids['GST']), line(5)]);
    expect(code(r)).toBe('6000');
    expect(fault(r).Detail).toContain('One or more transaction lines do not have a tax code');
  });

  it('the US pseudo codes TAX and NON, or an unknown id, are no tax codes here: 2500', async () => {
    for (const value of ['TAX', 'NON', '99999']) {
      const r = await invoice([line(10, value)]);
      expect(code(r), value).toBe('2500');
      expect(fault(r).element).toBe('Line.SalesItemLineDetail.TaxCodeRef');
    }
  });

  it('a US-style body (TxnTaxCodeRef on the document, none on the lines) is refused by the line rule', async () => {
    const r = await invoice([line(10)], { TxnTaxDetail: { TxnTaxCodeRef: { value: ids['GST'] } } });
    expect(code(r)).toBe('6000');
    const us = await invoice([line(10, 'TAX')], { TxnTaxDetail: { TxnTaxCodeRef: { value: 'NON' } } });
    expect(code(us)).toBe('2500');
  });

  it('with coded lines a TxnTaxCodeRef must name a code and is not used: tax comes from the lines', async () => {
    const bad = await invoice([line(100, ids['HST ON'])], {
      TxnTaxDetail: { TxnTaxCodeRef: { value: 'NON' } },
    });
    expect(code(bad)).toBe('2500');
    expect(fault(bad).element).toBe('TxnTaxDetail.TxnTaxCodeRef');
    const ok = await invoice([line(100, ids['HST ON'])], {
      TxnTaxDetail: { TxnTaxCodeRef: { value: ids['GST'] } },
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.Invoice.TxnTaxDetail.TotalTax).toBe(13);
    expect(ok.json.Invoice.TxnTaxDetail.TxnTaxCodeRef).toBeUndefined();
    expect(ok.json.Invoice.Line[0].SalesItemLineDetail.TaxCodeRef).toEqual({ value: ids['HST ON'] });
  });

  it('GlobalTaxCalculation must be one of the three values (2170); TaxIncluded is not one', async () => {
    const r = await invoice([line(10, ids['GST'])], { GlobalTaxCalculation: 'TaxIncluded' });
    expect(code(r)).toBe('2170');
  });

  it('NotApplicable needs no line codes and refuses tax detail (6170)', async () => {
    const ok = await invoice([line(40)], { GlobalTaxCalculation: 'NotApplicable' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.Invoice).toMatchObject({ GlobalTaxCalculation: 'NotApplicable', TotalAmt: 40 });
    expect(ok.json.Invoice.TxnTaxDetail.TotalTax).toBe(0);
    const bad = await invoice([line(40, ids['GST'])], {
      GlobalTaxCalculation: 'NotApplicable',
      TxnTaxDetail: { TotalTax: 2 },
    });
    expect(code(bad)).toBe('6170');
  });

  it('refund receipts and credit memos follow the same rule', async () => {
    const refund = (lines: Obj[]) =>
      t.client.create('RefundReceipt', {
        CustomerRef: { value: customer['Id'] },
        DepositToAccountRef: { value: bank['Id'] },
        Line: lines,
      });
    expect(code(await refund([line(10)]))).toBe('6000');
    expect(code(await refund([line(10, 'NON')]))).toBe('2500');
    expect((await refund([line(10, ids['GST'])])).status).toBe(200);
    const memo = (lines: Obj[]) =>
      t.client.create('CreditMemo', { CustomerRef: { value: customer['Id'] }, Line: lines });
    expect(code(await memo([line(10)]))).toBe('6000');
    expect((await memo([line(10, ids['Zero-rated'])])).status).toBe(200);
  });

  it('a tax-exempt customer: DefaultTaxCodeRef Exempt is kept, NON refused; lines still need their code', async () => {
    const exempt = await t.client.create('Customer', {
      DisplayName: unique('Exempt'),
      DefaultTaxCodeRef: { value: ids['Exempt'] },
    });
    expect(exempt.status, exempt.text).toBe(200);
    expect(exempt.json.Customer.DefaultTaxCodeRef.value).toBe(ids['Exempt']);
    const non = await t.client.create('Customer', {
      DisplayName: unique('Non'),
      DefaultTaxCodeRef: { value: 'NON' },
    });
    expect(code(non)).toBe('2500');
    const r = await t.client.create('Invoice', {
      CustomerRef: { value: exempt.json.Customer.Id },
      Line: [line(10)],
    });
    expect(code(r)).toBe('6000');
  });
});
