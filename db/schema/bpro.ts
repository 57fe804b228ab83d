// Schema `bpro`: BPro's records as the BPro application stores them. The service only reads
// these; the data generator and the tests write them.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { bproKey, money, timestamps } from './columns';

export const bpro = pgSchema('bpro');

export const orderStatuses = ['open', 'completed', 'cancelled'] as const;
export const productKinds = ['rental', 'retail', 'service'] as const;
export const paymentStatuses = ['posted', 'voided'] as const;

export const customers = bpro.table(
  'customers',
  {
    ...bproKey,
    ...timestamps,
    /** null for a customer; the customer's id for a job (sub-customer). */
    parentId: text('parent_id'),
    displayName: text('display_name').notNull(),
    companyName: text('company_name'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    email: text('email'),
    phone: text('phone'),
    addressLine1: text('address_line1'),
    city: text('city'),
    region: text('region'),
    postalCode: text('postal_code'),
    country: text('country'),
    isActive: boolean('is_active').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.parentId],
      foreignColumns: [t.tenantId, t.id] as [AnyPgColumn, AnyPgColumn],
    }),
    index('customers_tenant_created_idx').on(t.tenantId, t.createdAt),
    index('customers_parent_idx').on(t.tenantId, t.parentId),
  ],
);

export const productCategories = bpro.table(
  'product_categories',
  {
    ...bproKey,
    ...timestamps,
    name: text('name').notNull(),
    parentId: text('parent_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.parentId],
      foreignColumns: [t.tenantId, t.id] as [AnyPgColumn, AnyPgColumn],
    }),
  ],
);

export const products = bpro.table(
  'products',
  {
    ...bproKey,
    ...timestamps,
    categoryId: text('category_id'),
    name: text('name').notNull(),
    description: text('description'),
    /** Becomes the QBO Sku. */
    productNumber: text('product_number'),
    kind: text('kind', { enum: productKinds }).notNull(),
    trackInventory: boolean('track_inventory').notNull().default(false),
    qtyOnHand: numeric('qty_on_hand', { precision: 12, scale: 4 }),
    cost: money('cost'),
    salePrice: money('sale_price'),
    rentalPrice: money('rental_price'),
    isActive: boolean('is_active').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.categoryId],
      foreignColumns: [productCategories.tenantId, productCategories.id],
    }),
    check('products_kind_check', sql`${t.kind} in ('rental', 'retail', 'service')`),
    index('products_category_idx').on(t.tenantId, t.categoryId),
  ],
);

export const paymentMethods = bpro.table(
  'payment_methods',
  {
    ...bproKey,
    ...timestamps,
    name: text('name').notNull(),
    isCreditCard: boolean('is_credit_card').notNull().default(false),
    isActive: boolean('is_active').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const terms = bpro.table(
  'terms',
  {
    ...bproKey,
    ...timestamps,
    name: text('name').notNull(),
    dueDays: integer('due_days').notNull(),
    isActive: boolean('is_active').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** A tax group: one or more rates applied together to an order. */
export const taxes = bpro.table(
  'taxes',
  {
    ...bproKey,
    ...timestamps,
    name: text('name').notNull(),
    isActive: boolean('is_active').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const taxRates = bpro.table(
  'tax_rates',
  {
    ...bproKey,
    ...timestamps,
    taxId: text('tax_id').notNull(),
    name: text('name').notNull(),
    /** Percent, e.g. 6.2500. */
    rate: numeric('rate', { precision: 7, scale: 4 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.taxId], foreignColumns: [taxes.tenantId, taxes.id] }),
  ],
);

export const orders = bpro.table(
  'orders',
  {
    ...bproKey,
    ...timestamps,
    /** A customer or a job. */
    customerId: text('customer_id').notNull(),
    number: text('number').notNull(),
    status: text('status', { enum: orderStatuses }).notNull(),
    orderDate: date('order_date', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }),
    termId: text('term_id'),
    taxId: text('tax_id'),
    memo: text('memo'),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.termId], foreignColumns: [terms.tenantId, terms.id] }),
    foreignKey({ columns: [t.tenantId, t.taxId], foreignColumns: [taxes.tenantId, taxes.id] }),
    check('orders_status_check', sql`${t.status} in ('open', 'completed', 'cancelled')`),
    index('orders_tenant_date_idx').on(t.tenantId, t.orderDate),
    index('orders_customer_idx').on(t.tenantId, t.customerId),
  ],
);

export const orderLines = bpro.table(
  'order_lines',
  {
    ...bproKey,
    ...timestamps,
    orderId: text('order_id').notNull(),
    lineNo: integer('line_no').notNull(),
    productId: text('product_id'),
    description: text('description'),
    quantity: numeric('quantity', { precision: 12, scale: 4 }).notNull(),
    unitPrice: money('unit_price').notNull(),
    taxable: boolean('taxable').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    index('order_lines_order_idx').on(t.tenantId, t.orderId, t.lineNo),
  ],
);

export const payments = bpro.table(
  'payments',
  {
    ...bproKey,
    ...timestamps,
    customerId: text('customer_id').notNull(),
    orderId: text('order_id'),
    paymentMethodId: text('payment_method_id').notNull(),
    amount: money('amount').notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    reference: text('reference'),
    status: text('status', { enum: paymentStatuses }).notNull().default('posted'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    foreignKey({
      columns: [t.tenantId, t.paymentMethodId],
      foreignColumns: [paymentMethods.tenantId, paymentMethods.id],
    }),
    check('payments_status_check', sql`${t.status} in ('posted', 'voided')`),
    index('payments_tenant_date_idx').on(t.tenantId, t.receivedOn),
    index('payments_order_idx').on(t.tenantId, t.orderId),
    index('payments_customer_idx').on(t.tenantId, t.customerId),
  ],
);

export const refunds = bpro.table(
  'refunds',
  {
    ...bproKey,
    ...timestamps,
    customerId: text('customer_id').notNull(),
    orderId: text('order_id'),
    paymentId: text('payment_id'),
    paymentMethodId: text('payment_method_id').notNull(),
    amount: money('amount').notNull(),
    refundedOn: date('refunded_on', { mode: 'string' }).notNull(),
    reason: text('reason'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    foreignKey({ columns: [t.tenantId, t.paymentId], foreignColumns: [payments.tenantId, payments.id] }),
    foreignKey({
      columns: [t.tenantId, t.paymentMethodId],
      foreignColumns: [paymentMethods.tenantId, paymentMethods.id],
    }),
    index('refunds_tenant_date_idx').on(t.tenantId, t.refundedOn),
    index('refunds_order_idx').on(t.tenantId, t.orderId),
    index('refunds_payment_idx').on(t.tenantId, t.paymentId),
    index('refunds_customer_idx').on(t.tenantId, t.customerId),
  ],
);
