/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// Business rules of qbo-api.md §6 on money received and given back: payments and balances, credit
// memos, refund accounts, voids and deletes.
import { describe, expect, it } from 'vitest';
import { isEmulator } from './support/target';
import { code, useBusinessRules, type Obj } from './support/business-rules';

describe('business rules: payments, credits and refunds', () => {
  const { t, seeded, newCustomer, line, invoice } = useBusinessRules();

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
        DepositToAccountRef: { value: seeded.checking['Id'] },
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
      (
        await t.client.create('RefundReceipt', {
          ...body,
          DepositToAccountRef: { value: seeded.expense['Id'] },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.client.create('RefundReceipt', {
          ...body,
          DepositToAccountRef: { value: seeded.creditCard['Id'] },
        })
      ).status,
    ).toBe(400);
    const ok = await t.client.create('RefundReceipt', {
      ...body,
      DepositToAccountRef: { value: seeded.checking['Id'] },
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
});
