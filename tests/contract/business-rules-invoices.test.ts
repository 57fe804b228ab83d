/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// Business rules of qbo-api.md §6 on invoices, with QBO's codes: DocNumber, Amount = Qty × UnitPrice,
// line tax codes, per-rate tax, sparse and full updates, inventory and term defaults.
import { describe, expect, it } from 'vitest';
import { q, unique } from './support/client';
import { code, useBusinessRules, type Obj } from './support/business-rules';

describe('business rules: invoices', () => {
  const { t, newCustomer, line, invoice } = useBusinessRules();

  it('6140: duplicate DocNumber, allowed with include=allowduplicatedocnum', async () => {
    const c = await newCustomer();
    const doc = unique('D').replace(/\s/g, '').slice(0, 21);
    await invoice(c['Id'], 10, { DocNumber: doc });
    const dup = await t.client.create('Invoice', {
      CustomerRef: { value: c['Id'] },
      DocNumber: doc,
      Line: [line(10)],
    });
    expect(code(dup)).toBe('6140');
    const allowed = await t.client.create(
      'Invoice',
      { CustomerRef: { value: c['Id'] }, DocNumber: doc, Line: [line(10)] },
      { include: 'allowduplicatedocnum' },
    );
    expect(allowed.status).toBe(200);
  });

  it('6070: Amount must equal Qty × UnitPrice', async () => {
    const c = await newCustomer();
    const r = await t.client.create('Invoice', {
      CustomerRef: { value: c['Id'] },
      Line: [line(100, { Qty: 3, UnitPrice: 30 })],
    });
    expect(code(r)).toBe('6070');
    const ok = await t.client.create('Invoice', {
      CustomerRef: { value: c['Id'] },
      Line: [line(90, { Qty: 3, UnitPrice: 30 })],
    });
    expect(ok.status).toBe(200);
  });

  it('6100: a US line TaxCodeRef must be TAX or NON', async () => {
    const c = await newCustomer();
    const r = await t.client.create('Invoice', {
      CustomerRef: { value: c['Id'] },
      Line: [line(10, { TaxCodeRef: { value: '2' } })],
    });
    expect(code(r)).toBe('6100');
  });

  it('tax is computed per rate and rounded per rate', async () => {
    const agency = (await t.client.query('select * from TaxAgency')).json.QueryResponse.TaxAgency[0]
      .Id as string;
    const name = unique('Two').replace(/\s/g, '').slice(0, 20);
    const two = await t.client.request('POST', 'taxservice/taxcode', {
      body: {
        TaxCode: `${name}G`,
        TaxRateDetails: [
          { TaxRateName: `${name}A`, RateValue: '2.5', TaxAgencyId: agency },
          { TaxRateName: `${name}B`, RateValue: '2.5', TaxAgencyId: agency },
        ],
      },
    });
    const one = await t.client.request('POST', 'taxservice/taxcode', {
      body: {
        TaxCode: `${name}S`,
        TaxRateDetails: [{ TaxRateName: `${name}C`, RateValue: '5', TaxAgencyId: agency }],
      },
    });
    const c = await newCustomer();
    const mk = (codeId: string) =>
      t.client.create('Invoice', {
        CustomerRef: { value: c['Id'] },
        Line: [line(10.1, { TaxCodeRef: { value: 'TAX' } })],
        TxnTaxDetail: { TxnTaxCodeRef: { value: codeId } },
      });
    const a = (await mk(two.json.TaxCodeId)).json.Invoice as Obj;
    const b = (await mk(one.json.TaxCodeId)).json.Invoice as Obj;
    // 10.10 × 2.5 % = 0.2525 → 0.25 twice = 0.50; 10.10 × 5 % = 0.505 → 0.51.
    expect(a['TxnTaxDetail'].TotalTax).toBe(0.5);
    expect(a['TxnTaxDetail'].TaxLine).toHaveLength(2);
    expect(b['TxnTaxDetail'].TotalTax).toBe(0.51);
    expect(a['TotalAmt']).toBe(10.6);
  });

  it('sparse update with Line replaces all lines; full update clears omitted fields', async () => {
    const c = await newCustomer();
    const inv = await t.client.create('Invoice', {
      CustomerRef: { value: c['Id'] },
      PrivateNote: 'keep?',
      Line: [line(10), line(20)],
    });
    const i = inv.json.Invoice as Obj;
    const sparse = await t.client.update('Invoice', {
      Id: i['Id'],
      SyncToken: i['SyncToken'],
      sparse: true,
      Line: [line(5)],
    });
    expect(sparse.status, sparse.text).toBe(200);
    expect(sparse.json.Invoice.TotalAmt).toBe(5);
    expect(sparse.json.Invoice.PrivateNote).toBe('keep?');
    const s = sparse.json.Invoice as Obj;
    const full = await t.client.update('Invoice', {
      Id: s['Id'],
      SyncToken: s['SyncToken'],
      CustomerRef: { value: c['Id'] },
      Line: [line(7)],
    });
    expect(full.status, full.text).toBe(200);
    expect(full.json.Invoice.PrivateNote).toBeUndefined();
    expect(full.json.Invoice.SyncToken).toBe('2');
  });

  it('queries by DocNumber find the invoice (idempotency lookups)', async () => {
    const c = await newCustomer();
    const doc = unique('L').replace(/\s/g, '').slice(0, 21);
    const inv = await invoice(c['Id'], 3, { DocNumber: doc });
    const found = await t.client.findOne('Invoice', `DocNumber = ${q(doc)}`);
    expect(found?.['Id']).toBe(inv['Id']);
  });

  it('selling an inventory item reduces QtyOnHand; dating it before InvStartDate is 6270', async () => {
    const pump = (await t.client.findOne('Item', "Type = 'Inventory'")) as Obj;
    const c = await newCustomer();
    const before = Number(pump['QtyOnHand']);
    const price = Number(pump['UnitPrice']);
    const r = await t.client.create('Invoice', {
      CustomerRef: { value: c['Id'] },
      Line: [
        {
          Amount: 2 * price,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: pump['Id'] }, Qty: 2, UnitPrice: price },
        },
      ],
    });
    expect(r.status, r.text).toBe(200);
    expect((await t.client.read('Item', pump['Id'])).json.Item.QtyOnHand).toBe(before - 2);
    const early = await t.client.create('Invoice', {
      CustomerRef: { value: c['Id'] },
      TxnDate: '1999-01-01',
      Line: [
        {
          Amount: price,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: pump['Id'] }, Qty: 1, UnitPrice: price },
        },
      ],
    });
    expect(code(early)).toBe('6270');
  });

  it('DueDate defaults from the terms; DocNumber is assigned when custom numbers are off', async () => {
    const prefs = (await t.client.request('GET', 'preferences')).json.Preferences as Obj;
    const net15 = (await t.client.findOne('Term', "Name = 'Net 15'")) as Obj;
    const c = await newCustomer();
    const inv = await invoice(c['Id'], 10, { TxnDate: '2025-03-01', SalesTermRef: { value: net15['Id'] } });
    expect(inv['DueDate']).toBe('2025-03-16');
    if (prefs['SalesFormsPrefs'].CustomTxnNumbers === false) expect(inv['DocNumber']).toMatch(/\d+/);
  });
});
