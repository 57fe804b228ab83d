// BPro rows for the sync-records tests, written the way the BPro app writes them, into the
// tenant of record-sync-tenant; and the dataset's records the tests build on.
import { customers, orderLines, orders, payments } from '../../../db/schema';
import { database, h } from './record-sync-tenant';

let serial = 0;
/** A fresh BPro id (the tenant is shared by every test of the file). */
export const newId = (prefix: string) => `${prefix}-${++serial}`;

export async function insertCustomer(
  values: Partial<typeof customers.$inferInsert> & { displayName: string },
) {
  const id = values.id ?? newId('hk-cus');
  await database.db.insert(customers).values({ tenantId: h.tenantId, ...values, id });
  return id;
}

export type Line = { productId: string; quantity: string; unitPrice: string; taxable?: boolean };
export async function insertOrder(
  values: Partial<typeof orders.$inferInsert> & { customerId: string; orderDate: string },
  lines: Line[],
) {
  const id = values.id ?? newId('hk-ord');
  await database.db.insert(orders).values({
    tenantId: h.tenantId,
    number: `H-${id.replace(/\D/g, '')}`,
    status: 'completed',
    completedAt: new Date(),
    ...values,
    id,
  });
  await database.db.insert(orderLines).values(
    lines.map((l, i) => ({
      tenantId: h.tenantId,
      id: `${id}-l${i + 1}`,
      orderId: id,
      lineNo: i + 1,
      productId: l.productId,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      taxable: l.taxable ?? true,
    })),
  );
  return id;
}

export async function insertPayment(
  values: Partial<typeof payments.$inferInsert> & {
    customerId: string;
    paymentMethodId: string;
    amount: string;
    receivedOn: string;
  },
) {
  const id = values.id ?? newId('hk-pay');
  await database.db.insert(payments).values({ tenantId: h.tenantId, ...values, id });
  return id;
}

export const methodId = (name: string) => {
  const method = h.dataset.paymentMethods.find((m) => m.name === name);
  if (!method) throw new Error(`no payment method ${name}`);
  return method.id;
};

/** Two active products of the dataset that the initial sync put in QuickBooks. */
export const productA = 'prd-00008';
export const productB = 'prd-00007';
