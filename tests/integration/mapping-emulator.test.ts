// Acceptance of the pure mappers: a generated `small` BPro tenant mapped and pushed straight into
// the in-process QBO emulator over HTTP, in dependency order. Every create must succeed, and every
// invoice's QBO total must equal BPro's or differ by exactly the per-rate rounding predicted by
// expectedInvoiceTotals. No database or Temporal involved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQboEmulator, type QboEmulator } from '../../qbo-emulator/server';
import { generateBproDataset, parseMoney, type BproDataset } from '../../db/bpro-generator';
import {
  categoryBody,
  categoryName,
  customerDisplayName,
  matchCustomer,
  matchItem,
  productName,
  productSku,
  chooseItemAccounts,
  chooseRefundIncomeAccount,
  customerBody,
  disambiguatedName,
  expectedInvoiceTotals,
  invoiceBody,
  itemUpdateBody,
  matchPaymentMethod,
  matchTaxCode,
  matchTerm,
  paymentApplication,
  paymentBody,
  productItemBody,
  ratesFromTaxServiceResponse,
  refundReceiptBody,
  refundServiceItemBody,
  sparseUpdateBody,
  taxCodeRequest,
  termBody,
  QBO_LIMITS,
  REFUND_ITEM_NAME,
  type AccountLike,
  type ItemAccounts,
  type QboItemLike,
  type QboTaxRateLike,
} from '../../activities/mapping';

type Json = Record<string, unknown>;
type Reply = { status: number; body: Json };

const CLIENT = { id: 'mapping-client', secret: 'mapping-secret', redirect: 'http://localhost:3998/callback' };

