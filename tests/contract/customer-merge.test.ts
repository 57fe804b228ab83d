/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- assertions walk QBO's untyped JSON responses */
// An accountant merges two customers (POST /__emulator/realms/:realmId/merge). Intuit's help,
// "Merge duplicate customers in QuickBooks Online":
// https://quickbooks.intuit.com/learn-support/en-us/help-article/manage-customers/merge-duplicate-customers-quickbooks-online/L6s6B3PQd_US_en_US
// "all data from the duplicate profile is moved into the profile you want to keep. The duplicate
// profile will become inactive", "Like all deleted customers, the merged customer is saved as
// inactive", "Check that neither customer has sub-customers before you merge them". The webhook of
// a merge names the survivor with `deletedid` of the other
// (https://developer.intuit.com/app/developer/qbo/docs/develop/webhooks/data-objects).
// How CDC shows the merged-away customer is UNCONFIRMED (here: an update with Active false; with
// mergedCustomer = 'deleted', status Deleted). Emulator only.
import { describe, expect, it } from 'vitest';
import { unique } from './support/client';
import { code, useBusinessRules, type Obj } from './support/business-rules';
import { cdc, cdcRows, mark } from './support/cdc';
import { isEmulator, useTarget } from './support/target';

describe.skipIf(!isEmulator)('customer merge', () => {
  const { t, newCustomer, invoice } = useBusinessRules();
  const merge = (fromId: string, intoId: string) =>
    t.control('POST', `/realms/${t.client.realmId}/merge`, { entity: 'Customer', fromId, intoId });

  it("the duplicate's transactions now name the survivor; SyncToken and LastUpdatedTime move on", async () => {
    const dup = await newCustomer();
    const keep = await newCustomer();
    const inv = await invoice(dup['Id'], 100);
    const pay = (
      await t.client.create('Payment', {
        CustomerRef: { value: dup['Id'] },
        TotalAmt: 30,
        Line: [{ Amount: 30, LinkedTxn: [{ TxnId: inv['Id'], TxnType: 'Invoice' }] }],
      })
    ).json.Payment as Obj;
    const invBefore = (await t.client.read('Invoice', inv['Id'])).json.Invoice as Obj;
    const since = await mark();
    const m = await merge(dup['Id'], keep['Id']);
    expect(m.status, JSON.stringify(m.json)).toBe(200);
    expect(m.json.moved).toMatchObject({ Invoice: [inv['Id']], Payment: [pay['Id']] });

    const invAfter = (await t.client.read('Invoice', inv['Id'])).json.Invoice as Obj;
    expect(invAfter['CustomerRef']).toEqual({ value: keep['Id'], name: keep['DisplayName'] });
    expect(Number(invAfter['SyncToken'])).toBeGreaterThan(Number(invBefore['SyncToken']));
    expect(invAfter['MetaData'].LastUpdatedTime > invBefore['MetaData'].LastUpdatedTime).toBe(true);
    expect((await t.client.read('Payment', pay['Id'])).json.Payment.CustomerRef.value).toBe(keep['Id']);

    const survivor = (await t.client.read('Customer', keep['Id'])).json.Customer;
    expect(survivor.Balance).toBe(70);
    const gone = (await t.client.read('Customer', dup['Id'])).json.Customer;
    expect(gone).toMatchObject({ Active: false, Balance: 0 });

    const r = await cdc(t, 'Customer,Invoice,Payment', since);
    expect(cdcRows(r, 'Invoice').map((x) => x['CustomerRef'].value)).toEqual([keep['Id']]);
    expect(cdcRows(r, 'Payment').map((x) => x['Id'])).toEqual([pay['Id']]);
    const customers = cdcRows(r, 'Customer');
    expect(customers.find((c) => c['Id'] === dup['Id'])).toMatchObject({ Active: false });
    expect(customers.map((c) => c['Id'])).toContain(keep['Id']);
  });

  it('our stale copy of a moved invoice gets 5010; the merged-away customer cannot be used (610)', async () => {
    const dup = await newCustomer();
    const keep = await newCustomer();
    const inv = await invoice(dup['Id'], 10);
    expect((await merge(dup['Id'], keep['Id'])).status).toBe(200);
    const stale = await t.client.update('Invoice', {
      Id: inv['Id'],
      SyncToken: inv['SyncToken'],
      sparse: true,
      PrivateNote: 'ours',
    });
    expect(code(stale)).toBe('5010');
    const again = await t.client.create('Invoice', {
      CustomerRef: { value: dup['Id'] },
      Line: [{ Amount: 1, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: {} }],
    });
    expect(code(again)).toBe('610');
  });

  it('refused: into itself, unknown ids, a customer with sub-customers, another entity, bad bodies', async () => {
    const a = await newCustomer();
    const b = await newCustomer();
    expect((await merge(a['Id'], a['Id'])).status).toBe(400);
    const missing = await merge(a['Id'], '999999');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('unknown_object');
    const child = await t.client.create('Customer', {
      DisplayName: unique('Job'),
      Job: true,
      ParentRef: { value: b['Id'] },
    });
    expect(child.status, child.text).toBe(200);
    const withJobs = await merge(a['Id'], b['Id']);
    expect(withJobs.status).toBe(400);
    expect(withJobs.json.error.code).toBe('merge_refused');
    const vendor = await t.control('POST', `/realms/${t.client.realmId}/merge`, {
      entity: 'Vendor',
      fromId: a['Id'],
      intoId: b['Id'],
    });
    expect(vendor.status).toBe(400);
    expect((await t.control('POST', `/realms/${t.client.realmId}/merge`, {})).status).toBe(400);
    const noRealm = await t.control('POST', '/realms/nope/merge', {
      entity: 'Customer',
      fromId: '1',
      intoId: '2',
    });
    expect(noRealm.status).toBe(404);
  });
});

describe.skipIf(!isEmulator)('customer merge with mergedCustomer = "deleted"', () => {
  const t = useTarget({ emulatorOptions: { mergedCustomer: 'deleted' } });

  it('the merged-away customer reads as 610 and CDC lists it as Deleted', async () => {
    const dup = (await t.client.create('Customer', { DisplayName: unique('Dup') })).json.Customer;
    const keep = (await t.client.create('Customer', { DisplayName: unique('Keep') })).json.Customer;
    const since = await mark();
    const m = await t.control('POST', `/realms/${t.client.realmId}/merge`, {
      entity: 'Customer',
      fromId: dup.Id,
      intoId: keep.Id,
    });
    expect(m.status).toBe(200);
    expect(code(await t.client.read('Customer', dup.Id))).toBe('610');
    const rows = cdcRows(await cdc(t, 'Customer', since), 'Customer');
    expect(rows.find((c) => c['Id'] === dup.Id)).toMatchObject({ status: 'Deleted', domain: 'QBO' });
  });
});
