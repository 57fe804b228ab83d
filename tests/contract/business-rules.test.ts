/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// Business rules of qbo-api.md §6 with QBO's codes: duplicate names, forbidden characters and
// lengths, required fields, bad references, DocNumber, Amount = Qty × UnitPrice, per-rate tax,
// payments and balances, refund accounts, voids.
import { beforeAll, describe, expect, it } from 'vitest';
import { q, unique, type QboResponse } from './support/client';
import { isEmulator, useTarget } from './support/target';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- QBO JSON

function code(r: QboResponse): string | undefined {
  return r.json?.Fault?.Error?.[0]?.code as string | undefined;
}

describe('business rules', () => {
  const t = useTarget();
  let item: Obj;
  let checking: Obj;
  let creditCard: Obj;
  let expense: Obj;

  beforeAll(async () => {
    item = (await t.client.findOne('Item', "Name = 'Services'")) as Obj;
    checking = (await t.client.findOne('Account', "AccountType = 'Bank'")) as Obj;
    creditCard = (await t.client.findOne('Account', "AccountType = 'Credit Card'")) as Obj;
    expense = (await t.client.findOne('Account', "AccountType = 'Expense'")) as Obj;
  });

  const newCustomer = async () =>
    (await t.client.create('Customer', { DisplayName: unique('BR') })).json.Customer as Obj;
  const line = (amount: number, extra: Obj = {}) => ({
    Amount: amount,
    DetailType: 'SalesItemLineDetail',
    SalesItemLineDetail: { ItemRef: { value: item['Id'] }, ...extra },
  });
  const invoice = async (customerId: string, amount: number, extra: Obj = {}) => {
    const r = await t.client.create('Invoice', {
      CustomerRef: { value: customerId },
      Line: [line(amount)],
      ...extra,
    });
    expect(r.status, r.text).toBe(200);
    return r.json.Invoice as Obj;
  };

  it('6240: DisplayName is unique across customers, vendors and employees', async () => {
    const name = unique('Shared');
    expect((await t.client.create('Vendor', { DisplayName: name })).status).toBe(200);
    const r = await t.client.create('Customer', { DisplayName: name });
    expect(r.status).toBe(400);
    expect(code(r)).toBe('6240');
    expect(r.json.Fault.Error[0].Message).toBe('Duplicate Name Exists Error');
  });

  it('6240: the duplicate check ignores case', async () => {
    const name = unique('CaseDup');
    expect((await t.client.create('Customer', { DisplayName: name })).status).toBe(200);
    expect(code(await t.client.create('Customer', { DisplayName: name.toUpperCase() }))).toBe('6240');
  });

  it('6180: at most five levels of sub-customers', async () => {
    let parent = (await t.client.create('Customer', { DisplayName: unique('L0') })).json.Customer as Obj;
    for (let level = 1; level <= 4; level++) {
      const r = await t.client.create('Customer', {
        DisplayName: unique(`L${level}`),
        Job: true,
        ParentRef: { value: parent['Id'] },
      });
      expect(r.status, r.text).toBe(200);
      parent = r.json.Customer as Obj;
    }
    const tooDeep = await t.client.create('Customer', {
      DisplayName: unique('L5'),
      Job: true,
      ParentRef: { value: parent['Id'] },
    });
    expect(code(tooDeep)).toBe('6180');
  });

  it('6240: item names are unique', async () => {
    const r = await t.client.create('Item', {
      Name: 'Services',
      Type: 'Service',
      IncomeAccountRef: item['IncomeAccountRef'],
    });
    expect(code(r)).toBe('6240');
  });

  it('forbidden characters: a colon in DisplayName is rejected', async () => {
    const r = await t.client.create('Customer', { DisplayName: `${unique('A')}:B` });
    expect(r.status).toBe(400);
    expect(code(r)).toBe('2040');
  });

  it('2050: strings over their limit (DisplayName 500, DocNumber 21)', async () => {
    const r = await t.client.create('Customer', { DisplayName: 'x'.repeat(501) });
    expect(code(r)).toBe('2050');
    expect(r.json.Fault.Error[0].element).toBe('DisplayName');
    const c = await newCustomer();
    const inv = await t.client.create('Invoice', {
      CustomerRef: { value: c['Id'] },
      DocNumber: '1'.repeat(22),
      Line: [line(1)],
    });
    expect(code(inv)).toBe('2050');
  });

  it('6080: a customer without any name', async () => {
    const r = await t.client.create('Customer', { CompanyName: 'No display name' });
    expect(code(r)).toBe('6080');
  });

  it('2020: required fields (Invoice Line, Item Name)', async () => {
    const c = await newCustomer();
    const r = await t.client.create('Invoice', { CustomerRef: { value: c['Id'] } });
    expect(code(r)).toBe('2020');
    expect(r.json.Fault.Error[0].Detail).toContain('Line');
    expect(code(await t.client.create('Item', { Type: 'Service' }))).toBe('2020');
  });

  it('6150: a job without ParentRef', async () => {
    const r = await t.client.create('Customer', { DisplayName: unique('Orphan'), Job: true });
    expect(code(r)).toBe('6150');
  });

  it('610/2500: references to inactive or missing objects', async () => {
    const c = await newCustomer();
    await t.client.update('Customer', { ...c, Active: false });
    const inactive = await t.client.create('Invoice', { CustomerRef: { value: c['Id'] }, Line: [line(1)] });
    expect(code(inactive)).toBe('610');
    const c2 = await newCustomer();
    const missing = await t.client.create('Invoice', {
      CustomerRef: { value: c2['Id'] },
      Line: [{ ...line(1), SalesItemLineDetail: { ItemRef: { value: '999999' } } }],
    });
    expect(['2500', '610']).toContain(code(missing));
  });

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

  it('a payment reduces the invoice Balance and links both ways; the rest is UnappliedAmt', async () => {
    const c = await newCustomer();
    const inv = await invoice(c['Id'], 100);
    const p = await t.client.create('Payment', {
      CustomerRef: { value: c['Id'] },
      TotalAmt: 70,
      Line: [{ Amount: 60, LinkedTxn: [{ TxnId: inv['Id'], TxnType: 'Invoice' }] }],
    });
    expect(p.status, p.text).toBe(200);
    expect(p.json.Payment.UnappliedAmt).toBe(10);
    const after = (await t.client.read('Invoice', inv['Id'])).json.Invoice as Obj;
    expect(after['Balance']).toBe(40);
    expect(after['LinkedTxn']).toContainEqual({ TxnId: p.json.Payment.Id, TxnType: 'Payment' });
    const cust = (await t.client.read('Customer', c['Id'])).json.Customer as Obj;
    expect(cust['Balance']).toBe(30);
  });

  it('a payment cannot over-apply an invoice or exceed its total', async () => {
    const c = await newCustomer();
    const inv = await invoice(c['Id'], 50);
    const over = await t.client.create('Payment', {
      CustomerRef: { value: c['Id'] },
      TotalAmt: 80,
      Line: [{ Amount: 80, LinkedTxn: [{ TxnId: inv['Id'], TxnType: 'Invoice' }] }],
    });
    expect(over.status).toBe(400);
    const exceed = await t.client.create('Payment', {
      CustomerRef: { value: c['Id'] },
      TotalAmt: 10,
      Line: [{ Amount: 20, LinkedTxn: [{ TxnId: inv['Id'], TxnType: 'Invoice' }] }],
    });
    expect(exceed.status).toBe(400);
  });

  it('Undeposited Funds is the default deposit account of a payment', async () => {
    const c = await newCustomer();
    const p = await t.client.create('Payment', { CustomerRef: { value: c['Id'] }, TotalAmt: 5 });
    expect(p.status).toBe(200);
    const acct = (await t.client.read('Account', p.json.Payment.DepositToAccountRef.value)).json
      .Account as Obj;
    expect(acct['AccountSubType']).toBe('UndepositedFunds');
  });

  it('voiding a payment restores the invoice balance; voiding an invoice zeroes it', async () => {
    const c = await newCustomer();
    const inv = await invoice(c['Id'], 40);
    const p = (
      await t.client.create('Payment', {
        CustomerRef: { value: c['Id'] },
        TotalAmt: 40,
        Line: [{ Amount: 40, LinkedTxn: [{ TxnId: inv['Id'], TxnType: 'Invoice' }] }],
      })
    ).json.Payment as Obj;
    const v = await t.client.request('POST', 'payment', {
      body: { Id: p['Id'], SyncToken: p['SyncToken'], sparse: true },
      query: { operation: 'update', include: 'void' },
    });
    expect(v.status, v.text).toBe(200);
    expect(v.json.Payment.TotalAmt).toBe(0);
    expect(v.json.Payment.PrivateNote).toContain('Voided');
    const inv2 = (await t.client.read('Invoice', inv['Id'])).json.Invoice as Obj;
    expect(inv2['Balance']).toBe(40);
    const vi = await t.client.request('POST', 'invoice', {
      body: { Id: inv2['Id'], SyncToken: inv2['SyncToken'] },
      query: { operation: 'void' },
    });
    expect(vi.status, vi.text).toBe(200);
    expect(vi.json.Invoice).toMatchObject({ TotalAmt: 0, Balance: 0 });
    expect(vi.json.Invoice.PrivateNote).toContain('Voided');
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

  it.skipIf(!isEmulator)('CreditMemo and RefundReceipt can be voided (switch, default on)', async () => {
    const c = await newCustomer();
    const cm = (await t.client.create('CreditMemo', { CustomerRef: { value: c['Id'] }, Line: [line(9)] }))
      .json.CreditMemo as Obj;
    const v = await t.client.request('POST', 'creditmemo', {
      body: { Id: cm['Id'], SyncToken: cm['SyncToken'] },
      query: { operation: 'void' },
    });
    expect(v.json.CreditMemo).toMatchObject({ TotalAmt: 0, RemainingCredit: 0 });
    const rr = (
      await t.client.create('RefundReceipt', {
        CustomerRef: { value: c['Id'] },
        DepositToAccountRef: { value: checking['Id'] },
        Line: [line(9)],
      })
    ).json.RefundReceipt as Obj;
    const vr = await t.client.request('POST', 'refundreceipt', {
      body: { Id: rr['Id'], SyncToken: rr['SyncToken'] },
      query: { operation: 'void' },
    });
    expect(vr.json.RefundReceipt.TotalAmt).toBe(0);
  });

  it('an invoice with a payment applied cannot be deleted', async () => {
    const c = await newCustomer();
    const inv = await invoice(c['Id'], 20);
    await t.client.create('Payment', {
      CustomerRef: { value: c['Id'] },
      TotalAmt: 20,
      Line: [{ Amount: 20, LinkedTxn: [{ TxnId: inv['Id'], TxnType: 'Invoice' }] }],
    });
    const fresh = (await t.client.read('Invoice', inv['Id'])).json.Invoice as Obj;
    const r = await t.client.remove('Invoice', { Id: fresh['Id'], SyncToken: fresh['SyncToken'] });
    expect(r.status).toBe(400);
  });

  it('RefundReceipt needs a Bank or Other Current Asset DepositToAccountRef', async () => {
    const c = await newCustomer();
    const body = { CustomerRef: { value: c['Id'] }, Line: [line(15)] };
    expect(code(await t.client.create('RefundReceipt', body))).toBe('2020');
    expect(
      (await t.client.create('RefundReceipt', { ...body, DepositToAccountRef: { value: expense['Id'] } }))
        .status,
    ).toBe(400);
    expect(
      (await t.client.create('RefundReceipt', { ...body, DepositToAccountRef: { value: creditCard['Id'] } }))
        .status,
    ).toBe(400);
    const ok = await t.client.create('RefundReceipt', {
      ...body,
      DepositToAccountRef: { value: checking['Id'] },
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.RefundReceipt.TotalAmt).toBe(15);
  });

  it('CreditMemo: RemainingCredit, applied through a payment', async () => {
    const c = await newCustomer();
    const inv = await invoice(c['Id'], 30);
    const cm = await t.client.create('CreditMemo', { CustomerRef: { value: c['Id'] }, Line: [line(10)] });
    expect(cm.json.CreditMemo).toMatchObject({ TotalAmt: 10, RemainingCredit: 10 });
    const p = await t.client.create('Payment', {
      CustomerRef: { value: c['Id'] },
      TotalAmt: 0,
      Line: [
        { Amount: 10, LinkedTxn: [{ TxnId: inv['Id'], TxnType: 'Invoice' }] },
        { Amount: 10, LinkedTxn: [{ TxnId: cm.json.CreditMemo.Id, TxnType: 'CreditMemo' }] },
      ],
    });
    expect(p.status, p.text).toBe(200);
    expect((await t.client.read('Invoice', inv['Id'])).json.Invoice.Balance).toBe(20);
    expect((await t.client.read('CreditMemo', cm.json.CreditMemo.Id)).json.CreditMemo.RemainingCredit).toBe(
      0,
    );
  });

  it('a customer with an open balance cannot be made inactive', async () => {
    const c = await newCustomer();
    await invoice(c['Id'], 12);
    const fresh = (await t.client.read('Customer', c['Id'])).json.Customer as Obj;
    const r = await t.client.update('Customer', { ...fresh, Active: false });
    expect(r.status).toBe(400);
  });

  it('queries by DocNumber find the invoice (idempotency lookups)', async () => {
    const c = await newCustomer();
    const doc = unique('L').replace(/\s/g, '').slice(0, 21);
    const inv = await invoice(c['Id'], 3, { DocNumber: doc });
    const found = await t.client.findOne('Invoice', `DocNumber = ${q(doc)}`);
    expect(found?.['Id']).toBe(inv['Id']);
  });

  it('deleting a payment restores the invoice balance', async () => {
    const c = await newCustomer();
    const inv = await invoice(c['Id'], 25);
    const p = (
      await t.client.create('Payment', {
        CustomerRef: { value: c['Id'] },
        TotalAmt: 25,
        Line: [{ Amount: 25, LinkedTxn: [{ TxnId: inv['Id'], TxnType: 'Invoice' }] }],
      })
    ).json.Payment as Obj;
    expect((await t.client.read('Invoice', inv['Id'])).json.Invoice.Balance).toBe(0);
    const del = await t.client.remove('Payment', { Id: p['Id'], SyncToken: p['SyncToken'] });
    expect(del.json.Payment).toMatchObject({ status: 'Deleted', Id: p['Id'] });
    expect((await t.client.read('Invoice', inv['Id'])).json.Invoice.Balance).toBe(25);
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