class Company {
  constructor(
    readonly base: string,
    readonly realmId: string,
    readonly token: string,
  ) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    query: Record<string, string> = {},
  ): Promise<Reply> {
    const url = new URL(`${this.base}/v3/company/${this.realmId}/${path}`);
    url.searchParams.set('minorversion', '75');
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const res = await fetch(url, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  /** POST /{entity}; returns the created object or throws with QBO's fault. */
  async create(entity: string, body: unknown, query: Record<string, string> = {}): Promise<Json> {
    const reply = await this.call('POST', entity.toLowerCase(), body, query);
    const created = reply.body[entity] as Json | undefined;
    if (reply.status !== 200 || !created)
      throw new QboFault(entity, reply.status, reply.body, JSON.stringify(body));
    return created;
  }

  async read(entity: string, id: string): Promise<Json> {
    const reply = await this.call('GET', `${entity.toLowerCase()}/${id}`);
    return reply.body[entity] as Json;
  }

  async query<T = Json>(entity: string, where = ''): Promise<T[]> {
    const reply = await this.call('GET', 'query', undefined, {
      query: `select * from ${entity} ${where} maxresults 1000`,
    });
    const rows = (reply.body['QueryResponse'] as Json | undefined)?.[entity];
    return (rows ?? []) as T[];
  }
}

class QboFault extends Error {
  readonly code: string | undefined;
  constructor(entity: string, status: number, body: Json, request: string) {
    const error = ((body['Fault'] as Json | undefined)?.['Error'] as Json[] | undefined)?.[0];
    super(`${entity} create failed (${status}): ${JSON.stringify(body)}\nrequest: ${request}`);
    this.code = error?.['code'] as string | undefined;
  }
}

async function control(base: string, method: string, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${base}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as Json;
}

/** A company through the OAuth code flow: authorize (no redirect follow) → code → bearer token. */
async function connect(base: string, realm: Json): Promise<Company> {
  const { realmId } = (await control(base, 'POST', '/realms', realm)) as { realmId: string };
  const authorize = new URL(`${base}/connect/oauth2`);
  authorize.search = new URLSearchParams({
    client_id: CLIENT.id,
    redirect_uri: CLIENT.redirect,
    response_type: 'code',
    scope: 'com.intuit.quickbooks.accounting',
    state: 'mapping',
    realmId,
  }).toString();
  const redirect = await fetch(authorize, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const tokenRes = await fetch(`${base}/oauth2/v1/tokens/bearer`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: CLIENT.redirect }),
  });
  expect(tokenRes.status).toBe(200);
  const tokens = (await tokenRes.json()) as { access_token: string };
  return new Company(base, realmId, tokens.access_token);
}

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
type Synced = {
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

function ratesOf(dataset: BproDataset, taxId: string | null): string[] {
  return taxId === null ? [] : dataset.taxRates.filter((r) => r.taxId === taxId).map((r) => r.rate);
}

async function syncReferenceData(
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

async function ensureCustomer(s: Synced, dataset: BproDataset, customerId: string): Promise<string> {
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
function sampleOrders(dataset: BproDataset, count: number) {
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

describe('mappers against the QBO emulator', () => {
  let emulator: QboEmulator;
  let base: string;
  const dataset = generateBproDataset({
    tenantId: 'tenant-mapping',
    seed: 'mapping-acceptance',
    size: 'small',
  });

  beforeAll(async () => {
    emulator = createQboEmulator();
    base = (await emulator.listen(0)).url;
    await control(base, 'POST', '/clients', {
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      redirectUris: [CLIENT.redirect],
    });
    await control(base, 'PUT', '/limits', { enabled: false });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('pushes a small tenant: reference data, customers, invoices, payments and refunds', async () => {
    const company = await connect(base, { companyName: 'Mapping Co' });
    // A vendor already uses one customer's name: that customer must get the disambiguated name.
    const clash = dataset.customers.find((c) => c.parentId === null && c.isActive);
    if (!clash) throw new Error('no customer');
    await company.create('Vendor', { DisplayName: customerBody(clash).DisplayName });

    const s = await syncReferenceData(company, dataset, false);
    expect(s.items.size).toBe(dataset.products.length);
    // No two BPro products or categories share a QBO item; categories never link to a seed item
    // of another kind ("Services").
    expect(new Set(s.items.values()).size).toBe(dataset.products.length);
    const qboCategories = await company.query('Item', "where Type = 'Category'");
    expect(qboCategories.length).toBe(1 + dataset.productCategories.length);
    expect(s.taxCodes.size).toBe(dataset.taxes.length);
    const clashId = await ensureCustomer(s, dataset, clash.id);
    expect((await company.read('Customer', clashId))['DisplayName']).toBe(
      disambiguatedName(clash.displayName, clash.id, QBO_LIMITS.displayName),
    );
    // Every customer, then every job.
    for (const row of dataset.customers) await ensureCustomer(s, dataset, row.id);
    expect(s.customers.size).toBe(dataset.customers.length);
    expect(new Set(s.customers.values()).size).toBe(dataset.customers.length);
    // "Acme Rentals" / "ACME Rentals" / "Acme  Rentals" and their like were renamed, not merged.
    expect(s.renamed.length).toBeGreaterThan(1);

    // Payment methods: matched by exact name; the missing ones give an actionable message.
    const qboMethods = await company.query<{ Id: string; Name: string }>('PaymentMethod');
    const methods = new Map<string, string>();
    const missing: string[] = [];
    for (const pm of dataset.paymentMethods) {
      const match = matchPaymentMethod(pm, qboMethods);
      if (match.ok) methods.set(pm.id, match.ref.value);
      else {
        expect(match.message).toContain(`named exactly "${pm.name}"`);
        missing.push(pm.name);
        // The user follows the message; the retry then matches.
        const created = await company.create('PaymentMethod', { Name: pm.name });
        const retry = matchPaymentMethod(pm, [...qboMethods, { Id: String(created['Id']), Name: pm.name }]);
        expect(retry.ok).toBe(true);
        if (retry.ok) methods.set(pm.id, retry.ref.value);
      }
    }
    expect(missing).toEqual(expect.arrayContaining(['Debit', 'Account']));

    // Invoices.
    const sample = sampleOrders(dataset, 30);
    expect(sample.length).toBe(30);
    const invoices = new Map<string, string>();
    let perRateDifferences = 0;
    for (const { order, lines } of sample) {
      const customerQboId = await ensureCustomer(s, dataset, order.customerId);
      const context = {
        customerQboId,
        itemQboIds: s.items,
        taxCodeQboId: order.taxId === null ? null : (s.taxCodes.get(order.taxId) ?? null),
        taxRates: ratesOf(dataset, order.taxId),
        termQboId: order.termId === null ? null : (s.terms.get(order.termId) ?? null),
        automatedSalesTax: false,
      };
      const created = await company.create('Invoice', invoiceBody(order, lines, context));
      const expected = expectedInvoiceTotals(lines, context, order);
      const total = parseMoney(String((created['TotalAmt'] as number).toFixed(2)));
      expect(total, `order ${order.number}`).toBe(expected.qboTotalCents);
      expect(Math.abs(total - expected.bproTotalCents)).toBeLessThanOrEqual(
        Math.max(0, context.taxRates.length - 1),
      );
      if (expected.differenceCents !== 0) {
        perRateDifferences++;
        expect(expected.warning).toContain(order.number);
      }
      expect(created['DocNumber']).toBe(order.number);
      invoices.set(order.id, String(created['Id']));
    }

    // Payments of those orders, applied up to the invoice's open balance.
    const sampled = new Set(sample.map((x) => x.order.id));
    const payments = dataset.payments.filter(
      (p) => p.status === 'posted' && p.orderId !== null && sampled.has(p.orderId),
    );
    expect(payments.length).toBeGreaterThan(5);
    for (const payment of payments) {
      const invoiceId = invoices.get(payment.orderId ?? '') ?? '';
      const invoice = await company.read('Invoice', invoiceId);
      const context = {
        customerQboId: await ensureCustomer(s, dataset, payment.customerId),
        paymentMethodQboId: methods.get(payment.paymentMethodId) ?? null,
        invoice: { qboId: invoiceId, openBalance: invoice['Balance'] as number },
      };
      const created = await company.create('Payment', paymentBody(payment, context));
      const application = paymentApplication(payment, context);
      expect(parseMoney(String((created['UnappliedAmt'] as number).toFixed(2)))).toBe(
        application.unappliedCents,
      );
      expect(created['DepositToAccountRef']).toBeDefined();
    }

    // Refunds from the Checking account, on the one refund item.
    const accounts = await company.query<AccountLike>('Account');
    const checking = accounts.find((a) => a.AccountType === 'Bank');
    const refundItem = await company.create(
      'Item',
      refundServiceItemBody(chooseRefundIncomeAccount(accounts, s.accounts.income) ?? ''),
    );
    expect(refundItem['Name']).toBe(REFUND_ITEM_NAME);
    const refunds = dataset.refunds.slice(0, 5);
    for (const refund of refunds) {
      const created = await company.create(
        'RefundReceipt',
        refundReceiptBody(refund, {
          customerQboId: await ensureCustomer(s, dataset, refund.customerId),
          refundAccountQboId: checking?.Id ?? '',
          refundItemQboId: String(refundItem['Id']),
          paymentMethodQboId: methods.get(refund.paymentMethodId) ?? null,
        }),
      );
      expect(parseMoney(String((created['TotalAmt'] as number).toFixed(2)))).toBe(parseMoney(refund.amount));
    }

    // Updates: an item's type never changes; an unchanged customer needs no update.
    const product = dataset.products.find((p) => p.kind !== 'service' && !p.trackInventory && p.isActive);
    if (!product) throw new Error('no non-inventory product');
    const itemId = s.items.get(product.id) ?? '';
    const item = await company.read('Item', itemId);
    const edited = productItemBody(
      { ...product, trackInventory: true, salePrice: '1.23', rentalPrice: '4.56' },
      { accounts: s.accounts },
    );
    const update = itemUpdateBody(item as Json & { Id: string; SyncToken: string }, edited);
    expect(update?.Type).toBe('NonInventory');
    const updated = await company.create('Item', update, { operation: 'update' });
    expect(updated['Type']).toBe('NonInventory');
    expect(updated['UnitPrice']).toBe(4.56);
    const customerRow = dataset.customers.find((c) => s.customers.get(c.id) === clashId);
    const customer = await company.read('Customer', clashId);
    expect(
      sparseUpdateBody(
        customer as Json & { Id: string; SyncToken: string },
        customerBody(customerRow ?? clash, { displayName: String(customer['DisplayName']) }),
      ),
    ).toBeUndefined();

    // The sample leans to multi-rate groups: several invoices show the predicted per-rate cent.
    expect(perRateDifferences).toBeGreaterThan(0);
  });

  it('on an automated-sales-tax company QBO takes BPro tax as given: totals equal BPro', async () => {
    const company = await connect(base, { companyName: 'Mapping AST Co', automatedSalesTax: true });
    const sample = sampleOrders(dataset, 12);
    const products = new Set(sample.flatMap((x) => x.lines.map((l) => l.productId ?? '')));
    const s = await syncReferenceData(company, dataset, true, products);
    for (const { order, lines } of sample) {
      const context = {
        customerQboId: await ensureCustomer(s, dataset, order.customerId),
        itemQboIds: s.items,
        taxRates: ratesOf(dataset, order.taxId),
        automatedSalesTax: true,
      };
      const body = invoiceBody(order, lines, context);
      expect(body.TxnTaxDetail?.TxnTaxCodeRef).toBeUndefined();
      const created = await company.create('Invoice', body);
      const expected = expectedInvoiceTotals(lines, context);
      expect(expected.differenceCents).toBe(0);
      expect(parseMoney(String((created['TotalAmt'] as number).toFixed(2)))).toBe(expected.bproTotalCents);
    }
  });
});
