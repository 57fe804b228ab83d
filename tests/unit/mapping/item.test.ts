import { describe, expect, it } from 'vitest';
import {
  categoryBody,
  chooseItemAccounts,
  chooseRefundIncomeAccount,
  itemUpdateBody,
  MappingError,
  matchItem,
  productItemBody,
  productItemType,
  type AccountLike,
  type CategoryBody,
  type CategoryContext,
  type CategoryInput,
  type ItemBody,
  type ProductContext,
  type ProductInput,
} from '../../../activities/mapping';
import { loadFixture, withDate } from './fixtures';

type CategoryCase = { name: string; input: CategoryInput; context: CategoryContext; expected: CategoryBody };
type ProductCase = {
  name: string;
  input: Omit<ProductInput, 'createdAt'> & { createdAt: string };
  context: ProductContext;
  expected: ItemBody;
};
const fixtures = loadFixture<{ categories: CategoryCase[]; products: ProductCase[] }>('items');

describe('categoryBody (golden fixtures)', () => {
  it.each(fixtures.categories.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(categoryBody(c.input, c.context)).toEqual(c.expected);
  });
  it('a sub-category without its parent in QBO is a missing dependency', () => {
    expect(() => categoryBody({ id: 'cat-2', name: 'Frame', parentId: 'cat-1' })).toThrow(MappingError);
  });
});

describe('productItemBody (golden fixtures)', () => {
  it.each(fixtures.products.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(productItemBody(withDate(c.input), c.context)).toEqual(c.expected);
  });
});

describe('the type rule', () => {
  it.each([
    ['rental', true, 'Inventory'],
    ['rental', false, 'NonInventory'],
    ['retail', true, 'Inventory'],
    ['retail', false, 'NonInventory'],
    ['service', false, 'Service'],
    ['service', true, 'Service'],
  ] as const)('%s, tracked %s → %s', (kind, trackInventory, type) => {
    expect(productItemType({ kind, trackInventory })).toBe(type);
  });
});

const product: ProductInput = {
  id: 'prd-00003',
  name: 'Tables & Linens Package',
  description: null,
  productNumber: 'R-0003',
  kind: 'rental',
  trackInventory: true,
  qtyOnHand: '40.0000',
  cost: null,
  salePrice: null,
  rentalPrice: '25.00',
  isActive: true,
  createdAt: new Date('2024-03-05T10:00:00Z'),
};

describe('accounts', () => {
  it('an inventory item without an asset account cannot be created, with a message saying why', () => {
    expect(() =>
      productItemBody(product, { accounts: { income: '79', expense: '80', asset: undefined } }),
    ).toThrow(/no inventory asset account/);
    expect(() =>
      productItemBody(product, { accounts: { income: undefined, expense: '80', asset: '81' } }),
    ).toThrow(/no income account/);
  });

  // The emulator's seed chart of accounts (ids as a fresh emulator company gives them).
  const accounts: AccountLike[] = [
    { Id: '1', Name: 'Checking', AccountType: 'Bank', AccountSubType: 'Checking' },
    {
      Id: '4',
      Name: 'Undeposited Funds',
      AccountType: 'Other Current Asset',
      AccountSubType: 'UndepositedFunds',
    },
    { Id: '5', Name: 'Inventory Asset', AccountType: 'Other Current Asset', AccountSubType: 'Inventory' },
    {
      Id: '17',
      Name: 'Sales of Product Income',
      AccountType: 'Income',
      AccountSubType: 'SalesOfProductIncome',
    },
    { Id: '18', Name: 'Services', AccountType: 'Income', AccountSubType: 'ServiceFeeIncome' },
    { Id: '19', Name: 'Discounts given', AccountType: 'Income', AccountSubType: 'DiscountsRefundsGiven' },
    { Id: '20', Name: 'Refunds-Allowances', AccountType: 'Income', AccountSubType: 'DiscountsRefundsGiven' },
    {
      Id: '22',
      Name: 'Cost of Goods Sold',
      AccountType: 'Cost of Goods Sold',
      AccountSubType: 'SuppliesMaterialsCogs',
    },
    { Id: '23', Name: 'Advertising', AccountType: 'Expense', AccountSubType: 'AdvertisingPromotional' },
  ];

  it('chooses by type when the tenant set no defaults', () => {
    expect(chooseItemAccounts(accounts)).toEqual({ income: '17', expense: '22', asset: '5' });
  });
  it('tenant defaults win', () => {
    expect(chooseItemAccounts(accounts, { incomeAccountId: '18', assetAccountId: '99' })).toEqual({
      income: '18',
      expense: '22',
      asset: '99',
    });
  });
  it('falls back to other income/expense accounts, never discounts, never inactive ones', () => {
    const fewer: AccountLike[] = [
      { Id: '19', Name: 'Discounts given', AccountType: 'Income', AccountSubType: 'DiscountsRefundsGiven' },
      {
        Id: '17',
        Name: 'Sales of Product Income',
        AccountType: 'Income',
        AccountSubType: 'SalesOfProductIncome',
        Active: false,
      },
      { Id: '30', Name: 'Rental income', AccountType: 'Income', AccountSubType: 'OtherPrimaryIncome' },
      { Id: '23', Name: 'Advertising', AccountType: 'Expense' },
    ];
    expect(chooseItemAccounts(fewer)).toEqual({ income: '30', expense: '23', asset: undefined });
  });
  it('the refund item prefers a refunds income account', () => {
    expect(chooseRefundIncomeAccount(accounts, '17')).toBe('20');
    expect(chooseRefundIncomeAccount(accounts.slice(0, 4), '17')).toBe('17');
  });
});

