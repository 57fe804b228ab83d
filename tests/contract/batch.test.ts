/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// The batch endpoint (qbo-api.md §5): up to 30 independent items, per-item Fault, 1040 above 30.
import { describe, expect, it } from 'vitest';
import { q, unique } from './support/client';
import { isEmulator, useTarget } from './support/target';

describe('batch', () => {
  const t = useTarget();

  it('mixes creates, queries and a failing item; items are independent', async () => {
    const name = unique('Batch');
    const existing = (await t.client.create('Customer', { DisplayName: unique('Dup') })).json.Customer;
    const r = await t.client.batch([
      { bId: 'b1', operation: 'create', Customer: { DisplayName: name } },
      { bId: 'b2', operation: 'create', Customer: { DisplayName: existing.DisplayName } },
      { bId: 'b3', Query: `select * from Customer where DisplayName = ${q(existing.DisplayName)}` },
      {
        bId: 'b4',
        operation: 'update',
        Customer: { Id: existing.Id, SyncToken: '99', sparse: true, Notes: 'x' },
      },
    ]);
    expect(r.status).toBe(200);
    const items = r.json.BatchItemResponse as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- QBO JSON
    const by = (id: string) => items.find((i) => i['bId'] === id) ?? {};
    expect(by('b1')['Customer'].DisplayName).toBe(name);
    expect(by('b2')['Fault'].Error[0].code).toBe('6240');
    expect(by('b3')['QueryResponse'].Customer[0].Id).toBe(existing.Id);
    expect(by('b4')['Fault'].Error[0].code).toBe('5010');
  });

  it('more than 30 items → 1040 for the whole call', async () => {
    const items = Array.from({ length: 31 }, (_, i) => ({ bId: `q${i}`, Query: 'select * from Term' }));
    const r = await t.client.batch(items);
    expect(r.status).toBe(400);
    expect(r.json.Fault.Error[0].code).toBe('1040');
  });

  it('deletes in a batch return the Deleted status object', async () => {
    const cust = (await t.client.create('Customer', { DisplayName: unique('BDel') })).json.Customer;
    const inv = (
      await t.client.create('Invoice', {
        CustomerRef: { value: cust.Id },
        Line: [{ Amount: 5, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: {} }],
      })
    ).json.Invoice;
    const r = await t.client.batch([
      { bId: 'd1', operation: 'delete', Invoice: { Id: inv.Id, SyncToken: inv.SyncToken } },
    ]);
    expect(r.json.BatchItemResponse[0].Invoice).toMatchObject({ status: 'Deleted', Id: inv.Id });
  });

  it.skipIf(!isEmulator)('an item cannot see objects created earlier in the same batch', async () => {
    const name = unique('Hidden');
    const r = await t.client.batch([
      { bId: 'c1', operation: 'create', Customer: { DisplayName: name } },
      { bId: 'c2', Query: `select * from Customer where DisplayName = ${q(name)}` },
    ]);
    expect(r.json.BatchItemResponse[1].QueryResponse).toEqual({});
  });

  it('names and DocNumbers stay unique within one batch (6240 / 6140 for the second item)', async () => {
    const name = unique('Twice');
    const cust = (await t.client.create('Customer', { DisplayName: unique('DocCust') })).json.Customer;
    const doc = unique('D').slice(-12);
    const invoice = {
      CustomerRef: { value: cust.Id },
      DocNumber: doc,
      Line: [{ Amount: 5, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: {} }],
    };
    const r = await t.client.batch([
      { bId: 'n1', operation: 'create', Customer: { DisplayName: name } },
      { bId: 'n2', operation: 'create', Customer: { DisplayName: name } },
      { bId: 'i1', operation: 'create', Invoice: invoice },
      { bId: 'i2', operation: 'create', Invoice: invoice },
    ]);
    const items = r.json.BatchItemResponse;
    expect(items[0].Customer.DisplayName).toBe(name);
    expect(items[1].Fault.Error[0].code).toBe('6240');
    expect(items[2].Invoice.DocNumber).toBe(doc);
    expect(items[3].Fault.Error[0].code).toBe('6140');
  });

  it('requestid on a batch replays the first response', async () => {
    const rid = crypto.randomUUID();
    const items = [{ bId: 'r1', operation: 'create', Customer: { DisplayName: unique('BReq') } }];
    const a = await t.client.batch(items, { requestid: rid });
    const b = await t.client.batch(items, { requestid: rid });
    expect(b.json.BatchItemResponse[0].Customer.Id).toBe(a.json.BatchItemResponse[0].Customer.Id);
  });
});
