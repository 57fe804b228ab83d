/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- assertions walk QBO's untyped JSON responses */
// Limits and bad input of Change Data Capture, per Intuit:
// https://developer.intuit.com/app/developer/qbo/docs/learn/explore-the-quickbooks-online-api/change-data-capture
// "CDC operations can track changes within the last 30 days", "Server responses can handle a maximum
// of 1,000 objects" (across the requested entities), and CDC works "for all API entities except
// JournalCode, TaxAgency, TimeActivity, TaxCode, TaxRate". The answer to a changedSince older than
// 30 days is the one integrators quote ("Operation cdc with changedSince date … which is older than
// fixed days is not supported.", Wish-Org/QuickBooksSharp#19); its code, the codes for missing or bad
// parameters, and which 1,000 objects are kept (oldest first here) are UNCONFIRMED.
import { describe, expect, it } from 'vitest';
import { unique } from './support/client';
import { code, type Obj } from './support/business-rules';
import { cdc, cdcGroup, cdcRows, mark } from './support/cdc';
import { isEmulator, useTarget } from './support/target';

const DAY = 86_400_000;

describe('change data capture: limits and bad input', () => {
  const t = useTarget();

  it('changedSince more than 30 days back → 400 "older than fixed days"', async () => {
    const old = new Date(Date.now() - 31 * DAY).toISOString();
    const r = await cdc(t, 'Customer', old);
    expect(r.status).toBe(400);
    expect(r.json.Fault.type).toBe('ValidationFault');
    expect(r.json.Fault.Error[0].Detail).toContain('older than fixed days is not supported');
    const recent = await cdc(t, 'Customer', new Date(Date.now() - 29 * DAY).toISOString());
    expect(recent.status, recent.text).toBe(200);
  });

  it('missing entities or changedSince → 400 2020', async () => {
    const since = new Date().toISOString();
    const noEntities = await t.client.request('GET', 'cdc', { query: { changedSince: since } });
    expect(noEntities.status).toBe(400);
    expect(code(noEntities)).toBe('2020');
    const noSince = await t.client.request('GET', 'cdc', { query: { entities: 'Customer' } });
    expect(noSince.status).toBe(400);
    expect(code(noSince)).toBe('2020');
    expect(noSince.json.Fault.Error[0].element).toBe('changedSince');
  });

  it('a changedSince that is not a date → 400', async () => {
    const r = await cdc(t, 'Customer', 'yesterday');
    expect(r.status).toBe(400);
    expect(r.json.Fault.type).toBe('ValidationFault');
  });

  it('an unknown entity, or one Intuit excludes from CDC (TaxCode), → 400', async () => {
    const since = new Date().toISOString();
    const unknown = await cdc(t, 'Customer,Unicorn', since);
    expect(unknown.status).toBe(400);
    expect(unknown.json.Fault.Error[0].Detail).toContain('Unicorn');
    for (const excluded of ['TaxCode', 'TaxRate', 'TaxAgency']) {
      const r = await cdc(t, excluded, since);
      expect(r.status, excluded).toBe(400);
    }
  });

  it('QBO entities the emulator does not model answer with no changes', async () => {
    const r = await cdc(t, 'Estimate,SalesReceipt', await mark());
    expect(r.status, r.text).toBe(200);
  });

  it('a timestamp with an offset and without one (company time) are both accepted', async () => {
    const since = await mark();
    const c = (await t.client.create('Customer', { DisplayName: unique('Zone') })).json.Customer as Obj;
    const local = String(c['MetaData'].LastUpdatedTime).slice(0, 19);
    expect(cdcRows(await cdc(t, 'Customer', since), 'Customer')).toHaveLength(1);
    expect(cdcRows(await cdc(t, 'Customer', local), 'Customer').map((x) => x['Id'])).toContain(c['Id']);
  });
});

describe.skipIf(!isEmulator)('change data capture: at most 1,000 objects per answer', () => {
  const t = useTarget();

  it('across entities; the oldest changes are kept and totalCount tells how many there were', async () => {
    const since = await mark();
    const seeded = (await t.client.findOne('Customer', "DisplayName = 'Cool Cars'")) as Obj;
    const item = (await t.client.findOne('Item', "Name = 'Services'")) as Obj;
    const line = {
      Amount: 1,
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: { ItemRef: { value: item['Id'] } },
    };
    for (let i = 0; i < 5; i++) {
      const inv = await t.client.create('Invoice', { CustomerRef: { value: seeded['Id'] }, Line: [line] });
      expect(inv.status, inv.text).toBe(200);
    }
    await mark();
    const prefix = unique('Many');
    for (let start = 0; start < 1000; start += 25) {
      const items = Array.from({ length: 25 }, (_, k) => ({
        bId: `b${k}`,
        operation: 'create',
        Customer: { DisplayName: `${prefix} ${start + k}` },
      }));
      const b = await t.client.batch(items);
      expect(b.status, b.text).toBe(200);
    }
    const r = await cdc(t, 'Customer,Invoice', since);
    expect(r.status).toBe(200);
    const customers = cdcRows(r, 'Customer');
    expect(cdcRows(r, 'Invoice')).toHaveLength(5);
    expect(customers).toHaveLength(995);
    expect(customers[0]?.['DisplayName']).toBe(`${prefix} 0`);
    expect(cdcGroup(r, 'Customer')).toMatchObject({ maxResults: 995, totalCount: 1000 });
    const customersOnly = await cdc(t, 'Customer', since);
    expect(cdcRows(customersOnly, 'Customer')).toHaveLength(1000);
  });
});
