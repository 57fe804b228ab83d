import { describe, expect, it } from 'vitest';
import { awaitingKeysOf } from '../../../activities/changes/lists';

describe('awaitingKeysOf: which waiting failures a list change cures', () => {
  it('a payment method or term that appears (or is renamed) by its exact name; any account for a missing account', () => {
    expect(
      awaitingKeysOf([
        { entity: 'PaymentMethod', object: { Id: '9', Name: 'Venmo' } },
        { entity: 'Term', object: { Id: '4', Name: 'Net 45', Active: true } },
        { entity: 'Account', object: { Id: '91', Name: 'Rental Income' } },
      ]),
    ).toEqual(['PaymentMethod:Venmo', 'Term:Net 45', 'Account:Rental Income', 'Account:*']);
  });
  it('nothing for deleted or inactive entries', () => {
    expect(
      awaitingKeysOf([
        { entity: 'PaymentMethod', object: { Id: '9', status: 'Deleted' } },
        { entity: 'Account', object: { Id: '91', Name: 'Old', Active: false } },
      ]),
    ).toEqual([]);
  });
});
