/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// CRUD of every emulated entity over HTTP (qbo-api.md §2, §6): create, read, full and sparse
// update, delete/void where QBO allows them, SyncToken, minorversion and requestid.
import { describe, expect, it } from 'vitest';
import { q, unique } from './support/client';
import { isEmulator, useTarget } from './support/target';

describe('entities', () => {
  const t = useTarget();

  async function account(name: string) {
    const a = await t.client.findOne('Account', `Name = ${q(name)}`);
    expect(a, `account ${name}`).toBeDefined();
    return a as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- QBO JSON
  }

  it('CompanyInfo and Preferences are readable', async () => {
    const ci = await t.client.request('GET', `companyinfo/${t.client.realmId}`);
    expect(ci.status).toBe(200);
    expect(typeof ci.json.CompanyInfo.CompanyName).toBe('string');
    expect(ci.json.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const prefs = await t.client.request('GET', 'preferences');
    expect(prefs.status).toBe(200);
    expect(prefs.json.Preferences.TaxPrefs).toBeDefined();
    expect(prefs.json.Preferences.SalesFormsPrefs).toHaveProperty('CustomTxnNumbers');
  });

  it('CompanyInfo is also queryable', async () => {
    const r = await t.client.query('select * from CompanyInfo');
    expect(r.status).toBe(200);
    expect(r.json.QueryResponse.CompanyInfo).toHaveLength(1);
  });

  it('TaxAgency: create, read and query', async () => {
    const name = unique('Agency').slice(0, 60);
    const r = await t.client.create('TaxAgency', { DisplayName: name });
    expect(r.status, r.text).toBe(200);
    expect((await t.client.read('TaxAgency', r.json.TaxAgency.Id)).json.TaxAgency.DisplayName).toBe(name);
    const dup = await t.client.create('TaxAgency', { DisplayName: name });
    expect(dup.status).toBe(400);
  });

  it('the seed has the standard accounts, payment methods, terms and TAX/NON', async () => {
    for (const name of [
      'Checking',
      'Savings',
      'Undeposited Funds',
      'Inventory Asset',
      'Sales of Product Income',
      'Services',
      'Cost of Goods Sold',
    ])
      await account(name);
    const pm = await t.client.query("select * from PaymentMethod where Name IN ('Cash', 'Check', 'Visa')");
    expect(pm.json.QueryResponse.PaymentMethod).toHaveLength(3);
    const terms = await t.client.query("select * from Term where Name = 'Net 30'");
    expect(terms.json.QueryResponse.Term[0].DueDays).toBe(30);
    const codes = await t.client.query('select * from TaxCode');
    const ids = (codes.json.QueryResponse.TaxCode as { Id: string }[]).map((c) => c.Id);
    expect(ids).toEqual(expect.arrayContaining(['TAX', 'NON']));
  });

  it('Customer: create, read, sparse update, full update; SyncToken increments', async () => {
    const name = unique('Cust');
    const c = await t.client.create('Customer', {
      DisplayName: name,
      GivenName: 'Ann',
      PrimaryEmailAddr: { Address: 'ann@example.com' },
    });
    expect(c.status).toBe(200);
    const cust = c.json.Customer;
    expect(cust).toMatchObject({ DisplayName: name, SyncToken: '0', Active: true, domain: 'QBO' });
    const read = await t.client.read('Customer', cust.Id);
    expect(read.json.Customer.DisplayName).toBe(name);
    const sparse = await t.client.update('Customer', {
      Id: cust.Id,
      SyncToken: '0',
      sparse: true,
      CompanyName: 'Ann Co',
    });
    expect(sparse.json.Customer).toMatchObject({ SyncToken: '1', CompanyName: 'Ann Co', GivenName: 'Ann' });
    const full = await t.client.update('Customer', {
      Id: cust.Id,
      SyncToken: '1',
      DisplayName: name,
      FamilyName: 'Smith',
    });
    expect(full.json.Customer.SyncToken).toBe('2');
    expect(full.json.Customer.FamilyName).toBe('Smith');
    expect(full.json.Customer.GivenName).toBeUndefined();
  });

  it('a stale SyncToken → 5010', async () => {
    const c = await t.client.create('Customer', { DisplayName: unique('Stale') });
    const id = c.json.Customer.Id;
    await t.client.update('Customer', { Id: id, SyncToken: '0', sparse: true, Notes: 'a' });
    const r = await t.client.update('Customer', { Id: id, SyncToken: '0', sparse: true, Notes: 'b' });
    expect(r.status).toBe(400);
    expect(r.json.Fault.Error[0].code).toBe('5010');
  });

  it('Customer jobs: a sub-customer gets Level and FullyQualifiedName', async () => {
    const parent = (await t.client.create('Customer', { DisplayName: unique('Parent') })).json.Customer;
    const childName = unique('Job');
    const child = await t.client.create('Customer', {
      DisplayName: childName,
      Job: true,
      ParentRef: { value: parent.Id },
      BillWithParent: true,
    });
    expect(child.status).toBe(200);
    expect(child.json.Customer).toMatchObject({
      Job: true,
      Level: 1,
      FullyQualifiedName: `${parent.DisplayName}:${childName}`,
    });
  });

  it('Items: Service, NonInventory, Inventory and Category', async () => {
    const income = await account('Sales of Product Income');
    const cogs = await account('Cost of Goods Sold');
    const asset = await account('Inventory Asset');
    const svc = await t.client.create('Item', {
      Name: unique('Svc'),
      Type: 'Service',
      IncomeAccountRef: { value: income.Id },
    });
    expect(svc.status).toBe(200);
    const non = await t.client.create('Item', {
      Name: unique('Non'),
      Type: 'NonInventory',
      IncomeAccountRef: { value: income.Id },
      ExpenseAccountRef: { value: cogs.Id },
    });
    expect(non.status).toBe(200);
    const inv = await t.client.create('Item', {
      Name: unique('Inv'),
      Type: 'Inventory',
      IncomeAccountRef: { value: income.Id },
      ExpenseAccountRef: { value: cogs.Id },
      AssetAccountRef: { value: asset.Id },
      QtyOnHand: 10,
      InvStartDate: '2024-01-01',
      TrackQtyOnHand: true,
    });
    expect(inv.status).toBe(200);
    expect(inv.json.Item.TrackQtyOnHand).toBe(true);
    const cat = await t.client.create('Item', { Name: unique('Cat'), Type: 'Category' });
    expect(cat.status).toBe(200);
    const invNoAsset = await t.client.create('Item', {
      Name: unique('Inv'),
      Type: 'Inventory',
      IncomeAccountRef: { value: income.Id },
      ExpenseAccountRef: { value: cogs.Id },
      QtyOnHand: 1,
      InvStartDate: '2024-01-01',
    });
    expect(invNoAsset.status).toBe(400);
    expect(invNoAsset.json.Fault.Error[0].code).toBe('2020');
  });

  it('Account, PaymentMethod and Term: create and deactivate (no delete)', async () => {
    const a = await t.client.create('Account', {
      Name: unique('Bank'),
      AccountType: 'Bank',
      AccountSubType: 'Checking',
    });
    expect(a.json.Account).toMatchObject({ Classification: 'Asset', Active: true });
    const pm = await t.client.create('PaymentMethod', {
      Name: unique('PM').slice(0, 31),
      Type: 'CREDIT_CARD',
    });
    expect(pm.status).toBe(200);
    const off = await t.client.update('PaymentMethod', { ...pm.json.PaymentMethod, Active: false });
    expect(off.json.PaymentMethod.Active).toBe(false);
    const term = await t.client.create('Term', { Name: unique('T').slice(0, 31), DueDays: 45 });
    expect(term.json.Term).toMatchObject({ DueDays: 45, Type: 'STANDARD' });
    const del = await t.client.remove('Term', { Id: term.json.Term.Id, SyncToken: term.json.Term.SyncToken });
    expect(del.status).toBe(400);
  });

  it('TaxService creates a tax code with a new rate; TaxRate is readable', async () => {
    const agency = await t.client.query('select * from TaxAgency');
    const agencyId = agency.json.QueryResponse.TaxAgency[0].Id;
    const name = unique('Code').slice(0, 30);
    const r = await t.client.request('POST', 'taxservice/taxcode', {
      body: {
        TaxCode: name,
        TaxRateDetails: [
          { TaxRateName: `${name} rate`, RateValue: '3.5', TaxAgencyId: agencyId, TaxApplicableOn: 'Sales' },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.json.TaxCode).toBe(name);
    expect(r.json.TaxCodeId).toBeTruthy();
    const rateId = r.json.TaxRateDetails[0].TaxRateId;
    const rate = await t.client.read('TaxRate', rateId);
    expect(Number(rate.json.TaxRate.RateValue)).toBe(3.5);
    const code = await t.client.read('TaxCode', r.json.TaxCodeId);
    expect(code.json.TaxCode.SalesTaxRateList.TaxRateDetail[0].TaxRateRef.value).toBe(rateId);
  });

  it('Invoice: create computes TotalAmt/Balance and a SubTotalLine; delete marks Deleted', async () => {
    const cust = (await t.client.create('Customer', { DisplayName: unique('InvCust') })).json.Customer;
    const item = await t.client.findOne('Item', "Name = 'Services'");
    const inv = await t.client.create('Invoice', {
      CustomerRef: { value: cust.Id },
      Line: [
        {
          Amount: 150,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: item?.['Id'] }, Qty: 3, UnitPrice: 50 },
        },
      ],
    });
    expect(inv.status).toBe(200);
    const i = inv.json.Invoice;
    expect(i.TotalAmt).toBe(150);
    expect(i.Balance).toBe(150);
    expect(i.Line.some((l: { DetailType: string }) => l.DetailType === 'SubTotalLineDetail')).toBe(true);
    const del = await t.client.remove('Invoice', { Id: i.Id, SyncToken: i.SyncToken });
    expect(del.status).toBe(200);
    expect(del.json.Invoice).toMatchObject({ status: 'Deleted', Id: i.Id });
    const gone = await t.client.read('Invoice', i.Id);
    expect(gone.status).toBe(400);
    expect(gone.json.Fault.Error[0].code).toBe('610');
  });

  it('minorversion below 75 is accepted', async () => {
    const r = await t.client.request('GET', `companyinfo/${t.client.realmId}`, {
      query: { minorversion: '4' },
    });
    expect(r.status).toBe(200);
  });

  it('requestid: a repeated write returns the first response and creates nothing new', async () => {
    const rid = crypto.randomUUID();
    const name = unique('Idem');
    const a = await t.client.create('Customer', { DisplayName: name }, { requestid: rid });
    const b = await t.client.create('Customer', { DisplayName: name }, { requestid: rid });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.json.Customer.Id).toBe(a.json.Customer.Id);
    const n = await t.client.query(`select count(*) from Customer where DisplayName = ${q(name)}`);
    expect(n.json.QueryResponse.totalCount).toBe(1);
  });

  it('requestid longer than 50 characters is rejected', async () => {
    const r = await t.client.create(
      'Customer',
      { DisplayName: unique('Long') },
      { requestid: 'x'.repeat(51) },
    );
    expect(r.status).toBe(400);
    expect(r.json.Fault.Error[0].Detail).toContain('50 characters');
  });

  it.skipIf(!isEmulator)('Preferences update: CustomTxnNumbers on stops auto-numbering', async () => {
    const prefs = (await t.client.request('GET', 'preferences')).json.Preferences;
    const r = await t.client.request('POST', 'preferences', {
      body: { SyncToken: prefs.SyncToken, sparse: true, SalesFormsPrefs: { CustomTxnNumbers: true } },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json.Preferences.SalesFormsPrefs.CustomTxnNumbers).toBe(true);
    const stale = await t.client.request('POST', 'preferences', {
      body: { SyncToken: prefs.SyncToken, sparse: true },
    });
    expect(stale.json.Fault.Error[0].code).toBe('5010');
    const cust = (await t.client.create('Customer', { DisplayName: unique('NoDoc') })).json.Customer;
    const inv = await t.client.create('Invoice', {
      CustomerRef: { value: cust.Id },
      Line: [{ Amount: 1, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: {} }],
    });
    expect(inv.json.Invoice.DocNumber).toBeUndefined();
  });
});
