// The BPro dataset: every bpro table's rows for one tenant, a pure function of
// (tenantId, seed, sizes, today). Rows are shaped exactly like the drizzle insert types, with every
// column present, and listed in an order that satisfies the foreign keys (parents first).
import type {
  customers,
  orderLines,
  orders,
  paymentMethods,
  payments,
  productCategories,
  products,
  refunds,
  taxes,
  taxRates,
  terms,
} from '../schema/bpro';
import { formatMoney, formatQuantity, orderTotals, parseMoney, type OrderTotals } from './money';
import {
  AWKWARD_CUSTOMERS,
  AWKWARD_PRODUCTS,
  CATEGORY_NAMES,
  CITIES,
  COMPANY_ROOTS,
  COMPANY_SUFFIXES,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  JOB_NAMES,
  LAST_NAMES,
  LINE_NOTES,
  ORDER_MEMOS,
  PRODUCT_WORDS,
  REFUND_REASONS,
  STREETS,
  asciiSlug,
} from './names';
import { Random } from './random';

export type CategoryRow = Required<typeof productCategories.$inferInsert>;
export type ProductRow = Required<typeof products.$inferInsert>;
export type PaymentMethodRow = Required<typeof paymentMethods.$inferInsert>;
export type TermRow = Required<typeof terms.$inferInsert>;
export type TaxRow = Required<typeof taxes.$inferInsert>;
export type TaxRateRow = Required<typeof taxRates.$inferInsert>;
export type CustomerRow = Required<typeof customers.$inferInsert>;
export type OrderRow = Required<typeof orders.$inferInsert>;
export type OrderLineRow = Required<typeof orderLines.$inferInsert>;
export type PaymentRow = Required<typeof payments.$inferInsert>;
export type RefundRow = Required<typeof refunds.$inferInsert>;

/** How many of each record to generate. Payment methods (8), terms and tax groups are fixed lists. */
export type BproSizes = {
  categories: number;
  products: number;
  /** Top-level customers. */
  customers: number;
  /** Jobs (sub-customers), on top of `customers`. */
  jobs: number;
  orders: number;
  payments: number;
  refunds: number;
};

export const sizePresets = {
  tiny: { categories: 6, products: 16, customers: 16, jobs: 4, orders: 24, payments: 24, refunds: 3 },
  small: { categories: 15, products: 60, customers: 80, jobs: 20, orders: 150, payments: 150, refunds: 15 },
  demo: { categories: 25, products: 150, customers: 300, jobs: 80, orders: 800, payments: 800, refunds: 40 },
  bench: {
    categories: 50,
    products: 500,
    customers: 2000,
    jobs: 500,
    orders: 5000,
    payments: 5000,
    refunds: 200,
  },
} as const satisfies Record<string, BproSizes>;

export type SizePresetName = keyof typeof sizePresets;
export const sizePresetNames = Object.keys(sizePresets) as SizePresetName[];

/** A preset with per-entity overrides. */
export function resolveSizes(preset: SizePresetName, overrides: Partial<BproSizes> = {}): BproSizes {
  const sizes: BproSizes = { ...sizePresets[preset] };
  for (const key of Object.keys(sizes) as (keyof BproSizes)[]) {
    const value = overrides[key];
    if (value !== undefined) sizes[key] = value;
  }
  return sizes;
}

/** The anchor date used when none is given: the same inputs always give the same dataset. */
export const DEFAULT_TODAY = '2026-09-30';
/** Orders, payments and refunds spread over this many days before `today` (about 18 months). */
export const HISTORY_DAYS = 548;

export type GenerateBproOptions = {
  tenantId: string;
  seed: string | number;
  /** A preset (default `small`). */
  size?: SizePresetName;
  /** A preset name, or per-entity counts overriding `size`'s. */
  sizes?: SizePresetName | Partial<BproSizes>;
  /** The anchor ("today"), ISO date. */
  today?: string;
};

export type BproDataset = {
  tenantId: string;
  seed: string;
  today: string;
  sizes: BproSizes;
  productCategories: CategoryRow[];
  products: ProductRow[];
  paymentMethods: PaymentMethodRow[];
  terms: TermRow[];
  taxes: TaxRow[];
  taxRates: TaxRateRow[];
  /** Top-level customers first, then jobs (so parents precede children). */
  customers: CustomerRow[];
  orders: OrderRow[];
  orderLines: OrderLineRow[];
  payments: PaymentRow[];
  refunds: RefundRow[];
};

export type BproTableName = Exclude<keyof BproDataset, 'tenantId' | 'seed' | 'today' | 'sizes'>;

/** Tables in insert (dependency) order. */
export const bproTableOrder: readonly BproTableName[] = [
  'productCategories',
  'products',
  'paymentMethods',
  'terms',
  'taxes',
  'taxRates',
  'customers',
  'orders',
  'orderLines',
  'payments',
  'refunds',
];

export function datasetCounts(dataset: BproDataset): Record<BproTableName, number> {
  return Object.fromEntries(bproTableOrder.map((table) => [table, dataset[table].length])) as Record<
    BproTableName,
    number
  >;
}

