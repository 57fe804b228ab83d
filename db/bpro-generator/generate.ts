// The BPro dataset: every bpro table's rows for one tenant, a pure function of
// (tenantId, seed, sizes, today). Rows are shaped exactly like the drizzle insert types, with every
// column present, and listed in an order that satisfies the foreign keys (parents first).
// Each table has its own generator with its own forked random stream, composed here.
import { generateCategories } from './categories';
import { DEFAULT_TODAY, historyContext } from './context';
import { generateCustomers } from './customers';
import type { BproDataset } from './dataset';
import { parseDay } from './days';
import { generateOrders } from './orders';
import { generatePayments } from './payments';
import { generateProducts } from './products';
import { Random } from './random';
import { CA_CITIES, CA_TAX_GROUPS } from './canada';
import { CITIES } from './names';
import { generateReferenceData, US_TAX_GROUPS } from './reference-data';
import { generateRefunds } from './refunds';
import { resolveSizes, validateSizes, type BproSizes, type SizePresetName } from './sizes';

export type GenerateBproOptions = {
  tenantId: string;
  seed: string | number;
  /** A preset (default `small`). */
  size?: SizePresetName;
  /** A preset name, or per-entity counts overriding `size`'s. */
  sizes?: SizePresetName | Partial<BproSizes>;
  /** The anchor ("today"), ISO date. */
  today?: string;
  /** `CA`: a Canadian tenant (GST/HST/PST tax groups, Canadian customers); default `US`. */
  country?: 'US' | 'CA';
};

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
  const ctx = historyContext(tenantId, todayDay);

  const productCategories = generateCategories(ctx, root.fork('categories'), sizes.categories);
  const products = generateProducts(ctx, root.fork('products'), sizes.products, productCategories);
  const canadian = options.country === 'CA';
  const reference = generateReferenceData(ctx, canadian ? CA_TAX_GROUPS : US_TAX_GROUPS);
  const customers = generateCustomers(
    ctx,
    root.fork('customers'),
    sizes.customers,
    sizes.jobs,
    canadian ? CA_CITIES : CITIES,
  );
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
