/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// What an accountant does to records we synced, through the normal API, and what our next call sees.
// Intuit: delete/void of Invoice and Payment
//   https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/invoice
//   https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/payment
// (void keeps the record, zeroes amounts and puts "Voided" at the start of PrivateNote);
// 610 "Object Not Found : Another user has deleted this transaction." and 5010 Stale Object Error
//   https://developer.intuit.com/app/developer/qbo/docs/develop/troubleshooting/handling-common-errors
import { describe, expect, it } from 'vitest';
import { code, useBusinessRules, type Obj } from './support/business-rules';

describe('accountant actions', () => {
  const { t, newCustomer, invoice } = useBusinessRules();

  it('deletes our invoice: reading it is 610 "Another user has deleted this transaction"', async () => {
    const c = await newCustomer();
    const ours = await invoice(c['Id'], 50);
    const del = await t.client.remove('Invoice', { Id: ours['Id'], SyncToken: ours['SyncToken'] });
    expect(del.status, del.text).toBe(200);
    expect(del.json.Invoice).toMatchObject({ status: 'Deleted', Id: ours['Id'] });
    const read = await t.client.read('Invoice', ours['Id']);
    expect(read.status).toBe(400);
    expect(code(read)).toBe('610');
    expect(read.json.Fault.Error[0].Detail).toContain('Another user has deleted this transaction');
    const update = await t.client.update('Invoice', {
      Id: ours['Id'],
      SyncToken: ours['SyncToken'],
      sparse: true,
      PrivateNote: 'ours',
    });
    expect(code(update)).toBe('610');
  });

  it('voids our invoice: the record stays with TotalAmt 0 and PrivateNote "Voided…"', async () => {
    const c = await newCustomer();
    const ours = await invoice(c['Id'], 80, { PrivateNote: 'BPro #12' });
    const voided = await t.client.request('POST', 'invoice', {
      body: { Id: ours['Id'], SyncToken: ours['SyncToken'] },
      query: { operation: 'void' },
    });
    expect(voided.status, voided.text).toBe(200);
    const read = (await t.client.read('Invoice', ours['Id'])).json.Invoice as Obj;
    expect(read).toMatchObject({ TotalAmt: 0, Balance: 0 });
    expect(String(read['PrivateNote'])).toMatch(/^Voided/);
    expect(String(read['PrivateNote'])).toContain('BPro #12');
    const stale = await t.client.update('Invoice', {
      Id: ours['Id'],
      SyncToken: ours['SyncToken'],
      sparse: true,
      PrivateNote: 'ours',
    });
    expect(code(stale)).toBe('5010');
  });

  it('voids our payment: TotalAmt 0, PrivateNote "Voided…", the invoice is open again', async () => {
    const c = await newCustomer();
    const inv = await invoice(c['Id'], 60);
    const pay = await t.client.create('Payment', {
      CustomerRef: { value: c['Id'] },
      TotalAmt: 60,
      Line: [{ Amount: 60, LinkedTxn: [{ TxnId: inv['Id'], TxnType: 'Invoice' }] }],
    });
    expect(pay.status, pay.text).toBe(200);
    const voided = await t.client.update(
      'Payment',
      { Id: pay.json.Payment.Id, SyncToken: pay.json.Payment.SyncToken, sparse: true },
      { include: 'void' },
    );
    expect(voided.status, voided.text).toBe(200);
    const read = (await t.client.read('Payment', pay.json.Payment.Id)).json.Payment as Obj;
    expect(read['TotalAmt']).toBe(0);
    expect(String(read['PrivateNote'])).toMatch(/^Voided/);
    expect((await t.client.read('Invoice', inv['Id'])).json.Invoice.Balance).toBe(60);
  });

  it('edits our invoice: our copy is stale (5010) until we read it again', async () => {
    const c = await newCustomer();
    const ours = await invoice(c['Id'], 20);
    const edit = await t.client.update('Invoice', {
      Id: ours['Id'],
      SyncToken: ours['SyncToken'],
      sparse: true,
      CustomerMemo: { value: 'Thanks!' },
    });
    expect(edit.status, edit.text).toBe(200);
    expect(Number(edit.json.Invoice.SyncToken)).toBe(Number(ours['SyncToken']) + 1);
    const stale = await t.client.update('Invoice', {
      Id: ours['Id'],
      SyncToken: ours['SyncToken'],
      sparse: true,
      PrivateNote: 'ours',
    });
    expect(stale.status).toBe(400);
    expect(code(stale)).toBe('5010');
    const fresh = (await t.client.read('Invoice', ours['Id'])).json.Invoice as Obj;
    const retry = await t.client.update('Invoice', {
      Id: ours['Id'],
      SyncToken: fresh['SyncToken'],
      sparse: true,
      PrivateNote: 'ours',
    });
    expect(retry.status, retry.text).toBe(200);
    expect(retry.json.Invoice.CustomerMemo).toEqual({ value: 'Thanks!' });
  });
});
