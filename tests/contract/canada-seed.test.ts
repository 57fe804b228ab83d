/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- assertions walk QBO's untyped JSON responses */
// A Canadian company (POST /__emulator/realms with country "CA"): CompanyInfo, Preferences and the
// sales-tax lists a new QBO Canada company has. Intuit sources:
// - "Manage sales tax for non-US locales": a TaxCode groups TaxRates ("the tax code GST is comprised
//   of the GST (sales) tax rate"); TaxRate and TaxAgency are used in TaxCode definitions.
//   https://developer.intuit.com/app/developer/qbo/docs/workflows/manage-sales-tax-for-non-us-locales
// - TaxCode reference: SalesTaxRateList / PurchaseTaxRateList of TaxRateDetail {TaxRateRef,
//   TaxTypeApplicable, TaxOrder}; TaxGroup false only for the US pseudo codes TAX and NON.
//   https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/taxcode
// - TaxRate / TaxAgency references (RateValue, AgencyRef, EffectiveTaxRate; DisplayName,
//   TaxTrackedOnSales/Purchases). .../all-entities/taxrate, .../all-entities/taxagency
// - Preferences reference: TaxPrefs.UsingSalesTax; PartnerTaxEnabled "not present: the company is
//   not enabled for automated sales tax"; OtherPrefs AccountingInfoPrefs.DefaultTaxRateSelection
//   ("1" exclusive of tax, non-US). .../api/accounting/ecommerce/preferences
// The code and rate names follow what QBO Canada companies show (README "Canadian companies");
// their ids, the agencies' names and the exact list are the emulator's: emulator only.
import { describe, expect, it } from 'vitest';
import { isEmulator, useTarget } from './support/target';
import type { Obj } from './support/business-rules';

