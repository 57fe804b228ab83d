/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- assertions walk QBO's untyped JSON responses */
// Creating tax codes in a Canadian company through TaxService, querying TaxCode and TaxRate, and
// using the new code on a sale. Intuit sources:
// - TaxService reference: POST /taxservice/taxcode {TaxCode, TaxRateDetails: [{TaxRateId} or
//   {TaxRateName, RateValue, TaxAgencyId, TaxApplicableOn: Sales|Purchase}]}; answer {TaxCode,
//   TaxCodeId, TaxRateDetails [{TaxRateName, TaxRateId, RateValue, TaxAgencyId, TaxApplicableOn}]}.
//   https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/taxservice
// - "Manage sales tax for non-US locales": "Use the TaxService endpoint to create a TaxCode object"
//   and TaxRate objects; TaxAgency has its own create endpoint.
//   https://developer.intuit.com/app/developer/qbo/docs/workflows/manage-sales-tax-for-non-us-locales
// - TaxCode / TaxRate references: read and query only; Name, Active, RateValue, AgencyRef filterable.
// Duplicate names → 6240 and an unknown agency → 2500 follow the emulator's US TaxService.
import { beforeAll, describe, expect, it } from 'vitest';
import { q, unique } from './support/client';
import { code, type Obj } from './support/business-rules';
import { isEmulator, useTarget } from './support/target';

const canadian = isEmulator || process.env['QBO_CONTRACT_SANDBOX_COUNTRY'] === 'CA';

describe.skipIf(!canadian)('Canada: TaxService and the tax lists', () => {
  const t = useTarget({ realm: { country: 'CA' } });
  let cra: Obj;
  let bc: Obj;
  let gst: Obj;
  let item: Obj;

  beforeAll(async () => {
    cra = (await t.client.findOne('TaxAgency', "DisplayName = 'Canada Revenue Agency'")) as Obj;
    bc = (await t.client.create('TaxAgency', { DisplayName: unique('BC PST') })).json.TaxAgency;
    gst = (await t.client.findOne('TaxRate', "Name = 'GST'")) as Obj;
    item = (await t.client.findOne('Item', "Name = 'Services'")) as Obj;
  });

  const taxservice = (body: Obj) => t.client.request('POST', 'taxservice/taxcode', { body });

  it('creates a combined code from the existing GST rate and a new 7 % PST rate', async () => {
    const name = unique('GST+PST').slice(0, 40);
    const r = await taxservice({
      TaxCode: name,
      TaxRateDetails: [
        { TaxRateId: gst['Id'], TaxApplicableOn: 'Sales' },
        { TaxRateName: `${name} PST`, RateValue: '7', TaxAgencyId: bc['Id'], TaxApplicableOn: 'Sales' },
      ],
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ TaxCode: name });
    expect(r.json.TaxRateDetails).toEqual([
      {
        TaxRateName: 'GST',
        TaxRateId: gst['Id'],
        RateValue: 5,
        TaxAgencyId: cra['Id'],
        TaxApplicableOn: 'Sales',
      },
      expect.objectContaining({ TaxRateName: `${name} PST`, RateValue: 7, TaxAgencyId: bc['Id'] }),
    ]);
    const created = (await t.client.read('TaxCode', r.json.TaxCodeId)).json.TaxCode;
    expect(created).toMatchObject({ Name: name, Active: true, Taxable: true, TaxGroup: true });
    expect(created.SalesTaxRateList.TaxRateDetail.map((d: Obj) => d.TaxRateRef.value)).toEqual([
      gst['Id'],
      r.json.TaxRateDetails[1].TaxRateId,
    ]);
    const pst = (await t.client.findOne('TaxRate', `Name = ${q(`${name} PST`)}`)) as Obj;
    expect(pst).toMatchObject({ RateValue: 7, AgencyRef: { value: bc['Id'] } });

    // The new code on a sale: 10.10 → GST 0.51 + PST 0.71, each rate rounded on its own.
    const customer = (await t.client.create('Customer', { DisplayName: unique('TS') })).json.Customer;
    const inv = await t.client.create('Invoice', {
      CustomerRef: { value: customer.Id },
      Line: [
        {
          Amount: 10.1,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: item['Id'] }, TaxCodeRef: { value: r.json.TaxCodeId } },
        },
      ],
    });
    expect(inv.status, inv.text).toBe(200);
    expect(inv.json.Invoice.TxnTaxDetail.TotalTax).toBe(1.22);
    expect(inv.json.Invoice.TotalAmt).toBe(11.32);
  });

  it('a purchase-only rate goes to PurchaseTaxRateList; such a code cannot tax a sale', async () => {
    const name = unique('ITC').slice(0, 40);
    const r = await taxservice({
      TaxCode: name,
      TaxRateDetails: [
        { TaxRateName: `${name} rate`, RateValue: '5', TaxAgencyId: cra['Id'], TaxApplicableOn: 'Purchase' },
      ],
    });
    expect(r.status, r.text).toBe(200);
    const created = (await t.client.read('TaxCode', r.json.TaxCodeId)).json.TaxCode;
    expect(created.SalesTaxRateList.TaxRateDetail).toEqual([]);
    expect(created.PurchaseTaxRateList.TaxRateDetail).toHaveLength(1);
    const customer = (await t.client.create('Customer', { DisplayName: unique('ITC') })).json.Customer;
    const inv = await t.client.create('Invoice', {
      CustomerRef: { value: customer.Id },
      Line: [
        {
          Amount: 10,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: item['Id'] }, TaxCodeRef: { value: r.json.TaxCodeId } },
        },
      ],
    });
    expect(code(inv)).toBe('6000');
  });

  it('duplicate code or rate names → 6240; an unknown agency → 2500', async () => {
    const dupCode = await taxservice({ TaxCode: 'GST', TaxRateDetails: [{ TaxRateId: gst['Id'] }] });
    expect(code(dupCode)).toBe('6240');
    const dupRate = await taxservice({
      TaxCode: unique('Dup').slice(0, 40),
      TaxRateDetails: [{ TaxRateName: 'GST', RateValue: '5', TaxAgencyId: cra['Id'] }],
    });
    expect(code(dupRate)).toBe('6240');
    const agency = await taxservice({
      TaxCode: unique('NoAgency').slice(0, 40),
      TaxRateDetails: [{ TaxRateName: unique('r').slice(0, 40), RateValue: '5', TaxAgencyId: '9999' }],
    });
    expect(code(agency)).toBe('2500');
  });

  it('TaxCode and TaxRate are read-only lists: query by name, count, no create', async () => {
    const byName = await t.client.query("select * from TaxCode where Name = 'GST/PST BC'");
    expect(byName.json.QueryResponse.TaxCode).toHaveLength(1);
    const count = await t.client.query('select count(*) from TaxRate');
    expect(count.json.QueryResponse.totalCount).toBeGreaterThanOrEqual(13);
    const direct = await t.client.create('TaxCode', { Name: unique('Direct').slice(0, 40) });
    expect(direct.status).toBe(400);
  });
});
