/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- assertions walk QBO's untyped JSON responses */
// Change Data Capture, GET /cdc?entities=…&changedSince=… (qbo-api.md §7.1), as Intuit documents it:
// https://developer.intuit.com/app/developer/qbo/docs/learn/explore-the-quickbooks-online-api/change-data-capture
// "returns the full payload for entities that changed", "Deleted entities return a Deleted value for
// the status field" ({"domain":"QBO","status":"Deleted","Id":…,"MetaData":{"LastUpdatedTime":…}} in its
// example), one QueryResponse entry per entity with changes, `[{}]` when nothing changed, entity
// names as in `entities=estimate,customer`.
import { describe, expect, it } from 'vitest';
import { unique } from './support/client';
import { cdc, cdcGroup, cdcRows, mark } from './support/cdc';
import { useBusinessRules, type Obj } from './support/business-rules';

describe('change data capture', () => {
  const { t, newCustomer, invoice } = useBusinessRules();

  it('created and updated records come back as full current objects, one entry per entity', async () => {
    const since = await mark();
    const c = await newCustomer();
    const upd = await t.client.update('Customer', {
      Id: c['Id'],
      SyncToken: c['SyncToken'],
      sparse: true,
      Notes: 'n',
    });
    const inv = await invoice(c['Id'], 25);
    const r = await cdc(t, 'Customer,Invoice', since);
    expect(r.status, r.text).toBe(200);
    expect(r.json.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const customers = cdcRows(r, 'Customer');
    expect(customers.map((x) => x['Id'])).toEqual([c['Id']]);
    expect(customers[0]).toMatchObject({ SyncToken: upd.json.Customer.SyncToken, Notes: 'n' });
    expect(cdcRows(r, 'Invoice')[0]).toMatchObject({ Id: inv['Id'], TotalAmt: 25, Line: expect.any(Array) });
    expect(cdcGroup(r, 'Customer')).toMatchObject({ startPosition: 1, maxResults: 1 });
  });

  it('entity names are case-insensitive and repeated names count once', async () => {
    const since = await mark();
    const c = await newCustomer();
    const r = await cdc(t, 'customer,CUSTOMER', since);
    expect(r.status, r.text).toBe(200);
    expect(cdcRows(r, 'Customer').map((x) => x['Id'])).toEqual([c['Id']]);
  });

  it('nothing changed → QueryResponse [{}]', async () => {
    const since = await mark();
    const r = await cdc(t, 'PaymentMethod,Term', since);
    expect(r.status, r.text).toBe(200);
    expect(r.json.CDCResponse).toEqual([{ QueryResponse: [{}] }]);
  });

  it('a deleted invoice is {Id, status: "Deleted", domain, MetaData.LastUpdatedTime}', async () => {
    const c = await newCustomer();
    const inv = await invoice(c['Id'], 10);
    const since = await mark();
    const del = await t.client.remove('Invoice', { Id: inv['Id'], SyncToken: inv['SyncToken'] });
    expect(del.status, del.text).toBe(200);
    const rows = cdcRows(await cdc(t, 'Invoice', since), 'Invoice');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual({
      domain: 'QBO',
      status: 'Deleted',
      Id: inv['Id'],
      MetaData: { LastUpdatedTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
    });
  });

  it('voids and the invoices a payment applies to count as changes', async () => {
    const c = await newCustomer();
    const inv = await invoice(c['Id'], 40);
    const since = await mark();
    const pay = await t.client.create('Payment', {
      CustomerRef: { value: c['Id'] },
      TotalAmt: 40,
      Line: [{ Amount: 40, LinkedTxn: [{ TxnId: inv['Id'], TxnType: 'Invoice' }] }],
    });
    expect(pay.status, pay.text).toBe(200);
    const r = await cdc(t, 'Invoice,Payment', since);
    expect(cdcRows(r, 'Invoice')[0]).toMatchObject({ Id: inv['Id'], Balance: 0 });
    const later = await mark();
    const voided = await t.client.update(
      'Payment',
      { Id: pay.json.Payment.Id, SyncToken: pay.json.Payment.SyncToken, sparse: true },
      { include: 'void' },
    );
    expect(voided.status, voided.text).toBe(200);
    const p = cdcRows(await cdc(t, 'Payment', later), 'Payment')[0] as Obj;
    expect(p).toMatchObject({ Id: pay.json.Payment.Id, TotalAmt: 0 });
    expect(String(p['PrivateNote'])).toMatch(/^Voided/);
  });

  it('name lists: Item, PaymentMethod, Term and Account changes, also made inactive', async () => {
    const since = await mark();
    const pm = (await t.client.create('PaymentMethod', { Name: unique('PM').slice(0, 30) })).json
      .PaymentMethod;
    const off = await t.client.update('PaymentMethod', { ...pm, Active: false });
    expect(off.status, off.text).toBe(200);
    const term = (await t.client.create('Term', { Name: unique('T').slice(0, 30), DueDays: 7 })).json.Term;
    const acct = (await t.client.create('Account', { Name: unique('Acct'), AccountType: 'Expense' })).json
      .Account;
    const income = (await t.client.findOne('Account', "Name = 'Services'")) as Obj;
    const item = await t.client.create('Item', {
      Name: unique('Item'),
      Type: 'Service',
      IncomeAccountRef: { value: income['Id'] },
    });
    const r = await cdc(t, 'Item,PaymentMethod,Term,Account', since);
    expect(cdcRows(r, 'PaymentMethod')[0]).toMatchObject({ Id: pm.Id, Active: false });
    expect(cdcRows(r, 'Term').map((x) => x['Id'])).toEqual([term.Id]);
    expect(cdcRows(r, 'Account').map((x) => x['Id'])).toEqual([acct.Id]);
    expect(cdcRows(r, 'Item').map((x) => x['Id'])).toEqual([item.json.Item.Id]);
  });

  it('RefundReceipt changes come back too', async () => {
    const c = await newCustomer();
    const checking = (await t.client.findOne('Account', "AccountType = 'Bank'")) as Obj;
    const service = (await t.client.findOne('Item', "Name = 'Services'")) as Obj;
    const since = await mark();
    const rr = await t.client.create('RefundReceipt', {
      CustomerRef: { value: c['Id'] },
      DepositToAccountRef: { value: checking['Id'] },
      Line: [
        {
          Amount: 5,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: service['Id'] } },
        },
      ],
    });
    expect(rr.status, rr.text).toBe(200);
    expect(cdcRows(await cdc(t, 'RefundReceipt', since), 'RefundReceipt')[0]?.['Id']).toBe(
      rr.json.RefundReceipt.Id,
    );
  });

  it('a date alone (YYYY-MM-DD, the company day) is accepted', async () => {
    const c = await newCustomer();
    const today = String(c['MetaData'].CreateTime).slice(0, 10);
    const r = await cdc(t, 'Customer', today);
    expect(r.status, r.text).toBe(200);
    expect(cdcRows(r, 'Customer').map((x) => x['Id'])).toContain(c['Id']);
  });
});
