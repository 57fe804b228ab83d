/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// Closed books (PUT /__emulator/realms/:realmId/closing-date). Intuit's error codes:
// https://developer.intuit.com/app/developer/qbo/docs/develop/troubleshooting/error-codes
// 6200 Account Period Closed ("The user has closed the books so the account period is closed for
// edits") and 6210 when "A password is required to make changes". The 6210 wording, "Account Period
// Closed, Cannot Update Through Services API" / "The account period has closed and the account books
// cannot be updated through through the QBO Services API. Please use the QBO website to make these
// changes.", is what integrators quote (LeanLaw, AutoEntry, Synder help pages). The 6200 Detail and
// HTTP 400 are UNCONFIRMED. Preferences.AccountingInfoPrefs.BookCloseDate shows the date. Emulator only.
import { describe, expect, it } from 'vitest';
import { code, useBusinessRules } from './support/business-rules';
import { isEmulator } from './support/target';

const CLOSED = '2024-06-30';

describe.skipIf(!isEmulator)('closing date', () => {
  const { t, newCustomer, invoice, line } = useBusinessRules();
  const close = (body: unknown) => t.control('PUT', `/realms/${t.client.realmId}/closing-date`, body);

  it('a transaction dated on or before the closing date cannot be created (6200); after it can', async () => {
    const c = await newCustomer();
    expect((await close({ date: CLOSED, password: false })).status).toBe(200);
    try {
      const on = await t.client.create('Invoice', {
        CustomerRef: { value: c['Id'] },
        TxnDate: CLOSED,
        Line: [line(10)],
      });
      expect(on.status).toBe(400);
      expect(code(on)).toBe('6200');
      expect(on.json.Fault.Error[0].Message).toBe('Account Period Closed');
      const pay = await t.client.create('Payment', {
        CustomerRef: { value: c['Id'] },
        TotalAmt: 5,
        TxnDate: '2024-01-15',
      });
      expect(code(pay)).toBe('6200');
      const after = await t.client.create('Invoice', {
        CustomerRef: { value: c['Id'] },
        TxnDate: '2024-07-01',
        Line: [line(10)],
      });
      expect(after.status, after.text).toBe(200);
      const prefs = (await t.client.request('GET', 'preferences')).json.Preferences;
      expect(prefs.AccountingInfoPrefs.BookCloseDate).toBe(CLOSED);
    } finally {
      await close({ date: null });
    }
  });

  it('an existing transaction in the closed period cannot be updated, voided or deleted', async () => {
    const c = await newCustomer();
    const old = await invoice(c['Id'], 30, { TxnDate: '2024-05-10' });
    const open = await invoice(c['Id'], 30, { TxnDate: '2024-08-10' });
    await close({ date: CLOSED });
    try {
      const ref = { Id: old['Id'], SyncToken: old['SyncToken'] };
      expect(code(await t.client.update('Invoice', { ...ref, sparse: true, PrivateNote: 'x' }))).toBe('6200');
      const voided = await t.client.request('POST', 'invoice', { body: ref, query: { operation: 'void' } });
      expect(code(voided)).toBe('6200');
      expect(code(await t.client.remove('Invoice', ref))).toBe('6200');
      const moveIn = await t.client.update('Invoice', {
        Id: open['Id'],
        SyncToken: open['SyncToken'],
        sparse: true,
        TxnDate: '2024-06-01',
      });
      expect(code(moveIn)).toBe('6200');
      expect((await t.client.read('Invoice', old['Id'])).json.Invoice.SyncToken).toBe(old['SyncToken']);
    } finally {
      await close({ date: null });
    }
  });

  it('a payment dated after the closing date may still pay an invoice from the closed period', async () => {
    const c = await newCustomer();
    const old = await invoice(c['Id'], 40, { TxnDate: '2024-05-10' });
    await close({ date: CLOSED });
    try {
      const pay = await t.client.create('Payment', {
        CustomerRef: { value: c['Id'] },
        TotalAmt: 40,
        TxnDate: '2024-09-01',
        Line: [{ Amount: 40, LinkedTxn: [{ TxnId: old['Id'], TxnType: 'Invoice' }] }],
      });
      expect(pay.status, pay.text).toBe(200);
      expect((await t.client.read('Invoice', old['Id'])).json.Invoice.Balance).toBe(0);
    } finally {
      await close({ date: null });
    }
  });

  it('with a password the answer is 6210 "Cannot Update Through Services API"', async () => {
    const c = await newCustomer();
    await close({ date: CLOSED, password: true });
    try {
      const r = await t.client.create('Invoice', {
        CustomerRef: { value: c['Id'] },
        TxnDate: '2024-01-02',
        Line: [line(1)],
      });
      expect(r.status).toBe(400);
      expect(code(r)).toBe('6210');
      expect(r.json.Fault.Error[0].Message).toBe('Account Period Closed, Cannot Update Through Services API');
      expect(r.json.Fault.Error[0].Detail).toContain('cannot be updated through');
    } finally {
      await close({ date: null });
    }
  });

  it('date null reopens the books', async () => {
    const c = await newCustomer();
    await close({ date: CLOSED });
    const reopened = await close({ date: null });
    expect(reopened.json).toMatchObject({ date: null, password: false });
    const r = await t.client.create('Invoice', {
      CustomerRef: { value: c['Id'] },
      TxnDate: '2024-01-02',
      Line: [line(1)],
    });
    expect(r.status, r.text).toBe(200);
    const prefs = (await t.client.request('GET', 'preferences')).json.Preferences;
    expect(prefs.AccountingInfoPrefs.BookCloseDate).toBeUndefined();
  });

  it('bad bodies are a 400, an unknown realm a 404', async () => {
    expect((await close({ date: '30/06/2024' })).status).toBe(400);
    expect((await close({ date: CLOSED, password: 'yes' })).status).toBe(400);
    expect((await close({})).status).toBe(400);
    expect((await t.control('PUT', '/realms/nope/closing-date', { date: CLOSED })).status).toBe(404);
  });
});
