/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// The company is reset (POST /__emulator/realms/:realmId/reset): its data is wiped and it starts
// again as new, under the same realm id and connection. Intuit's error codes
// (https://developer.intuit.com/app/developer/qbo/docs/develop/troubleshooting/error-codes) list
// 10200 "Company Reset": "Company has been reset. Request for CUD is stale." Which requests get it is
// UNCONFIRMED: here every create/update/delete that names an id from before the reset (the record
// itself or a reference); a read of such an id is 610 Object Not Found. Emulator only.
import { describe, expect, it } from 'vitest';
import { q } from './support/client';
import { code, useBusinessRules, type Obj } from './support/business-rules';
import { isEmulator } from './support/target';

describe.skipIf(!isEmulator)('company reset', () => {
  const { t, newCustomer, invoice, line } = useBusinessRules();

  it('wipes the data, re-seeds the company and answers 610 / 10200 for ids from before', async () => {
    const c = await newCustomer();
    const inv = await invoice(c['Id'], 15);
    const r = await t.control('POST', `/realms/${t.client.realmId}/reset`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ realmId: t.client.realmId, reset: true });

    // Same connection, a new company: the seed is back, our records are gone.
    expect((await t.client.request('GET', `companyinfo/${t.client.realmId}`)).status).toBe(200);
    expect(await t.client.findOne('Customer', "DisplayName = 'Cool Cars'")).toBeDefined();
    expect(
      await t.client.findOne('Customer', `DisplayName = ${q(String(c['DisplayName']))}`),
    ).toBeUndefined();

    const read = await t.client.read('Invoice', inv['Id']);
    expect(read.status).toBe(400);
    expect(code(read)).toBe('610');

    const upd = await t.client.update('Customer', {
      Id: c['Id'],
      SyncToken: c['SyncToken'],
      sparse: true,
      Notes: 'x',
    });
    expect(upd.status).toBe(400);
    expect(code(upd)).toBe('10200');
    expect(upd.json.Fault.Error[0]).toMatchObject({
      Message: 'Company Reset',
      Detail: 'Company has been reset. Request for CUD is stale.',
    });
    expect(code(await t.client.remove('Invoice', { Id: inv['Id'], SyncToken: inv['SyncToken'] }))).toBe(
      '10200',
    );
    const ref = await t.client.create('Invoice', { CustomerRef: { value: c['Id'] }, Line: [line(1)] });
    expect(code(ref)).toBe('10200');
  });

  it('new records get ids never used before; the same name can be created again', async () => {
    const before = await newCustomer();
    expect((await t.control('POST', `/realms/${t.client.realmId}/reset`)).status).toBe(200);
    const again = await t.client.create('Customer', { DisplayName: before['DisplayName'] });
    expect(again.status, again.text).toBe(200);
    const after = again.json.Customer as Obj;
    expect(Number(after['Id'])).toBeGreaterThan(Number(before['Id']));
    // The seeded "Services" item is a new record too: the fixture's copy from before is stale.
    expect(
      code(await t.client.create('Invoice', { CustomerRef: { value: after['Id'] }, Line: [line(5)] })),
    ).toBe('10200');
    const services = (await t.client.findOne('Item', "Name = 'Services'")) as Obj;
    const inv = await t.client.create('Invoice', {
      CustomerRef: { value: after['Id'] },
      Line: [
        {
          Amount: 5,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: services['Id'] } },
        },
      ],
    });
    expect(inv.status, inv.text).toBe(200);
  });

  it('an unknown realm is a 404', async () => {
    expect((await t.control('POST', '/realms/nope/reset')).status).toBe(404);
  });
});
