import { describe, expect, it } from 'vitest';
import {
  earliestSaleMatters,
  inventoryStartDate,
  isoDay,
  startDateInstruction,
  startsAfter,
} from '../../../activities/mapping/inventory-start-date';
import { productItemBody, type ProductInput } from '../../../activities/mapping/item';

describe('inventoryStartDate: the earliest of creation, sync start date and earliest sale', () => {
  const createdAt = new Date('2026-03-15T14:30:00Z');
  it.each([
    ['only the creation date', { syncStartDate: null, earliestSale: null }, '2026-03-15'],
    [
      'a sale before the creation (history imported into BPro)',
      { syncStartDate: null, earliestSale: '2026-01-20' },
      '2026-01-20',
    ],
    ['sales only after the creation', { syncStartDate: null, earliestSale: '2026-04-01' }, '2026-03-15'],
    [
      'a sync start date before the creation',
      { syncStartDate: '2026-01-01', earliestSale: null },
      '2026-01-01',
    ],
    [
      'a sync start date after the creation',
      { syncStartDate: '2026-06-01', earliestSale: null },
      '2026-03-15',
    ],
    [
      'all three, the sale earliest',
      { syncStartDate: '2026-02-01', earliestSale: '2025-12-31' },
      '2025-12-31',
    ],
    [
      'all three, the start date earliest',
      { syncStartDate: '2025-11-01', earliestSale: '2026-02-10' },
      '2025-11-01',
    ],
    ['a sale on the creation day', { syncStartDate: null, earliestSale: '2026-03-15' }, '2026-03-15'],
  ] as const)('%s', (_name, inputs, expected) => {
    expect(inventoryStartDate({ createdAt, ...inputs })).toBe(expected);
  });

  it('takes the UTC day of the creation timestamp (as BPro stores it), also given as a string', () => {
    expect(
      inventoryStartDate({
        createdAt: new Date('2026-03-15T23:59:59Z'),
        syncStartDate: null,
        earliestSale: null,
      }),
    ).toBe('2026-03-15');
    expect(
      inventoryStartDate({ createdAt: '2026-03-16T00:00:01Z', syncStartDate: null, earliestSale: null }),
    ).toBe('2026-03-16');
    expect(isoDay('2026-02-03')).toBe('2026-02-03');
  });

  it('is never later than any order the sync may write: every in-scope order is on or after the start date', () => {
    // With a start date the earliest order does not matter: in-scope orders are on or after it.
    expect(earliestSaleMatters('2026-01-01')).toBe(false);
    expect(earliestSaleMatters(null)).toBe(true);
    for (const order of ['2026-01-01', '2026-02-14', '2026-12-31'])
      expect(
        inventoryStartDate({ createdAt, syncStartDate: '2026-01-01', earliestSale: null }) <= order,
      ).toBe(true);
  });

  it('becomes the body’s InvStartDate of an Inventory item, and is absent for other types', () => {
    const product: ProductInput = {
      id: 'prd-1',
      name: 'Chair',
      description: null,
      productNumber: 'R-1',
      kind: 'rental',
      trackInventory: true,
      qtyOnHand: '12.0000',
      cost: null,
      salePrice: null,
      rentalPrice: '4.00',
      isActive: true,
      createdAt,
    };
    const accounts = { income: '79', expense: '80', asset: '81' };
    const body = productItemBody(product, { accounts, invStartDate: '2025-12-31' });
    expect(body).toMatchObject({ Type: 'Inventory', InvStartDate: '2025-12-31', QtyOnHand: 12 });
    expect(
      productItemBody({ ...product, trackInventory: false }, { accounts, invStartDate: '2025-12-31' })
        .InvStartDate,
    ).toBeUndefined();
  });
});

describe('an existing item starting too late', () => {
  const item = { Id: '7', SyncToken: '2', Type: 'Inventory', InvStartDate: '2026-05-01' };

  it('is an Inventory item whose start date is after the day (its start date returned)', () => {
    expect(startsAfter(item, '2026-02-01')).toBe('2026-05-01');
    expect(startsAfter(item, '2026-05-01')).toBeUndefined();
    expect(startsAfter(item, '2026-06-01')).toBeUndefined();
    expect(startsAfter({ ...item, Type: 'NonInventory' }, '2026-02-01')).toBeUndefined();
    expect(startsAfter({ ...item, InvStartDate: undefined }, '2026-02-01')).toBeUndefined();
    expect(startsAfter(item, undefined)).toBeUndefined();
    expect(startsAfter(item, null)).toBeUndefined();
    // QBO may answer with a timestamp-like date.
    expect(startsAfter({ ...item, InvStartDate: '2026-05-01T00:00:00-07:00' }, '2026-04-30')).toBe(
      '2026-05-01',
    );
  });
});

describe('what the user changes in QuickBooks', () => {
  it('names the item and the latest start date that works', () => {
    expect(startDateInstruction(['Chiavari Chair'], '2026-02-01')).toBe(
      'In QuickBooks, open item "Chiavari Chair" and set its inventory start date to 2026-02-01 or earlier, then press Re-run.',
    );
    expect(startDateInstruction(['A', 'B', 'C'], '2026-02-01')).toBe(
      'In QuickBooks, open items "A", "B" and "C" and set each one\'s inventory start date to 2026-02-01 or earlier, then press Re-run.',
    );
    expect(startDateInstruction(['A'], '2026-02-01', 'then press Re-run on the invoices it refused')).toBe(
      'In QuickBooks, open item "A" and set its inventory start date to 2026-02-01 or earlier, then press Re-run on the invoices it refused.',
    );
  });
});
