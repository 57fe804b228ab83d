// BPro product categories → QBO Category items (with their hierarchy); BPro products → QBO
// Inventory / NonInventory / Service items, their accounts (chosen in item-accounts.ts), price,
// cost and Sku. The type is set at creation only: an update never changes it (bpro.md §2.2).
import { parseMoney, parseQuantity } from '../../db/bpro-generator/money';
import type { ItemAccounts } from './item-accounts';
import { cleanText, cleanLine, nameKey, nameOrFallback, QBO_LIMITS } from './names';
import { sparseUpdateBody } from './update';
import {
  MappingError,
  ref,
  type BproCategory,
  type BproProduct,
  type QboIdentity,
  type QboRef,
  type SparseUpdate,
} from './types';

export type ItemType = 'Inventory' | 'NonInventory' | 'Service';

export type CategoryInput = Pick<BproCategory, 'id' | 'name' | 'parentId'>;

export type CategoryContext = {
  /** The parent category's QBO id; required when the category has a parent. */
  parentQboId?: string | null;
  /** Use this Name instead of the BPro one (a disambiguated name). */
  name?: string;
};

export type CategoryBody = { Type: 'Category'; Name: string; SubItem: boolean; ParentRef?: QboRef };

/** The Name a category gets in QBO (before any disambiguation). */
export function categoryName(row: Pick<BproCategory, 'id' | 'name'>): string {
  return nameOrFallback(row.name, QBO_LIMITS.itemName, `BPro category ${row.id}`);
}

/** Category create body: Type=Category, a sub-category under its parent's QBO id. */
export function categoryBody(row: CategoryInput, context: CategoryContext = {}): CategoryBody {
  const body: CategoryBody = { Type: 'Category', Name: context.name ?? categoryName(row), SubItem: false };
  if (row.parentId !== null && row.parentId !== undefined) {
    if (!context.parentQboId)
      throw new MappingError(
        'missing_dependency',
        `Category ${row.id} needs its parent category ${row.parentId} in QuickBooks first.`,
      );
    body.SubItem = true;
    body.ParentRef = ref(context.parentQboId);
  }
  return body;
}

// ---------------------------------------------------------------------------------------------
// Products

export type ProductInput = Pick<
  BproProduct,
  | 'id'
  | 'name'
  | 'description'
  | 'productNumber'
  | 'kind'
  | 'trackInventory'
  | 'qtyOnHand'
  | 'cost'
  | 'salePrice'
  | 'rentalPrice'
  | 'isActive'
  | 'createdAt'
>;

export type ProductContext = {
  accounts: ItemAccounts;
  /** The category's QBO id when the product has a category (the item goes under it). */
  categoryQboId?: string | null;
  /** Inventory items: the date of the opening quantity. Default: the product's creation date. */
  invStartDate?: string;
  /** Use this Name instead of the BPro one (a disambiguated name). */
  name?: string;
};

export type ItemBody = {
  Type: ItemType;
  Name: string;
  Description?: string;
  Sku?: string;
  UnitPrice: number;
  PurchaseCost?: number;
  IncomeAccountRef: QboRef;
  ExpenseAccountRef?: QboRef;
  AssetAccountRef?: QboRef;
  TrackQtyOnHand?: boolean;
  QtyOnHand?: number;
  InvStartDate?: string;
  SubItem?: boolean;
  ParentRef?: QboRef;
  Active: boolean;
};

/** Rental or retail with inventory tracking → Inventory; without → NonInventory; service → Service. */
export function productItemType(row: Pick<BproProduct, 'kind' | 'trackInventory'>): ItemType {
  if (row.kind === 'service') return 'Service';
  return row.trackInventory ? 'Inventory' : 'NonInventory';
}

/** The Name a product gets in QBO (before any disambiguation). */
export function productName(row: Pick<BproProduct, 'id' | 'name'>): string {
  return nameOrFallback(row.name, QBO_LIMITS.itemName, `BPro product ${row.id}`);
}

/** The Sku: BPro's product number, trimmed, or undefined. */
export function productSku(row: Pick<BproProduct, 'productNumber'>): string | undefined {
  const sku = cleanLine(row.productNumber, QBO_LIMITS.sku);
  return sku === '' ? undefined : sku;
}

/**
 * The price in cents: the rental price for rentals, the sale price for retail and services, each
 * falling back to the other price, then 0.
 */
