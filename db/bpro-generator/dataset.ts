// The dataset's shape: one array of rows per bpro table, the tables' insert order, and what is
// derived from a whole dataset (row counts, BPro's order totals).
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
import { orderTotals, type OrderTotals } from './money';
import type { BproSizes } from './sizes';

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
