/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// Business rules of qbo-api.md §6 on names and fields, with QBO's codes: duplicate names, sub-customer
// depth, forbidden characters and lengths, required fields, bad references.
import { describe, expect, it } from 'vitest';
import { unique } from './support/client';
import { code, useBusinessRules, type Obj } from './support/business-rules';

describe('business rules: names and fields', () => {
  const { t, seeded, newCustomer, line } = useBusinessRules();

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
      IncomeAccountRef: seeded.item['IncomeAccountRef'],
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
});
