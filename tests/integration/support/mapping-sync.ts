// The sync, by hand: mapper output pushed into an emulator company in dependency order, matching
// before creating (design.md §1) and renaming on a taken name, as the sync does. For the
// mapping-emulator.*.test.ts files.
import { expect } from 'vitest';
import { type BproDataset } from '../../../db/bpro-generator';
import {
  categoryBody,
  categoryName,
  customerDisplayName,
  matchCustomer,
  matchItem,
  productName,
  productSku,
  chooseItemAccounts,
  customerBody,
  disambiguatedName,
  matchTaxCode,
  matchTerm,
  productItemBody,
  ratesFromTaxServiceResponse,
  taxCodeRequest,
  termBody,
  QBO_LIMITS,
  type AccountLike,
  type ItemAccounts,
  type QboItemLike,
  type QboTaxRateLike,
} from '../../../activities/mapping';
import { QboFault, type Company, type Json } from './mapping-company';

/** Creates a name-list record; on 6240 (name taken) once more under the disambiguated name. */
async function createNamed(
  company: Company,
  entity: string,
  make: (name?: string) => Json,
  nameField: 'DisplayName' | 'Name',
  bproId: string,
  maxLength: number,
  renamed: string[],
): Promise<Json> {
  try {
    return await company.create(entity, make());
  } catch (error) {
    if (!(error instanceof QboFault) || error.code !== '6240') throw error;
    const name = disambiguatedName(String(make()[nameField]), bproId, maxLength);
    renamed.push(name);
    return company.create(entity, make(name));
  }
}

/** Everything synced into one company: BPro id → QBO id per entity. */
export type Synced = {
  company: Company;
  automatedSalesTax: boolean;
  accounts: ItemAccounts;
  items: Map<string, string>;
  customers: Map<string, string>;
  taxCodes: Map<string, string>;
  terms: Map<string, string>;
  renamed: string[];
  /** QBO objects already linked to a BPro record: never linked to a second one. */
  linked: Set<string>;
  qboCustomers: { Id: string; DisplayName: string; ParentRef?: { value: string } }[];
};

export function ratesOf(dataset: BproDataset, taxId: string | null): string[] {
  return taxId === null ? [] : dataset.taxRates.filter((r) => r.taxId === taxId).map((r) => r.rate);
}

export async function syncReferenceData(
  company: Company,
  dataset: BproDataset,
  automatedSalesTax: boolean,
  onlyProducts?: Set<string>,
): Promise<Synced> {
  const s: Synced = {
    company,
    automatedSalesTax,
    accounts: chooseItemAccounts(await company.query<AccountLike>('Account')),
    items: new Map(),
    customers: new Map(),
    taxCodes: new Map(),
    terms: new Map(),
    renamed: [],
    linked: new Set(),
    qboCustomers: await company.query('Customer', 'where Active in (true, false)'),
  };
  // Match before create (design.md §1), as the sync does.
  const qboItems = await company.query<QboItemLike>('Item', 'where Active in (true, false)');
  const linkOrCreate = async (match: QboItemLike | undefined, create: () => Promise<Json>) => {
    const item = match ?? ((await create()) as unknown as QboItemLike);
    if (!match) qboItems.push(item);
    s.linked.add(item.Id);
    return item.Id;
  };
  // Categories, parents first (the generator lists them so).
  const categories = new Map<string, string>();
  for (const row of dataset.productCategories) {
    const parentQboId = row.parentId === null ? null : (categories.get(row.parentId) ?? null);
    const id = await linkOrCreate(
      matchItem(qboItems, { kind: 'category', name: categoryName(row) }, s.linked),
      () =>
        createNamed(
          company,
          'Item',
          (name) => categoryBody(row, { parentQboId, ...(name ? { name } : {}) }),
          'Name',
          row.id,
          QBO_LIMITS.itemName,
          s.renamed,
        ),
    );
    categories.set(row.id, id);
  }
  for (const row of dataset.products) {
    if (onlyProducts && !onlyProducts.has(row.id)) continue;
    const categoryQboId = row.categoryId === null ? null : (categories.get(row.categoryId) ?? null);
    const id = await linkOrCreate(
      matchItem(qboItems, { kind: 'product', name: productName(row), sku: productSku(row) }, s.linked),
      () =>
        createNamed(
          company,
          'Item',
          (name) => productItemBody(row, { accounts: s.accounts, categoryQboId, ...(name ? { name } : {}) }),
          'Name',
          row.id,
          QBO_LIMITS.itemName,
          s.renamed,
        ),
    );
    s.items.set(row.id, id);
  }
  const qboTerms = await company.query<{ Id: string; Name: string }>('Term', 'where Active in (true, false)');
  for (const row of dataset.terms) {
    const existing = matchTerm(qboTerms, row);
    const id = existing ? existing.Id : String((await company.create('Term', termBody(row)))['Id']);
    s.terms.set(row.id, id);
  }
  const agencies = await company.query<{ Id: string }>('TaxAgency');
  let rates = await company.query<QboTaxRateLike>('TaxRate');
  const codes = await company.query<{ Id: string; Name: string }>('TaxCode');
  for (const tax of dataset.taxes) {
    const existing = matchTaxCode(codes, tax);
    if (existing) {
      s.taxCodes.set(tax.id, existing.Id);
      continue;
    }
    const request = taxCodeRequest(
      tax,
      dataset.taxRates.filter((r) => r.taxId === tax.id),
      { taxAgencyId: agencies[0]?.Id ?? '', existingRates: rates },
    );
    const reply = await company.call('POST', 'taxservice/taxcode', request);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    s.taxCodes.set(tax.id, String(reply.body['TaxCodeId']));
    rates = [...rates, ...ratesFromTaxServiceResponse(reply.body)];
  }
  return s;
}

