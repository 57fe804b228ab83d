/* eslint-disable @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// Bad input gets QBO's answer, never a crash, and the emulator keeps serving (issue 3, "Bad input").
import { describe, expect, it } from 'vitest';
import { isEmulator, useTarget } from './support/target';

describe('bad input', () => {
  const t = useTarget();

  it('malformed JSON → 400 ValidationFault', async () => {
    const r = await t.client.request('POST', 'customer', {
      rawBody: '{"DisplayName": "x",',
      contentType: 'application/json',
    });
    expect(r.status).toBe(400);
    expect(r.json.Fault.type).toBe('ValidationFault');
  });

  it('a JSON array instead of an object → 400', async () => {
    const r = await t.client.request('POST', 'customer', {
      rawBody: '[1,2]',
      contentType: 'application/json',
    });
    expect(r.status).toBe(400);
  });

  it('an unknown entity → 400 Unsupported Operation (code 500)', async () => {
    const r = await t.client.request('POST', 'spaceship', { body: { Name: 'x' } });
    expect(r.status).toBe(400);
    expect(r.json.Fault.Error[0].code).toBe('500');
    const g = await t.client.request('GET', 'spaceship/1');
    expect(g.status).toBe(400);
  });

  it('an unknown entity in a query → 4000', async () => {
    const r = await t.client.query('select * from Spaceship');
    expect(r.status).toBe(400);
    expect(['4000', '4001']).toContain(r.json.Fault.Error[0].code);
  });

  it("an unknown property → 2010 (QBO's deserializer rejects it)", async () => {
    const r = await t.client.create('Customer', { DisplayName: 'Unknown Field Co', Nickname: 'x' });
    expect(r.status).toBe(400);
    expect(r.json.Fault.Error[0].code).toBe('2010');
    expect(r.json.Fault.Error[0].Detail).toContain('Nickname');
  });

  it('a read of a missing id → 610', async () => {
    const r = await t.client.read('Customer', '99999999');
    expect(r.status).toBe(400);
    expect(r.json.Fault.Error[0].code).toBe('610');
  });

  it.skipIf(!isEmulator)('a wrong content type → 415 with a Fault', async () => {
    const r = await t.client.request('POST', 'customer', {
      rawBody: 'DisplayName=x',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(r.status).toBe(415);
    expect(r.json.Fault).toBeDefined();
  });

  it.skipIf(!isEmulator)('non-UTF-8 bytes → 400 Unsupported Operation', async () => {
    const r = await t.client.request('POST', 'customer', {
      rawBody: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      contentType: 'application/json',
    });
    expect(r.status).toBe(400);
    expect(r.json.Fault.Error[0].code).toBe('500');
  });

  it.skipIf(!isEmulator)('an over-long query → 4000, and a huge URL does not crash the server', async () => {
    const stmt = `select * from Customer where DisplayName = '${'x'.repeat(100_001)}'`;
    const post = await t.client.request('POST', 'query', { rawBody: stmt, contentType: 'application/text' });
    expect(post.status).toBe(400);
    expect(post.json.Fault.Error[0].code).toBe('4000');
    const get = await t.client.query(`select * from Customer where DisplayName = '${'y'.repeat(20_000)}'`);
    expect(get.status).toBeGreaterThanOrEqual(400);
  });

  it('an unknown realm → 403', async () => {
    const res = await fetch(`${t.client.apiBase}/v3/company/000/customer/1`, {
      headers: { Authorization: `Bearer ${t.client.accessToken}`, Accept: 'application/json' },
    });
    expect(res.status).toBe(403);
  });

  it('a malformed Authorization header → 401', async () => {
    const r = await t.client.request('GET', 'preferences', {
      token: null,
      headers: { Authorization: 'Basic Zm9vOmJhcg==' },
    });
    expect(r.status).toBe(401);
  });

  it('bad field types are validation errors, not crashes', async () => {
    const r1 = await t.client.create('Customer', { DisplayName: 42 });
    expect(r1.status).toBeLessThan(500);
    const r2 = await t.client.create('Invoice', { CustomerRef: 'nope', Line: 'nope' });
    expect(r2.status).toBe(400);
    const r3 = await t.client.create('Payment', { CustomerRef: { value: '1' }, TotalAmt: 'ten' });
    expect(r3.status).toBe(400);
    const r4 = await t.client.batch([null, 5, 'x'] as unknown[]);
    expect(r4.status).toBeLessThan(500);
  });

  it('the emulator keeps serving after all of the above', async () => {
    const r = await t.client.request('GET', `companyinfo/${t.client.realmId}`);
    expect(r.status).toBe(200);
  });
});

describe.skipIf(!isEmulator)('automated sales tax company', () => {
  const t = useTarget({ realm: { automatedSalesTax: true } });

  it('Preferences report PartnerTaxEnabled and the engine picks the tax code', async () => {
    const prefs = await t.client.request('GET', 'preferences');
    expect(prefs.json.Preferences.TaxPrefs.PartnerTaxEnabled).toBe(true);
    const cust = await t.client.findOne('Customer', "DisplayName = 'Cool Cars'");
    const item = await t.client.findOne('Item', "Name = 'Services'");
    const r = await t.client.create('Invoice', {
      CustomerRef: { value: cust?.['Id'] },
      Line: [
        {
          Amount: 100,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: item?.['Id'] }, TaxCodeRef: { value: 'TAX' } },
        },
      ],
      TxnTaxDetail: { TxnTaxCodeRef: { value: 'NON' } },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json.Invoice.TxnTaxDetail.TotalTax).toBeGreaterThan(0);
    expect(r.json.Invoice.TxnTaxDetail.TxnTaxCodeRef.value).not.toBe('NON');
  });

  it('an explicit TotalTax is kept (prorated over the rates)', async () => {
    const cust = await t.client.findOne('Customer', "DisplayName = 'Cool Cars'");
    const r = await t.client.create('Invoice', {
      CustomerRef: { value: cust?.['Id'] },
      Line: [
        {
          Amount: 100,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { TaxCodeRef: { value: 'TAX' } },
        },
      ],
      TxnTaxDetail: { TotalTax: 7 },
    });
    expect(r.json.Invoice.TxnTaxDetail.TotalTax).toBe(7);
    expect(r.json.Invoice.TotalAmt).toBe(107);
  });
});
