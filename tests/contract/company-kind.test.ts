/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// The kind of company: country, home currency and multicurrency (POST /__emulator/realms).
// Intuit: Preferences CurrencyPrefs.MultiCurrencyEnabled / HomeCurrency
//   https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/preferences
// Customer.CurrencyRef "Once set, it cannot be changed … If not specified, currency for this customer is
//   the home currency of the company"
//   https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/customer
// Transactions are in their customer's currency (A/R per currency)
//   https://developer.intuit.com/app/developer/qbo/docs/workflows/manage-multiple-currencies
// The fault codes for a currency mismatch or change are UNCONFIRMED (6000 here). Emulator only.
import { describe, expect, it } from 'vitest';
import { unique } from './support/client';
import { code, type Obj } from './support/business-rules';
import { isEmulator, useTarget, type Target } from './support/target';

async function serviceItem(t: Target): Promise<Obj> {
  return (await t.client.findOne('Item', "Name = 'Services'")) as Obj;
}

function invoiceBody(customerId: string, itemId: string, extra: Obj = {}, taxCodeId?: string): Obj {
  // A Canadian company needs a real tax code on every line (README "Canadian companies").
  const tax = taxCodeId === undefined ? {} : { TaxCodeRef: { value: taxCodeId } };
  return {
    CustomerRef: { value: customerId },
    Line: [
      {
        Amount: 10,
        DetailType: 'SalesItemLineDetail',
        SalesItemLineDetail: { ItemRef: { value: itemId }, ...tax },
      },
    ],
    ...extra,
  };
}

async function gstCode(t: Target): Promise<string> {
  return String(((await t.client.findOne('TaxCode', "Name = 'GST'")) as Obj)['Id']);
}

describe.skipIf(!isEmulator)('company kind: a US company without multicurrency (the default)', () => {
  const t = useTarget();

  it('Preferences say USD, multicurrency off; CompanyInfo says US', async () => {
    const prefs = (await t.client.request('GET', 'preferences')).json.Preferences;
    expect(prefs.CurrencyPrefs).toEqual({ MultiCurrencyEnabled: false, HomeCurrency: { value: 'USD' } });
    const info = (await t.client.request('GET', `companyinfo/${t.client.realmId}`)).json.CompanyInfo;
    expect(info.Country).toBe('US');
  });

  it('customers and transactions are in the home currency; another currency is refused', async () => {
    const c = await t.client.create('Customer', { DisplayName: unique('Home') });
    expect(c.json.Customer.CurrencyRef.value).toBe('USD');
    const eur = await t.client.create('Customer', {
      DisplayName: unique('Euro'),
      CurrencyRef: { value: 'EUR' },
    });
    expect(eur.status).toBe(400);
    const item = await serviceItem(t);
    const inv = await t.client.create('Invoice', invoiceBody(c.json.Customer.Id, item['Id']));
    expect(inv.json.Invoice.CurrencyRef).toEqual({ value: 'USD', name: 'United States Dollar' });
  });
});

describe.skipIf(!isEmulator)('company kind: a Canadian multicurrency company', () => {
  const t = useTarget({ realm: { country: 'CA', multicurrency: true, homeCurrency: 'CAD' } });

  it('Preferences and CompanyInfo reflect it', async () => {
    const prefs = (await t.client.request('GET', 'preferences')).json.Preferences;
    expect(prefs.CurrencyPrefs).toEqual({ MultiCurrencyEnabled: true, HomeCurrency: { value: 'CAD' } });
    const info = (await t.client.request('GET', `companyinfo/${t.client.realmId}`)).json.CompanyInfo;
    expect(info.Country).toBe('CA');
  });

  it('a customer is in the home currency unless it names another; its currency is write-once', async () => {
    const home = (await t.client.create('Customer', { DisplayName: unique('Maple') })).json.Customer;
    expect(home.CurrencyRef.value).toBe('CAD');
    const usd = await t.client.create('Customer', {
      DisplayName: unique('Yankee'),
      CurrencyRef: { value: 'USD' },
    });
    expect(usd.status, usd.text).toBe(200);
    expect(usd.json.Customer.CurrencyRef).toEqual({ value: 'USD', name: 'United States Dollar' });
    const change = await t.client.update('Customer', {
      Id: usd.json.Customer.Id,
      SyncToken: usd.json.Customer.SyncToken,
      sparse: true,
      CurrencyRef: { value: 'CAD' },
    });
    expect(change.status).toBe(400);
    expect(code(change)).toBe('6000');
    const bad = await t.client.create('Customer', {
      DisplayName: unique('Bad'),
      CurrencyRef: { value: 'dollars' },
    });
    expect(code(bad)).toBe('2220');
  });

  it("a transaction without CurrencyRef takes the customer's currency; another one is refused", async () => {
    const usd = (
      await t.client.create('Customer', { DisplayName: unique('US'), CurrencyRef: { value: 'USD' } })
    ).json.Customer;
    const item = await serviceItem(t);
    const gst = await gstCode(t);
    const inv = await t.client.create(
      'Invoice',
      invoiceBody(usd.Id, item['Id'], { ExchangeRate: 1.37 }, gst),
    );
    expect(inv.status, inv.text).toBe(200);
    expect(inv.json.Invoice.CurrencyRef.value).toBe('USD');
    expect(inv.json.Invoice.ExchangeRate).toBe(1.37);
    const wrong = await t.client.create(
      'Invoice',
      invoiceBody(usd.Id, item['Id'], { CurrencyRef: { value: 'CAD' } }, gst),
    );
    expect(wrong.status).toBe(400);
    expect(code(wrong)).toBe('6000');
    expect(wrong.json.Fault.Error[0].element).toBe('CurrencyRef');
    const pay = await t.client.create('Payment', { CustomerRef: { value: usd.Id }, TotalAmt: 5 });
    expect(pay.json.Payment.CurrencyRef.value).toBe('USD');
    const badPay = await t.client.create('Payment', {
      CustomerRef: { value: usd.Id },
      TotalAmt: 5,
      CurrencyRef: { value: 'EUR' },
    });
    expect(code(badPay)).toBe('6000');
  });

  it('a home-currency transaction has ExchangeRate 1', async () => {
    const home = (await t.client.create('Customer', { DisplayName: unique('Local') })).json.Customer;
    const item = await serviceItem(t);
    const inv = await t.client.create(
      'Invoice',
      invoiceBody(home.Id, item['Id'], { CurrencyRef: { value: 'CAD' } }, await gstCode(t)),
    );
    expect(inv.status, inv.text).toBe(200);
    expect(inv.json.Invoice.ExchangeRate).toBe(1);
  });
});

describe.skipIf(!isEmulator)('company kind: control endpoint input', () => {
  const t = useTarget();

  it('bad multicurrency/homeCurrency values are a 400 invalid_request', async () => {
    const a = await t.control('POST', '/realms', { companyName: 'X', homeCurrency: 'usd' });
    expect(a.status).toBe(400);
    expect(a.json.error.code).toBe('invalid_request');
    expect((await t.control('POST', '/realms', { companyName: 'X', multicurrency: 'yes' })).status).toBe(400);
    const ok = await t.control('POST', '/realms', {
      companyName: 'Y',
      multicurrency: true,
      homeCurrency: 'GBP',
    });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ multicurrency: true, homeCurrency: 'GBP', country: 'US' });
  });
});