describe('itemUpdateBody', () => {
  const accounts = { income: '79', expense: '80', asset: '81' };
  it('never changes the type, the accounts or the stock', () => {
    const existing = {
      Id: '44',
      SyncToken: '3',
      Type: 'NonInventory',
      Name: 'Tables & Linens Package',
      UnitPrice: 20,
      Sku: 'R-0003',
      Active: true,
      IncomeAccountRef: { value: '79', name: 'Sales' },
    };
    expect(itemUpdateBody(existing, productItemBody(product, { accounts }))).toEqual({
      Id: '44',
      SyncToken: '3',
      sparse: true,
      Type: 'NonInventory',
      Name: 'Tables & Linens Package',
      UnitPrice: 25,
    });
  });
  it('undefined when nothing changed', () => {
    const body = productItemBody(product, { accounts });
    expect(itemUpdateBody({ ...body, Id: '44', SyncToken: '3', QtyOnHand: 12 }, body)).toBeUndefined();
  });
});

describe('matchItem', () => {
  const items = [
    { Id: '1', Name: 'Services', Type: 'Service' },
    { Id: '10', Name: 'Bounce House', Sku: 'R-0006', Type: 'NonInventory' },
    { Id: '11', Name: 'Frame Tent', Sku: 'R-0001', Type: 'Inventory' },
    { Id: '12', Name: 'Tents', Type: 'Category' },
    { Id: '13', Name: 'Chair', Type: 'NonInventory' },
  ];
  it('a category only matches a category', () => {
    expect(matchItem(items, { kind: 'category', name: 'Services' })).toBeUndefined();
    expect(matchItem(items, { kind: 'category', name: 'tents' })?.Id).toBe('12');
    expect(matchItem(items, { kind: 'product', name: 'Tents' })).toBeUndefined();
  });
  it('a product matches by exact Sku first, then by name', () => {
    expect(matchItem(items, { kind: 'product', name: 'Renamed tent', sku: 'R-0001' })?.Id).toBe('11');
    expect(matchItem(items, { kind: 'product', name: 'Frame  Tent', sku: 'r-0001' })).toBeUndefined();
    expect(matchItem(items, { kind: 'product', name: 'chair', sku: 'R-0009' })?.Id).toBe('13');
  });
  it('a same-named item with another Sku is another product', () => {
    expect(matchItem(items, { kind: 'product', name: 'bounce house', sku: 'R-0007' })).toBeUndefined();
  });
  it('skips items already linked to another BPro record', () => {
    expect(matchItem(items, { kind: 'product', name: 'Chair' }, new Set(['13']))).toBeUndefined();
  });
});