export function productPriceCents(row: Pick<BproProduct, 'kind' | 'salePrice' | 'rentalPrice'>): number {
  const [first, second] =
    row.kind === 'rental' ? [row.rentalPrice, row.salePrice] : [row.salePrice, row.rentalPrice];
  const price = first ?? second;
  return price === null || price === undefined ? 0 : parseMoney(price);
}

function isoDate(value: Date | string): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** The Item create body for a product. Throws (missing_account) when an account it needs is missing. */
export function productItemBody(row: ProductInput, context: ProductContext): ItemBody {
  const type = productItemType(row);
  const { income, expense, asset } = context.accounts;
  const missing = (what: string) =>
    new MappingError(
      'missing_account',
      `Product ${row.id} cannot be created as a QuickBooks ${type} item: the company has no ${what} ` +
        `account. Create one in QuickBooks or choose one in the sync settings, then retry.`,
    );
  if (!income) throw missing('income');
  const body: ItemBody = {
    Type: type,
    Name: context.name ?? productName(row),
    UnitPrice: productPriceCents(row) / 100,
    IncomeAccountRef: ref(income),
    Active: row.isActive,
  };
  const description = cleanText(row.description, QBO_LIMITS.description);
  if (description !== '') body.Description = description;
  const sku = productSku(row);
  if (sku !== undefined) body.Sku = sku;
  if (row.cost !== null && row.cost !== undefined) body.PurchaseCost = parseMoney(row.cost) / 100;
  if (expense) body.ExpenseAccountRef = ref(expense);
  if (type === 'Inventory') {
    if (!expense) throw missing('cost of goods sold');
    if (!asset) throw missing('inventory asset');
    body.AssetAccountRef = ref(asset);
    body.TrackQtyOnHand = true;
    body.QtyOnHand = Number(parseQuantity(row.qtyOnHand ?? '0')) / 10_000;
    body.InvStartDate = context.invStartDate ?? isoDate(row.createdAt);
  }
  if (context.categoryQboId) {
    body.SubItem = true;
    body.ParentRef = ref(context.categoryQboId);
  }
  return body;
}

/** Fields set at creation only: the type and what depends on it, the opening stock, the accounts. */
const CREATE_ONLY: readonly (keyof ItemBody)[] = [
  'Type',
  'TrackQtyOnHand',
  'QtyOnHand',
  'InvStartDate',
  'IncomeAccountRef',
  'ExpenseAccountRef',
  'AssetAccountRef',
];

/**
 * The sparse update of an existing QBO item from a freshly mapped body. The Type is never
 * changed (the existing one is kept and repeated, as QBO wants it), nor the accounts or the stock.
 * `undefined` when nothing else differs.
 */
export function itemUpdateBody(
  existing: QboIdentity & Record<string, unknown> & { Type?: unknown },
  desired: ItemBody,
): SparseUpdate<ItemBody> | undefined {
  const kept: Partial<ItemBody> = { ...desired };
  for (const key of CREATE_ONLY) delete kept[key];
  const update = sparseUpdateBody(existing, kept, ['Name']);
  if (!update) return undefined;
  const type = typeof existing.Type === 'string' ? (existing.Type as ItemType) : desired.Type;
  return { ...update, Type: type };
}

// ---------------------------------------------------------------------------------------------
// Matching before creating (design.md §1: items by Sku, then Name)

export type QboItemLike = {
  Id: string;
  Name: string;
  Sku?: string | undefined;
  Type?: string | undefined;
};

/**
 * The existing QBO item a category or product should be linked to instead of created, if any.
 * Products: the same Sku (exactly: BPro has Skus differing only in case), else the same name
 * (case-insensitive, as QBO compares names) on an item with no other Sku. Categories: a Category
 * of the same name. Never an item of the other kind, nor one in `excludeIds` (already linked to
 * another BPro record): those cases need a disambiguated name instead.
 */
export function matchItem<T extends QboItemLike>(
  items: readonly T[],
  wanted: { kind: 'category' | 'product'; name: string; sku?: string | undefined },
  excludeIds: ReadonlySet<string> = new Set(),
): T | undefined {
  const candidates = items.filter(
    (i) => !excludeIds.has(i.Id) && (wanted.kind === 'category') === (i.Type === 'Category'),
  );
  if (wanted.kind === 'product' && wanted.sku) {
    const bySku = candidates.find((i) => i.Sku !== undefined && i.Sku.trim() === wanted.sku);
    if (bySku) return bySku;
  }
  const key = nameKey(wanted.name);
  return candidates.find(
    (i) =>
      nameKey(i.Name) === key &&
      (wanted.kind === 'category' || !i.Sku || !wanted.sku || i.Sku.trim() === wanted.sku),
  );
}