/** BPro's totals of every order (by order id), recomputed from its lines and tax group. */
export function datasetOrderTotals(dataset: BproDataset): Map<string, OrderTotals> {
  const ratesByTax = new Map<string, string[]>();
  for (const rate of dataset.taxRates) {
    ratesByTax.set(rate.taxId, [...(ratesByTax.get(rate.taxId) ?? []), rate.rate]);
  }
  const linesByOrder = new Map<string, OrderLineRow[]>();
  for (const line of dataset.orderLines) {
    const list = linesByOrder.get(line.orderId);
    if (list) list.push(line);
    else linesByOrder.set(line.orderId, [line]);
  }
  const totals = new Map<string, OrderTotals>();
  for (const order of dataset.orders) {
    const rates = order.taxId ? (ratesByTax.get(order.taxId) ?? []) : [];
    totals.set(order.id, orderTotals(linesByOrder.get(order.id) ?? [], rates));
  }
  return totals;
}

// ---------------------------------------------------------------------------------------------
// Dates: whole days since 1970-01-01 (UTC), timestamps as a day plus a minute of that day.

const DAY_MS = 86_400_000;

function parseDay(iso: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${iso}`);
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) {
    throw new RangeError(`not a valid date: ${iso}`);
  }
  return ms / DAY_MS;
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function at(day: number, minuteOfDay: number): Date {
  return new Date(day * DAY_MS + minuteOfDay * 60_000);
}

function dayOf(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function validateSizes(sizes: BproSizes): void {
  for (const [key, value] of Object.entries(sizes)) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`sizes.${key} must be a whole number ≥ 0`);
  }
  const need = (condition: boolean, message: string) => {
    if (!condition) throw new RangeError(message);
  };
  need(sizes.jobs === 0 || sizes.customers > 0, 'jobs need at least one customer');
  need(
    sizes.orders === 0 || (sizes.customers > 0 && sizes.products > 0),
    'orders need customers and products',
  );
  need(sizes.payments === 0 || sizes.customers > 0, 'payments need at least one customer');
  need(sizes.refunds === 0 || sizes.payments > 0, 'refunds need payments');
}

// ---------------------------------------------------------------------------------------------

export function generateBproDataset(options: GenerateBproOptions): BproDataset {
  const sizes =
    typeof options.sizes === 'string'
      ? resolveSizes(options.sizes)
      : resolveSizes(options.size ?? 'small', options.sizes ?? {});
  validateSizes(sizes);
  const today = options.today ?? DEFAULT_TODAY;
  const todayDay = parseDay(today);
  const root = new Random(String(options.seed));
  const tenantId = options.tenantId;
  const ctx: Context = {
    tenantId,
    today: todayDay,
    historyStart: todayDay - HISTORY_DAYS,
    customersStart: todayDay - HISTORY_DAYS - 180,
    setupDay: todayDay - HISTORY_DAYS - 200,
  };

  const productCategories = generateCategories(ctx, root.fork('categories'), sizes.categories);
  const products = generateProducts(ctx, root.fork('products'), sizes.products, productCategories);
  const reference = generateReferenceData(ctx);
  const customers = generateCustomers(ctx, root.fork('customers'), sizes.customers, sizes.jobs);
  const { orders, orderLines, totals } = generateOrders(
    ctx,
    root.fork('orders'),
    sizes.orders,
    customers,
    products,
    reference,
  );
  const payments = generatePayments(
    ctx,
    root.fork('payments'),
    sizes.payments,
    customers,
    orders,
    totals,
    reference.paymentMethods,
  );
  const refunds = generateRefunds(
    ctx,
    root.fork('refunds'),
    sizes.refunds,
    orders,
    payments,
    reference.paymentMethods,
  );

  return {
    tenantId,
    seed: String(options.seed),
    today,
    sizes,
    productCategories,
    products,
    paymentMethods: reference.paymentMethods,
    terms: reference.terms,
    taxes: reference.taxes,
    taxRates: reference.taxRates,
    customers,
    orders,
    orderLines,
    payments,
    refunds,
  };
}

type Context = {
  tenantId: string;
  today: number;
  /** First day of orders/payments/refunds. */
  historyStart: number;
  /** First day a customer can be created. */
  customersStart: number;
  /** The day the BPro system was set up (reference data). */
  setupDay: number;
};

/** A later edit, or none: updated_at ≥ created_at and never after today. */
function maybeEdited(ctx: Context, rng: Random, createdAt: Date, p: number): Date {
  if (!rng.chance(p)) return createdAt;
  const day = rng.int(dayOf(createdAt), ctx.today);
  const edited = at(day, rng.int(8 * 60, 20 * 60));
  return edited > createdAt ? edited : createdAt;
}

function uniqueName(taken: Set<string>, name: string, variants: readonly string[] = []): string {
  for (const candidate of [name, ...variants]) {
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
  for (let k = 2; ; k++) {
    const candidate = `${name} (${k})`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

// ---------------------------------------------------------------------------------------------

function generateCategories(ctx: Context, rng: Random, count: number): CategoryRow[] {
  const rows: CategoryRow[] = [];
  const depth: number[] = [];
  const siblingNames = new Map<string, Set<string>>();
  for (let i = 0; i < count; i++) {
    let parentIndex: number | null;
    if (i === 0) parentIndex = null;
    else if (i === 1 || i === 2)
      parentIndex = i - 1; // guarantees three levels
    else {
      const candidates = depth.flatMap((d, index) => (d < 3 ? [index] : []));
      parentIndex = rng.chance(0.22) || candidates.length === 0 ? null : rng.pick(candidates);
    }
    const level = parentIndex === null ? 0 : (depth[parentIndex] ?? 0) + 1;
    const parentId = parentIndex === null ? null : (rows[parentIndex]?.id ?? null);
    const siblings = siblingNames.get(parentId ?? '') ?? new Set<string>();
    siblingNames.set(parentId ?? '', siblings);
    const pool = CATEGORY_NAMES[level] ?? CATEGORY_NAMES[0] ?? [];
    const free = pool.filter((name) => !siblings.has(name));
    const name = uniqueName(siblings, free.length > 0 ? rng.pick(free) : rng.pick(pool));
    const createdAt = at(ctx.setupDay + rng.int(0, 20), rng.int(9 * 60, 17 * 60));
    rows.push({
      tenantId: ctx.tenantId,
      id: `cat-${pad(i + 1, 4)}`,
      createdAt,
      updatedAt: maybeEdited(ctx, rng, createdAt, 0.1),
      name,
      parentId,
    });
    depth.push(level);
  }
  return rows;
}

/** A price in cents: mostly round-looking, some with arbitrary cents. */
function price(rng: Random, minDollars: number, maxDollars: number): number {
  const dollars = rng.int(minDollars, maxDollars);
  const cents = rng.weighted<number>([
    [0, 4],
    [99, 2],
    [50, 1],
    [95, 1],
    [rng.int(1, 98), 3],
  ]);
  return Math.max(1, dollars * 100 + cents);
}

function generateProducts(ctx: Context, rng: Random, count: number, categories: CategoryRow[]): ProductRow[] {
  const awkwardAt = new Map<number, (typeof AWKWARD_PRODUCTS)[number]>();
  rng
    .sample(
      Array.from({ length: count }, (_, i) => i),
      AWKWARD_PRODUCTS.length,
    )
    .forEach((index, k) => {
      const awkward = AWKWARD_PRODUCTS[k];
      if (awkward) awkwardAt.set(index, awkward);
    });
  const names = new Set<string>(AWKWARD_PRODUCTS.map((p) => p.name));
  const rows: ProductRow[] = [];
  for (let i = 0; i < count; i++) {
    const awkward = awkwardAt.get(i);
    const kind =
      awkward?.kind ??
      rng.weighted<ProductRow['kind']>([
        ['rental', 5],
        ['retail', 3],
        ['service', 2],
      ]);
    let name: string;
    if (awkward) name = awkward.name;
    else {
      const [first = [], second = [], third = []] = PRODUCT_WORDS[kind];
      name = uniqueName(names, `${rng.pick(first)} ${rng.pick(second)}${rng.pick(third)}`.trim());
    }
    const description =
      awkward?.description ??
      (rng.chance(0.55) ? `${name.trim()}${rng.pick(['', ' — rental', ', per day', ' (each)'])}` : null);
    const trackInventory = kind !== 'service' && rng.chance(0.75);
    let qtyOnHand: string | null = null;
    if (trackInventory) {
      qtyOnHand =
        kind === 'retail' && rng.chance(0.35)
          ? formatQuantity(rng.int(1, 5_000_000))
          : formatQuantity(rng.int(0, 400) * 10_000);
    }
    let salePrice: number | null = null;
    let rentalPrice: number | null = null;
    let cost: number | null = null;
    if (kind === 'rental') {
      rentalPrice = rng.chance(0.7) ? price(rng, 1, 60) : price(rng, 60, 1500);
      if (rng.chance(0.3)) salePrice = rentalPrice * rng.int(4, 10);
      if (rng.chance(0.6)) cost = Math.round(rentalPrice * (rng.int(200, 600) / 100));
    } else if (kind === 'retail') {
      salePrice = price(rng, 0, 199);
      if (rng.chance(0.85)) cost = Math.max(1, Math.round((salePrice * rng.int(35, 75)) / 100));
    } else {
      salePrice = price(rng, 15, 250);
      if (rng.chance(0.2)) cost = Math.round((salePrice * rng.int(30, 60)) / 100);
    }
    const prefix = { rental: 'R', retail: 'S', service: 'SV' }[kind];
    const createdAt = at(ctx.setupDay + rng.int(1, 40), rng.int(9 * 60, 17 * 60));
    rows.push({
      tenantId: ctx.tenantId,
      id: `prd-${pad(i + 1, 5)}`,
      createdAt,
      updatedAt: maybeEdited(ctx, rng, createdAt, 0.3),
      categoryId: categories.length > 0 && rng.chance(0.9) ? rng.pick(categories).id : null,
      name,
      description,
      productNumber: rng.chance(0.06) ? null : `${prefix}-${pad(i + 1, 4)}`,
      kind,
      trackInventory,
      qtyOnHand,
      cost: cost === null ? null : formatMoney(cost),
      salePrice: salePrice === null ? null : formatMoney(salePrice),
      rentalPrice: rentalPrice === null ? null : formatMoney(rentalPrice),
      isActive: rng.chance(0.92),
    });
  }
  // Product numbers (QBO Skus) that differ only in case: one pair per ~40 products, at least one.
  const numbered = rows.filter((row) => row.productNumber !== null);
  const pairs = numbered.length >= 2 ? Math.max(1, Math.floor(count / 40)) : 0;
  const chosen = rng.sample(numbered, pairs * 2);
  for (let k = 0; k + 1 < chosen.length; k += 2) {
    const source = chosen[k];
    const target = chosen[k + 1];
    if (source?.productNumber && target) target.productNumber = source.productNumber.toLowerCase();
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------

export const DEFAULT_PAYMENT_METHODS: readonly (readonly [name: string, isCreditCard: boolean])[] = [
  ['Cash', false],
  ['Check', false],
  ['Debit', false],
  ['Visa', true],
  ['MasterCard', true],
  ['Amex', true],
  ['Discover', true],
  ['Account', false],
];

const TERMS: readonly (readonly [name: string, dueDays: number, active: boolean])[] = [
  ['Due on receipt', 0, true],
  ['Net 15', 15, true],
  ['Net 30', 30, true],
  ['Net 60', 60, true],
  ['Net 45', 45, false],
];

/** Tax groups of 1–3 rates. Several rates make BPro's single rounding differ from QuickBooks'. */
const TAX_GROUPS: readonly {
  name: string;
  active: boolean;
  rates: readonly (readonly [name: string, rate: string])[];
}[] = [
  { name: 'State', active: true, rates: [['IL State', '6.2500']] },
  {
    name: 'Sangamon County',
    active: true,
    rates: [
      ['IL State', '6.2500'],
      ['Sangamon County', '1.5000'],
    ],
  },
  {
    name: 'City of Springfield',
    active: true,
    rates: [
      ['IL State', '6.2500'],
      ['Sangamon County', '1.5000'],
      ['Springfield City', '0.7500'],
    ],
  },
  {
    name: 'Lake County & Waukegan',
    active: true,
    rates: [
      ['IL State', '6.2500'],
      ['Lake County: RTA', '1.0000'],
      ['Waukegan Home Rule', '1.2500'],
    ],
  },
  {
    name: 'Québec TPS/TVQ',
    active: true,
    rates: [
      ['TPS (GST)', '5.0000'],
      ['TVQ (QST)', '9.9750'],
    ],
  },
  { name: 'Old State Rate', active: false, rates: [['IL State (2019)', '6.0000']] },
];

type ReferenceData = {
  paymentMethods: PaymentMethodRow[];
  terms: TermRow[];
  taxes: TaxRow[];
  taxRates: TaxRateRow[];
};

function generateReferenceData(ctx: Context): ReferenceData {
  const stamp = (k: number) => at(ctx.setupDay, 9 * 60 + k);
  const paymentMethods = DEFAULT_PAYMENT_METHODS.map(([name, isCreditCard], i): PaymentMethodRow => ({
    tenantId: ctx.tenantId,
    id: `pm-${pad(i + 1, 2)}`,
    createdAt: stamp(i),
    updatedAt: stamp(i),
    name,
    isCreditCard,
    isActive: true,
  }));
  const terms = TERMS.map(([name, dueDays, isActive], i): TermRow => ({
    tenantId: ctx.tenantId,
    id: `term-${pad(i + 1, 2)}`,
    createdAt: stamp(10 + i),
    updatedAt: stamp(isActive ? 10 + i : 600),
    name,
    dueDays,
    isActive,
  }));
  const taxes: TaxRow[] = [];
  const taxRates: TaxRateRow[] = [];
  TAX_GROUPS.forEach((group, i) => {
    const id = `tax-${pad(i + 1, 2)}`;
    taxes.push({
      tenantId: ctx.tenantId,
      id,
      createdAt: stamp(20 + i),
      updatedAt: stamp(group.active ? 20 + i : 600),
      name: group.name,
      isActive: group.active,
    });
    group.rates.forEach(([name, rate]) => {
      taxRates.push({
        tenantId: ctx.tenantId,
        id: `txr-${pad(taxRates.length + 1, 3)}`,
        createdAt: stamp(20 + i),
        updatedAt: stamp(20 + i),
        taxId: id,
        name,
        rate,
      });
    });
  });
  return { paymentMethods, terms, taxes, taxRates };
}

// ---------------------------------------------------------------------------------------------

function sortedDays(rng: Random, count: number, from: number, to: number): number[] {
  return Array.from({ length: count }, () => rng.int(from, to)).sort((a, b) => a - b);
}

function phone(rng: Random): string {
  return `(${rng.int(201, 989)}) 555-${pad(rng.int(0, 9999), 4)}`;
}

function address(rng: Random) {
  const [city, region, postalPrefix, country] = rng.pick(CITIES);
  const postalCode =
    country === 'CA'
      ? `${postalPrefix} ${rng.int(0, 9)}${rng.pick(['A', 'B', 'C', 'E', 'H', 'J'])}${rng.int(0, 9)}`
      : `${postalPrefix}${pad(rng.int(1, 99), 2)}`;
  return { addressLine1: `${rng.int(1, 9999)} ${rng.pick(STREETS)}`, city, region, postalCode, country };
}

function generateCustomers(ctx: Context, rng: Random, count: number, jobCount: number): CustomerRow[] {
  const awkwardAt = new Map<number, (typeof AWKWARD_CUSTOMERS)[number]>();
  rng
    .sample(
      Array.from({ length: count }, (_, i) => i),
      AWKWARD_CUSTOMERS.length,
    )
    .forEach((index, k) => {
      const awkward = AWKWARD_CUSTOMERS[k];
      if (awkward) awkwardAt.set(index, awkward);
    });
  const taken = new Set<string>(
    AWKWARD_CUSTOMERS.map((c) => (c.kind === 'company' ? c.companyName : `${c.firstName} ${c.lastName}`)),
  );
  const days = sortedDays(rng, count, ctx.customersStart, ctx.today - 7);
  if (days.length > 0) days[0] = ctx.customersStart; // someone exists before the first order
  const rows: CustomerRow[] = [];
  for (let i = 0; i < count; i++) {
    const awkward = awkwardAt.get(i);
    const isCompany = awkward ? awkward.kind === 'company' : rng.chance(0.45);
    let companyName: string | null = null;
    let firstName: string | null = null;
    let lastName: string | null = null;
    let displayName: string;
    if (awkward?.kind === 'company') {
      companyName = awkward.companyName;
      firstName = awkward.firstName ?? null;
      lastName = awkward.lastName ?? null;
      displayName = companyName;
    } else if (awkward?.kind === 'person') {
      firstName = awkward.firstName;
      lastName = awkward.lastName;
      displayName = `${firstName} ${lastName}`;
    } else if (isCompany) {
      const rootName = rng.pick(COMPANY_ROOTS);
      const suffix = rng.pick(COMPANY_SUFFIXES);
      const city = rng.pick(CITIES)[0];
      companyName = uniqueName(taken, `${rootName} ${suffix}`, [`${rootName} ${suffix} of ${city}`]);
      displayName = companyName;
      if (rng.chance(0.5)) {
        firstName = rng.pick(FIRST_NAMES);
        lastName = rng.pick(LAST_NAMES);
      }
    } else {
      firstName = rng.pick(FIRST_NAMES);
      lastName = rng.pick(LAST_NAMES);
      const initial = String.fromCharCode(65 + rng.int(0, 25));
      displayName = uniqueName(taken, `${firstName} ${lastName}`, [`${firstName} ${initial}. ${lastName}`]);
    }
    const createdAt = at(days[i] ?? ctx.customersStart, rng.int(8 * 60, 18 * 60));
    const emailLocal =
      firstName && lastName ? `${asciiSlug(firstName)}.${asciiSlug(lastName)}` : asciiSlug(displayName);
    const place = rng.chance(0.85) ? address(rng) : null;
    rows.push({
      tenantId: ctx.tenantId,
      id: `cus-${pad(i + 1, 5)}`,
      createdAt,
      updatedAt: maybeEdited(ctx, rng, createdAt, 0.25),
      parentId: null,
      displayName,
      companyName,
      firstName,
      lastName,
      email: rng.chance(0.8) ? `${emailLocal.slice(0, 40) || 'info'}@${rng.pick(EMAIL_DOMAINS)}` : null,
      phone: rng.chance(0.85) ? phone(rng) : null,
      addressLine1: place?.addressLine1 ?? null,
      city: place?.city ?? null,
      region: place?.region ?? null,
      postalCode: place?.postalCode ?? null,
      country: place?.country ?? null,
      isActive: rng.chance(0.93),
    });
  }
  const topLevel = [...rows];
  const activeParents = topLevel.filter((row) => row.isActive);
  for (let j = 0; j < jobCount; j++) {
    const parent = rng.chance(0.9) && activeParents.length > 0 ? rng.pick(activeParents) : rng.pick(topLevel);
    const parentDay = dayOf(parent.createdAt);
    const createdAt = at(
      rng.int(parentDay + 1, Math.max(parentDay + 1, ctx.today - 1)),
      rng.int(8 * 60, 18 * 60),
    );
    const year = new Date(createdAt).getUTCFullYear();
    const jobName = rng.pick(JOB_NAMES);
    const base = parent.companyName
      ? rng.chance(0.5)
        ? `${jobName} ${year}`
        : `${rng.int(1, 9999)} ${rng.pick(STREETS)}`
      : `${parent.lastName ?? parent.displayName.trim()} ${jobName}`;
    const displayName = uniqueName(taken, base, [
      `${base} ${year}`,
      `${base} (${parent.displayName.trim()})`,
    ]);
    const place = rng.chance(0.6) ? address(rng) : null;
    rows.push({
      tenantId: ctx.tenantId,
      id: `cus-${pad(count + j + 1, 5)}`,
      createdAt,
      updatedAt: maybeEdited(ctx, rng, createdAt, 0.2),
      parentId: parent.id,
      displayName,
      companyName: null,
      firstName: parent.firstName,
      lastName: parent.lastName,
      email: parent.email,
      phone: rng.chance(0.5) ? phone(rng) : parent.phone,
      addressLine1: place?.addressLine1 ?? parent.addressLine1,
      city: place?.city ?? parent.city,
      region: place?.region ?? parent.region,
      postalCode: place?.postalCode ?? parent.postalCode,
      country: place?.country ?? parent.country,
      isActive: parent.isActive && rng.chance(0.9),
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------

/** How many of the ascending `times` are ≤ `time` (binary search). */
function countCreatedBy(times: readonly number[], time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((times[mid] ?? Infinity) <= time) low = mid + 1;
    else high = mid;
  }
  return low;
}

type GeneratedOrders = { orders: OrderRow[]; orderLines: OrderLineRow[]; totals: Map<string, OrderTotals> };

function quantityFor(rng: Random, kind: ProductRow['kind']): string {
  if (kind === 'rental') {
    return rng.weighted<() => string>([
      [() => formatQuantity(rng.int(1, 10) * 10_000), 6],
      [() => formatQuantity(rng.int(10, 200) * 10_000), 2.5],
      [() => formatQuantity(rng.int(1, 8) * 10_000 + rng.pick([2500, 5000, 7500])), 1.5],
    ])();
  }
  if (kind === 'retail') {
    return rng.chance(0.8)
      ? formatQuantity(rng.int(1, 50) * 10_000)
      : formatQuantity(rng.int(5_000, 500_000));
  }
  return rng.weighted<() => string>([
    [() => formatQuantity(rng.int(1, 32) * 2_500), 7],
    [() => formatQuantity(rng.int(1, 9) * 3_333), 1],
    [() => formatQuantity(10_000), 2],
  ])();
}

function generateOrders(
  ctx: Context,
  rng: Random,
  count: number,
  customers: CustomerRow[],
  products: ProductRow[],
  reference: ReferenceData,
): GeneratedOrders {
  const parties = [...customers].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
  );
  const partyTimes = parties.map((p) => p.createdAt.getTime());
  const activeTerms = reference.terms.filter((t) => t.isActive);
  const ratesByTax = new Map<string, string[]>();
  for (const rate of reference.taxRates)
    ratesByTax.set(rate.taxId, [...(ratesByTax.get(rate.taxId) ?? []), rate.rate]);
  const activeTaxes = reference.taxes.filter((t) => t.isActive);
  const activeProducts = products.filter((p) => p.isActive);
  const days = sortedDays(rng, count, ctx.historyStart, ctx.today);
  const orders: OrderRow[] = [];
  const orderLines: OrderLineRow[] = [];
  const totals = new Map<string, OrderTotals>();

  for (let i = 0; i < count; i++) {
    const orderDay = days[i] ?? ctx.today;
    const createdAt = at(orderDay, rng.int(8 * 60, 11 * 60 + 59));
    // Parties created no later than the order (customers are sorted by creation).
    const eligible = countCreatedBy(partyTimes, createdAt.getTime());
    const party = parties[rng.int(0, Math.max(0, eligible - 1))] ?? parties[0];
    if (!party) throw new Error('orders need customers');

    const age = ctx.today - orderDay;
    const status = rng.weighted<OrderRow['status']>(
      age > 60
        ? [
            ['completed', 85],
            ['cancelled', 9],
            ['open', 6],
          ]
        : [
            ['open', 50],
            ['completed', 40],
            ['cancelled', 10],
          ],
    );
    const term =
      activeTerms.length > 0 && rng.chance(0.85)
        ? rng.weighted(activeTerms.map((t) => [t, t.dueDays === 30 ? 4 : 1] as const))
        : null;
    const tax =
      activeTaxes.length > 0 && rng.chance(0.85)
        ? rng.weighted(activeTaxes.map((t) => [t, (ratesByTax.get(t.id)?.length ?? 1) >= 2 ? 3 : 1] as const))
        : null;

    let completedAt: Date | null = null;
    let updatedAt = createdAt;
    if (status === 'completed') {
      const lead = rng.weighted<number>([
        [0, 3],
        [rng.int(1, 3), 3],
        [rng.int(4, 21), 4],
      ]);
      completedAt = at(Math.min(ctx.today, orderDay + lead), rng.int(12 * 60, 15 * 60 + 59));
      updatedAt = completedAt;
    } else if (status === 'cancelled') {
      updatedAt = at(Math.min(ctx.today, orderDay + rng.int(0, 30)), rng.int(12 * 60, 15 * 60 + 59));
    } else {
      updatedAt = maybeEdited(ctx, rng, createdAt, 0.4);
    }

    const id = `ord-${pad(i + 1, 6)}`;
    const lineCount = rng.weighted<number>([
      [1, 3],
      [2, 4],
      [3, 4],
      [4, 2],
      [5, 1],
      [6, 1],
    ]);
    const lines: OrderLineRow[] = [];
    for (let n = 1; n <= lineCount; n++) {
      const product =
        activeProducts.length > 0 && rng.chance(0.95) ? rng.pick(activeProducts) : rng.pick(products);
      const listPrice =
        product.kind === 'rental' ? (product.rentalPrice ?? product.salePrice) : product.salePrice;
      let unitCents = listPrice ? parseMoney(listPrice) : 1000;
      if (rng.chance(0.1)) unitCents = Math.max(1, Math.round(unitCents * 0.9)); // line discount
      const description = rng.weighted<string>([
        [product.name, 17],
        [product.description ?? product.name, 2],
        [rng.pick(LINE_NOTES), 1],
      ]);
      lines.push({
        tenantId: ctx.tenantId,
        id: `oln-${pad(orderLines.length + lines.length + 1, 7)}`,
        createdAt,
        updatedAt: createdAt,
        orderId: id,
        lineNo: n,
        productId: product.id,
        description,
        quantity: quantityFor(rng, product.kind),
        unitPrice: formatMoney(unitCents),
        taxable: product.kind === 'service' ? rng.chance(0.25) : rng.chance(0.93),
      });
    }
    orderLines.push(...lines);
    totals.set(id, orderTotals(lines, tax ? (ratesByTax.get(tax.id) ?? []) : []));
    orders.push({
      tenantId: ctx.tenantId,
      id,
      createdAt,
      updatedAt,
      customerId: party.id,
      number: String(1001 + i),
      status,
      orderDate: isoDay(orderDay),
      dueDate: term ? isoDay(orderDay + term.dueDays) : null,
      termId: term?.id ?? null,
      taxId: tax?.id ?? null,
      memo: rng.chance(0.3) ? rng.pick(ORDER_MEMOS) : null,
      completedAt,
    });
  }
  return { orders, orderLines, totals };
}

// ---------------------------------------------------------------------------------------------

type PlannedPayment = {
  customerId: string;
  orderId: string | null;
  amountCents: number;
  day: number;
  minute: number;
  status: PaymentRow['status'];
};

const METHOD_WEIGHTS: Record<string, number> = {
  Cash: 15,
  Check: 18,
  Debit: 10,
  Visa: 25,
  MasterCard: 15,
  Amex: 6,
  Discover: 3,
  Account: 8,
};

function reference(rng: Random, method: PaymentMethodRow): string | null {
  if (method.name === 'Check') return `Chk ${rng.int(100, 9999)}`;
  if (method.isCreditCard) return `${method.name} ****${pad(rng.int(0, 9999), 4)}`;
  if (method.name === 'Debit') return `Auth ${pad(rng.int(0, 999999), 6)}`;
  if (method.name === 'Account') return rng.chance(0.5) ? `PO ${rng.int(1000, 99999)}` : null;
  return null;
}

function planOrderPayments(ctx: Context, rng: Random, order: OrderRow, totalCents: number): PlannedPayment[] {
  const plans: PlannedPayment[] = [];
  const orderDay = parseDay(order.orderDate);
  const add = (amountCents: number, day: number, status: PaymentRow['status'] = 'posted') => {
    if (amountCents <= 0) return;
    plans.push({
      customerId: order.customerId,
      orderId: order.id,
      amountCents,
      day: Math.min(ctx.today, Math.max(orderDay, day)),
      minute: rng.int(16 * 60, 19 * 60 + 59),
      status,
    });
  };
  const deposit = (total: number) => {
    if (total < 2) return 0;
    if (total < 20_000) return Math.floor(total / 2);
    const fraction = rng.pick([0.25, 1 / 3, 0.5]);
    return Math.min(total - 1, Math.max(1, Math.round((total * fraction) / 100) * 100));
  };
  const partial = (remaining: number) =>
    remaining < 2
      ? 0
      : Math.min(
          remaining - 1,
          Math.max(1, rng.int(Math.round(remaining * 0.2), Math.round(remaining * 0.8))),
        );

  if (totalCents <= 0) return plans;
  if (order.status === 'completed' && order.completedAt) {
    const done = dayOf(order.completedAt);
    const dueDays = order.dueDate ? parseDay(order.dueDate) - orderDay : 0;
    const afterDone = () => rng.int(done, Math.min(ctx.today, done + Math.max(dueDays, 3)));
    const before = () => rng.int(orderDay, done - 1);
    const r = rng.next();
    if (done > orderDay && r < 0.3) {
      const d = deposit(totalCents);
      add(d, before());
      add(totalCents - d, afterDone());
    } else if (done > orderDay && r < 0.38) {
      const d = deposit(totalCents);
      const p = partial(totalCents - d);
      const second = afterDone();
      add(d, before());
      add(p, second);
      add(totalCents - d - p, rng.int(second, Math.min(ctx.today, second + 30)));
    } else if (done > orderDay && r < 0.45) {
      add(deposit(totalCents), before());
    } else if (r < 0.8) {
      add(totalCents, afterDone());
    } else if (r < 0.92) {
      add(partial(totalCents), afterDone());
    }
  } else if (order.status === 'open') {
    const r = rng.next();
    if (r < 0.4) add(deposit(totalCents), rng.int(orderDay, ctx.today));
    else if (r < 0.5) {
      const d = deposit(totalCents);
      const first = rng.int(orderDay, ctx.today);
      add(d, first);
      add(partial(totalCents - d), rng.int(first, ctx.today));
    }
  } else {
    const cancelled = dayOf(order.updatedAt);
    const r = rng.next();
    if (r < 0.12) add(deposit(totalCents), rng.int(orderDay, cancelled), 'voided');
    else if (r < 0.25) add(deposit(totalCents), rng.int(orderDay, cancelled));
  }
  // A declined-then-retaken card: a voided payment just before a posted one.
  const first = plans[0];
  if (first && first.status === 'posted' && rng.chance(0.05)) {
    plans.unshift({ ...first, minute: first.minute - 3, status: 'voided' });
  }
  return plans;
}

function generatePayments(
  ctx: Context,
  rng: Random,
  count: number,
  customers: CustomerRow[],
  orders: OrderRow[],
  totals: Map<string, OrderTotals>,
  methods: PaymentMethodRow[],
): PaymentRow[] {
  const onAccount = orders.length === 0 ? count : count >= 20 ? Math.round(count * 0.03) : count >= 5 ? 1 : 0;
  let planned = orders.flatMap((order) =>
    planOrderPayments(ctx, rng, order, totals.get(order.id)?.totalCents ?? 0),
  );
  const wanted = count - onAccount;
  if (planned.length > wanted) {
    // Dropping payments only lowers what is applied to an order: still never over-applied.
    const keep = new Set(rng.sample(Array.from(planned.keys()), wanted));
    planned = planned.filter((_, index) => keep.has(index));
  }
  let extraOnAccount = 0;
  while (planned.length < wanted) {
    // Split a posted payment in two on the same day (part by card, part by cash): same sum.
    const splittable = planned.flatMap((p, index) =>
      p.status === 'posted' && p.amountCents >= 2 ? [index] : [],
    );
    if (splittable.length === 0) {
      extraOnAccount = wanted - planned.length;
      break;
    }
    const source = planned[rng.pick(splittable)];
    if (!source) break;
    const part = rng.int(1, source.amountCents - 1);
    planned.push({ ...source, amountCents: source.amountCents - part, minute: source.minute + 1 });
    source.amountCents = part;
  }
  const topLevel = customers.filter((c) => c.parentId === null);
  for (let k = 0; k < onAccount + extraOnAccount; k++) {
    const day = rng.int(ctx.historyStart, ctx.today);
    const candidates = topLevel.filter((c) => dayOf(c.createdAt) < day);
    const customer = candidates.length > 0 ? rng.pick(candidates) : topLevel[0];
    if (!customer) break;
    planned.push({
      customerId: customer.id,
      orderId: null,
      amountCents: price(rng, 20, 2000),
      day,
      minute: rng.int(16 * 60, 19 * 60 + 59),
      status: 'posted',
    });
  }

  const methodFor = () => rng.weighted(methods.map((m) => [m, METHOD_WEIGHTS[m.name] ?? 1] as const));
  const chosen = planned.map(() => methodFor());
  // Some payments by each method.
  const used = new Map<string, number>();
  for (const m of chosen) used.set(m.id, (used.get(m.id) ?? 0) + 1);
  for (const method of methods) {
    if (used.has(method.id)) continue;
    const donors = chosen.flatMap((m, index) =>
      (used.get(m.id) ?? 0) > 1 && planned[index]?.status === 'posted' ? [index] : [],
    );
    if (donors.length === 0) break;
    const index = rng.pick(donors);
    const donor = chosen[index];
    if (!donor) continue;
    used.set(donor.id, (used.get(donor.id) ?? 0) - 1);
    used.set(method.id, 1);
    chosen[index] = method;
  }

  const order = planned
    .map((plan, index) => ({ plan, method: chosen[index] ?? methodFor() }))
    .sort((a, b) => a.plan.day - b.plan.day || a.plan.minute - b.plan.minute);
  return order.map(({ plan, method }, index): PaymentRow => {
    const createdAt = at(plan.day, plan.minute);
    return {
      tenantId: ctx.tenantId,
      id: `pay-${pad(index + 1, 6)}`,
      createdAt,
      updatedAt:
        plan.status === 'voided' ? new Date(createdAt.getTime() + rng.int(1, 240) * 60_000) : createdAt,
      customerId: plan.customerId,
      orderId: plan.orderId,
      paymentMethodId: method.id,
      amount: formatMoney(plan.amountCents),
      receivedOn: isoDay(plan.day),
      reference: reference(rng, method),
      status: plan.status,
    };
  });
}

// ---------------------------------------------------------------------------------------------

function generateRefunds(
  ctx: Context,
  rng: Random,
  count: number,
  orders: OrderRow[],
  payments: PaymentRow[],
  methods: PaymentMethodRow[],
): RefundRow[] {
  const statusOf = new Map(orders.map((o) => [o.id, o.status]));
  const eligible = payments.filter((p) => p.status === 'posted' && parseDay(p.receivedOn) < ctx.today);
  const onCancelled = eligible.filter((p) => p.orderId !== null && statusOf.get(p.orderId) === 'cancelled');
  const others = eligible.filter((p) => !(p.orderId !== null && statusOf.get(p.orderId) === 'cancelled'));
  // Refund cancelled orders' deposits first, but leave room for other kinds of refund.
  const fromCancelled = rng.shuffle(onCancelled).slice(0, Math.ceil(count / 2));
  const picked = [...fromCancelled, ...rng.shuffle(others)].slice(0, count);
  const cashLike = methods.filter((m) => m.name === 'Cash' || m.name === 'Check');
  const rows = picked.map((payment) => {
    const paid = parseMoney(payment.amount);
    const cancelled = payment.orderId !== null && statusOf.get(payment.orderId) === 'cancelled';
    const amount =
      cancelled || paid < 2 || rng.chance(0.4)
        ? paid
        : rng.int(Math.max(1, Math.round(paid * 0.1)), Math.round(paid * 0.5));
    const paidDay = parseDay(payment.receivedOn);
    const day = rng.int(paidDay + 1, Math.min(ctx.today, paidDay + 60));
    const methodId =
      rng.chance(0.85) || cashLike.length === 0 ? payment.paymentMethodId : rng.pick(cashLike).id;
    return {
      day,
      minute: rng.int(16 * 60, 19 * 60 + 59),
      row: {
        customerId: payment.customerId,
        orderId: payment.orderId,
        paymentId: payment.id,
        paymentMethodId: methodId,
        amount: formatMoney(amount),
        refundedOn: isoDay(day),
        reason: cancelled ? 'Order cancelled' : rng.chance(0.1) ? null : rng.pick(REFUND_REASONS.slice(1)),
      },
    };
  });
  rows.sort((a, b) => a.day - b.day || a.minute - b.minute || (a.row.paymentId < b.row.paymentId ? -1 : 1));
  return rows.map(({ day, minute, row }, index): RefundRow => {
    const createdAt = at(day, minute);
    return {
      tenantId: ctx.tenantId,
      id: `ref-${pad(index + 1, 6)}`,
      createdAt,
      updatedAt: createdAt,
      ...row,
    };
  });
}
