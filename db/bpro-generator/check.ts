// In-memory consistency check of a generated dataset: every reference resolves, dates are in
// order, payments never over-apply an order, refunds stay within their payment. Returns the
// problems found (empty when consistent). The integration test checks the same in SQL.
import type { BproDataset } from './dataset';
import { datasetOrderTotals } from './dataset';
import { parseMoney } from './money';

export function findBproDatasetProblems(dataset: BproDataset): string[] {
  const problems: string[] = [];
  const fail = (message: string) => {
    if (problems.length < 200) problems.push(message);
  };
  const index = <T extends { id: string; tenantId: string }>(table: string, rows: readonly T[]) => {
    const map = new Map<string, T>();
    for (const row of rows) {
      if (map.has(row.id)) fail(`${table} ${row.id}: duplicate id`);
      if (row.tenantId !== dataset.tenantId) fail(`${table} ${row.id}: wrong tenant ${row.tenantId}`);
      map.set(row.id, row);
    }
    return map;
  };
  const stamps = (table: string, row: { id: string; createdAt: Date; updatedAt: Date }) => {
    if (row.updatedAt < row.createdAt) fail(`${table} ${row.id}: updated before created`);
    if (row.createdAt.toISOString().slice(0, 10) > dataset.today)
      fail(`${table} ${row.id}: created after today`);
  };

  const categories = index('category', dataset.productCategories);
  const products = index('product', dataset.products);
  const methods = index('payment method', dataset.paymentMethods);
  const terms = index('term', dataset.terms);
  const taxes = index('tax', dataset.taxes);
  index('tax rate', dataset.taxRates);
  const customers = index('customer', dataset.customers);
  const orders = index('order', dataset.orders);
  index('order line', dataset.orderLines);
  const payments = index('payment', dataset.payments);
  index('refund', dataset.refunds);

  const seenCategories = new Set<string>();
  for (const category of dataset.productCategories) {
    if (category.parentId !== null && !seenCategories.has(category.parentId)) {
      fail(`category ${category.id}: parent ${category.parentId} missing or listed later`);
    }
    seenCategories.add(category.id);
    stamps('category', category);
  }
  for (const product of dataset.products) {
    if (product.categoryId !== null && !categories.has(product.categoryId)) {
      fail(`product ${product.id}: category ${product.categoryId} missing`);
    }
    if (product.kind === 'service' && product.trackInventory) fail(`product ${product.id}: tracked service`);
    if (product.trackInventory !== (product.qtyOnHand !== null))
      fail(`product ${product.id}: qty_on_hand vs tracking`);
    stamps('product', product);
  }
  for (const rate of dataset.taxRates) {
    if (!taxes.has(rate.taxId)) fail(`tax rate ${rate.id}: tax ${rate.taxId} missing`);
  }
  const seenCustomers = new Set<string>();
  for (const customer of dataset.customers) {
    if (customer.parentId !== null) {
      const parent = customers.get(customer.parentId);
      if (!parent || !seenCustomers.has(customer.parentId))
        fail(`customer ${customer.id}: parent missing or later`);
      else if (parent.parentId !== null) fail(`customer ${customer.id}: parent is itself a job`);
      else if (parent.createdAt > customer.createdAt)
        fail(`customer ${customer.id}: job created before its parent`);
    }
    seenCustomers.add(customer.id);
    stamps('customer', customer);
  }

  const lineCount = new Map<string, number>();
  for (const line of dataset.orderLines) {
    if (!orders.has(line.orderId)) fail(`order line ${line.id}: order ${line.orderId} missing`);
    if (line.productId !== null && !products.has(line.productId))
      fail(`order line ${line.id}: product missing`);
    lineCount.set(line.orderId, (lineCount.get(line.orderId) ?? 0) + 1);
  }
  for (const order of dataset.orders) {
    const customer = customers.get(order.customerId);
    if (!customer) fail(`order ${order.id}: customer ${order.customerId} missing`);
    else if (customer.createdAt > order.createdAt)
      fail(`order ${order.id}: customer created after the order`);
    if (order.termId !== null && !terms.has(order.termId)) fail(`order ${order.id}: term missing`);
    if (order.taxId !== null && !taxes.has(order.taxId)) fail(`order ${order.id}: tax missing`);
    if ((order.status === 'completed') !== (order.completedAt !== null))
      fail(`order ${order.id}: completed_at vs status`);
    if (order.completedAt && order.completedAt < order.createdAt)
      fail(`order ${order.id}: completed before created`);
    if (order.orderDate > dataset.today) fail(`order ${order.id}: dated after today`);
    if (order.dueDate !== null && order.dueDate < order.orderDate)
      fail(`order ${order.id}: due before dated`);
    if (!lineCount.get(order.id)) fail(`order ${order.id}: no lines`);
    stamps('order', order);
  }

  const totals = datasetOrderTotals(dataset);
  const applied = new Map<string, number>();
  for (const payment of dataset.payments) {
    const amount = parseMoney(payment.amount);
    if (amount <= 0) fail(`payment ${payment.id}: amount ${payment.amount}`);
    if (!customers.has(payment.customerId)) fail(`payment ${payment.id}: customer missing`);
    if (!methods.has(payment.paymentMethodId)) fail(`payment ${payment.id}: payment method missing`);
    if (payment.receivedOn > dataset.today) fail(`payment ${payment.id}: received after today`);
    if (payment.orderId !== null) {
      const order = orders.get(payment.orderId);
      if (!order) fail(`payment ${payment.id}: order ${payment.orderId} missing`);
      else {
        if (order.customerId !== payment.customerId)
          fail(`payment ${payment.id}: customer differs from its order's`);
        if (payment.receivedOn < order.orderDate) fail(`payment ${payment.id}: received before the order`);
      }
      if (payment.status === 'posted')
        applied.set(payment.orderId, (applied.get(payment.orderId) ?? 0) + amount);
    }
    stamps('payment', payment);
  }
  for (const [orderId, sum] of applied) {
    const total = totals.get(orderId)?.totalCents ?? 0;
    if (sum > total) fail(`order ${orderId}: payments ${sum} exceed total ${total} (cents)`);
  }

  const refunded = new Map<string, number>();
  for (const refund of dataset.refunds) {
    if (!customers.has(refund.customerId)) fail(`refund ${refund.id}: customer missing`);
    if (!methods.has(refund.paymentMethodId)) fail(`refund ${refund.id}: payment method missing`);
    if (refund.orderId !== null && !orders.has(refund.orderId)) fail(`refund ${refund.id}: order missing`);
    if (refund.paymentId !== null) {
      const payment = payments.get(refund.paymentId);
      if (!payment) fail(`refund ${refund.id}: payment missing`);
      else {
        if (payment.status !== 'posted') fail(`refund ${refund.id}: refunds a voided payment`);
        if (payment.orderId !== refund.orderId) fail(`refund ${refund.id}: order differs from its payment's`);
        if (payment.customerId !== refund.customerId)
          fail(`refund ${refund.id}: customer differs from its payment's`);
        if (refund.refundedOn <= payment.receivedOn) fail(`refund ${refund.id}: not after its payment`);
        const sum = (refunded.get(payment.id) ?? 0) + parseMoney(refund.amount);
        refunded.set(payment.id, sum);
        if (sum > parseMoney(payment.amount)) fail(`refund ${refund.id}: exceeds its payment`);
      }
    }
    if (parseMoney(refund.amount) <= 0) fail(`refund ${refund.id}: amount ${refund.amount}`);
    if (refund.refundedOn > dataset.today) fail(`refund ${refund.id}: after today`);
    stamps('refund', refund);
  }
  return problems;
}