describe.skipIf(!isEmulator)('Canada: a new Canadian company', () => {
  const t = useTarget({ realm: { country: 'CA', companyName: 'Maple Rentals' } });

  const all = async (entity: string): Promise<Obj[]> =>
    (await t.client.query(`select * from ${entity} maxresults 1000`)).json.QueryResponse[entity] ?? [];

  it('the control call answers country CA and home currency CAD', async () => {
    const r = await t.control('POST', '/realms', { companyName: 'Maple Two', country: 'ca' });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ country: 'CA', homeCurrency: 'CAD', multicurrency: false });
    // US automated sales tax does not apply to a Canadian company: the flag is ignored.
    const ast = await t.control('POST', '/realms', {
      companyName: 'Maple AST',
      country: 'CA',
      automatedSalesTax: true,
    });
    const realm = t.emulator?.state.store.realms.get(ast.json.realmId);
    expect(realm?.automatedSalesTax).toBe(false);
    expect(realm?.preferences['TaxPrefs']).toEqual({ UsingSalesTax: true });
  });

  it('CompanyInfo is in Canada; Preferences: sales tax on, no automated sales tax, CAD, tax excluded', async () => {
    const info = (await t.client.request('GET', `companyinfo/${t.client.realmId}`)).json.CompanyInfo;
    expect(info.Country).toBe('CA');
    expect(info.CompanyAddr).toMatchObject({ Country: 'CA', CountrySubDivisionCode: 'ON' });
    const prefs = (await t.client.request('GET', 'preferences')).json.Preferences;
    expect(prefs.TaxPrefs).toEqual({ UsingSalesTax: true });
    expect(prefs.CurrencyPrefs).toEqual({ MultiCurrencyEnabled: false, HomeCurrency: { value: 'CAD' } });
    expect(prefs.OtherPrefs.NameValue).toContainEqual({
      Name: 'AccountingInfoPrefs.DefaultTaxRateSelection',
      Value: '1',
    });
  });

  it("tax codes: Canada's, each a group of rates; no US TAX/NON", async () => {
    const codes = await all('TaxCode');
    const names = codes.map((c) => c.Name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Exempt',
        'Zero-rated',
        'Out of Scope',
        'GST',
        'HST ON',
        'HST NS',
        'HST NB 2016',
        'HST NL 2016',
        'HST PE 2016',
        'GST/PST BC',
        'PST BC',
        'GST/PST MB',
        'GST/PST SK',
        'GST/QST QC - 9.975',
        'QST QC - 9.975',
      ]),
    );
    expect(names).not.toContain('TAX');
    expect(names).not.toContain('NON');
    expect((await t.client.read('TaxCode', 'TAX')).status).toBe(400);
    for (const c of codes) {
      expect(c).toMatchObject({ Active: true, Taxable: true, TaxGroup: true });
      expect(c.SalesTaxRateList.TaxRateDetail.length).toBeGreaterThan(0);
      expect(c.PurchaseTaxRateList.TaxRateDetail).toEqual(c.SalesTaxRateList.TaxRateDetail);
    }
  });

  it("each code names its rates; the percentages are Canada's", async () => {
    const rates = new Map((await all('TaxRate')).map((r) => [r.Id as string, r]));
    const codes = await all('TaxCode');
    const percents = (name: string) =>
      codes
        .find((c) => c.Name === name)
        ?.SalesTaxRateList.TaxRateDetail.map((d: Obj) => {
          const rate = rates.get(d.TaxRateRef.value);
          expect(d.TaxRateRef.name).toBe(rate?.Name);
          expect(d.TaxTypeApplicable).toBe('TaxOnAmount');
          return rate?.RateValue;
        });
    expect(percents('GST')).toEqual([5]);
    expect(percents('HST ON')).toEqual([13]);
    expect(percents('HST NS')).toEqual([14]);
    expect(percents('GST/PST BC')).toEqual([5, 7]);
    expect(percents('GST/PST MB')).toEqual([5, 7]);
    expect(percents('GST/PST SK')).toEqual([5, 6]);
    expect(percents('GST/QST QC - 9.975')).toEqual([5, 9.975]);
    expect(percents('Zero-rated')).toEqual([0]);
    expect(percents('Exempt')).toEqual([0]);
    expect(percents('Out of Scope')).toEqual([0]);
  });

  it('rates belong to their agencies: GST/HST to the CRA, QST to Revenu Québec', async () => {
    const agencies = await all('TaxAgency');
    const byName = new Map(agencies.map((a) => [a.DisplayName as string, a]));
    const cra = byName.get('Canada Revenue Agency');
    expect(cra).toMatchObject({ TaxTrackedOnSales: true, TaxTrackedOnPurchases: true });
    expect(byName.get('Revenu Québec')).toBeDefined();
    const gst = (await t.client.findOne('TaxRate', "Name = 'GST'")) as Obj;
    expect(gst).toMatchObject({ RateValue: 5, Active: true, AgencyRef: { value: cra?.Id } });
    const qst = (await t.client.findOne('TaxRate', "Name = 'QST 9.975'")) as Obj;
    expect(qst.AgencyRef.value).toBe(byName.get('Revenu Québec')?.Id);
    const craRates = await t.client.query(`select * from TaxRate where AgencyRef = '${cra?.Id}'`);
    expect(craRates.json.QueryResponse.TaxRate.map((r: Obj) => r.Name)).toEqual(
      expect.arrayContaining(['GST', 'HST ON', 'GST/HST ZR']),
    );
    const ns = (await t.client.findOne('TaxRate', "Name = 'HST NS'")) as Obj;
    expect(ns.EffectiveTaxRate.map((e: Obj) => e.RateValue)).toEqual([15, 14]);
  });

  it('TaxCode and TaxRate read by id; the chart has GST/HST Payable instead of Sales Tax Payable', async () => {
    const code = (await t.client.findOne('TaxCode', "Name = 'HST ON'")) as Obj;
    const read = (await t.client.read('TaxCode', code.Id)).json.TaxCode;
    expect(read).toMatchObject({ Name: 'HST ON', Id: code.Id });
    const rateId = read.SalesTaxRateList.TaxRateDetail[0].TaxRateRef.value;
    expect((await t.client.read('TaxRate', rateId)).json.TaxRate.RateValue).toBe(13);
    expect(await t.client.findOne('Account', "Name = 'GST/HST Payable'")).toMatchObject({
      AccountType: 'Other Current Liability',
    });
    expect(await t.client.findOne('Account', "Name = 'Sales Tax Payable'")).toBeUndefined();
  });

  it('the ids README lists for a fresh company', async () => {
    const ids = async (entity: string, field: string) =>
      Object.fromEntries((await all(entity)).map((o) => [o[field], o.Id]));
    expect(await ids('TaxCode', 'Name')).toMatchObject({
      Exempt: '1',
      'Zero-rated': '2',
      'Out of Scope': '3',
      GST: '4',
      'HST ON': '5',
      'GST/PST BC': '10',
      'GST/QST QC - 9.975': '16',
    });
    expect(await ids('TaxRate', 'Name')).toMatchObject({
      GST: '1',
      'HST ON': '2',
      'PST BC': '7',
      'QST 9.975': '10',
    });
    expect(await ids('TaxAgency', 'DisplayName')).toMatchObject({
      'Canada Revenue Agency': '1',
      'Revenu Québec': '2',
    });
  });

  it('a company reset seeds the Canadian lists again', async () => {
    expect((await t.control('POST', `/realms/${t.client.realmId}/reset`)).status).toBe(200);
    const names = (await all('TaxCode')).map((c) => c.Name);
    expect(names).toContain('GST/PST BC');
    expect(names).not.toContain('TAX');
  });
});