export async function ensureCustomer(s: Synced, dataset: BproDataset, customerId: string): Promise<string> {
  const known = s.customers.get(customerId);
  if (known) return known;
  const row = dataset.customers.find((c) => c.id === customerId);
  if (!row) throw new Error(`no customer ${customerId}`);
  const parentQboId = row.parentId === null ? null : await ensureCustomer(s, dataset, row.parentId);
  const match = matchCustomer(s.qboCustomers, customerDisplayName(row), {
    parentQboId,
    excludeIds: s.linked,
  });
  let id = match?.Id;
  if (!id) {
    const created = await createNamed(
      s.company,
      'Customer',
      (name) => customerBody(row, { parentQboId, ...(name ? { displayName: name } : {}) }),
      'DisplayName',
      row.id,
      QBO_LIMITS.displayName,
      s.renamed,
    );
    expect(created['Job']).toBe(row.parentId !== null);
    id = String(created['Id']);
    s.qboCustomers.push(created as unknown as Synced['qboCustomers'][number]);
  }
  s.linked.add(id);
  s.customers.set(customerId, id);
  return id;
}

/** Orders whose customer chain and products are active (QBO refuses inactive refs: 610). */
export function sampleOrders(dataset: BproDataset, count: number) {
  const customers = new Map(dataset.customers.map((c) => [c.id, c]));
  const products = new Map(dataset.products.map((p) => [p.id, p]));
  const linesOf = (orderId: string) => dataset.orderLines.filter((l) => l.orderId === orderId);
  const activeChain = (id: string | null): boolean => {
    if (id === null) return true;
    const c = customers.get(id);
    return c !== undefined && c.isActive && activeChain(c.parentId);
  };
  const eligible = dataset.orders.filter(
    (o) =>
      o.status === 'completed' &&
      activeChain(o.customerId) &&
      linesOf(o.id).every((l) => l.productId !== null && products.get(l.productId)?.isActive === true),
  );
  // Multi-rate groups and fractional quantities first: the interesting ones.
  const score = (o: (typeof eligible)[number]) =>
    ratesOf(dataset, o.taxId).length * 2 + (linesOf(o.id).some((l) => !l.quantity.endsWith('.0000')) ? 3 : 0);
  return [...eligible]
    .sort((a, b) => score(b) - score(a) || (a.id < b.id ? -1 : 1))
    .slice(0, count)
    .map((order) => ({ order, lines: linesOf(order.id) }));
}
