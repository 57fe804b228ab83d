/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// Inventory items and their InvStartDate. Intuit, Item entity
// (https://developer.intuit.com/app/developer/qbo/docs/api/accounting/most-commonly-used/item):
// InvStartDate is the "Date of opening balance for the inventory transaction. For read operations,
// the date returned in this field is always the originally provided inventory start date. For update
// operations, the date supplied is interpreted as the inventory adjust date, is stored as such in the
// underlying data model … The inventory adjust date is not exposed for read operations through the
// API." So an update may send another InvStartDate (accepted), reads keep the original, and 6270
// InventoryTxnDatedBeforeItemStartDate ("Transactions with inventory items that have a quantity on
// hand can't be dated earlier than the specified InventoryStartDate", error-code list) still uses the
// original start date [that last part UNCONFIRMED].
import { describe, expect, it } from 'vitest';
import { q, unique } from './support/client';
import { code, useBusinessRules, type Obj } from './support/business-rules';

describe('inventory start date', () => {
  const { t, newCustomer } = useBusinessRules();

  async function account(name: string): Promise<Obj> {
    return (await t.client.findOne('Account', `Name = ${q(name)}`)) as Obj;
  }

  async function newInventoryItem(start: string): Promise<Obj> {
    const r = await t.client.create('Item', {
      Name: unique('Widget'),
      Type: 'Inventory',
      TrackQtyOnHand: true,
      QtyOnHand: 50,
      InvStartDate: start,
      UnitPrice: 4,
      IncomeAccountRef: { value: (await account('Sales of Product Income'))['Id'] },
      ExpenseAccountRef: { value: (await account('Cost of Goods Sold'))['Id'] },
      AssetAccountRef: { value: (await account('Inventory Asset'))['Id'] },
    });
    expect(r.status, r.text).toBe(200);
    return r.json.Item as Obj;
  }

  const sale = (customerId: string, itemId: string, txnDate: string) =>
    t.client.create('Invoice', {
      CustomerRef: { value: customerId },
      TxnDate: txnDate,
      Line: [
        {
          Amount: 4,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: 4 },
        },
      ],
    });

  it('selling before InvStartDate is 6270; on or after it is fine', async () => {
    const item = await newInventoryItem('2025-03-01');
    const c = await newCustomer();
    const early = await sale(c['Id'], item['Id'], '2025-02-28');
    expect(early.status).toBe(400);
    expect(code(early)).toBe('6270');
    expect((await sale(c['Id'], item['Id'], '2025-03-01')).status).toBe(200);
  });

  it('an update may send another InvStartDate: accepted, but reads keep the original date', async () => {
    const item = await newInventoryItem('2025-03-01');
    const upd = await t.client.update('Item', {
      Id: item['Id'],
      SyncToken: item['SyncToken'],
      sparse: true,
      InvStartDate: '2025-01-01',
      QtyOnHand: 60,
    });
    expect(upd.status, upd.text).toBe(200);
    expect(upd.json.Item.InvStartDate).toBe('2025-03-01');
    expect(upd.json.Item.QtyOnHand).toBe(60);
    const read = (await t.client.read('Item', item['Id'])).json.Item;
    expect(read.InvStartDate).toBe('2025-03-01');
  });

  it('6270 keeps using the original start date after such an update', async () => {
    const item = await newInventoryItem('2025-03-01');
    await t.client.update('Item', {
      Id: item['Id'],
      SyncToken: item['SyncToken'],
      sparse: true,
      InvStartDate: '2025-01-01',
    });
    const c = await newCustomer();
    expect(code(await sale(c['Id'], item['Id'], '2025-02-01'))).toBe('6270');
  });

  it('a full update without InvStartDate keeps it too', async () => {
    const item = await newInventoryItem('2025-03-01');
    const { InvStartDate: _dropped, ...rest } = item;
    const upd = await t.client.update('Item', { ...rest, Description: 'full update' });
    expect(upd.status, upd.text).toBe(200);
    expect(upd.json.Item.InvStartDate).toBe('2025-03-01');
  });
});
