// Acceptance of the pure mappers, part 1: a generated `small` BPro tenant mapped and pushed straight
// into the in-process QBO emulator over HTTP, in dependency order. Every create must succeed, and
// every invoice's QBO total must equal BPro's or differ by exactly the per-rate rounding predicted
// by expectedInvoiceTotals. No database or Temporal involved; the automated-sales-tax company is
// in mapping-emulator.automated-sales-tax, the shared helpers in ./support/mapping-*.ts.
import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../db/bpro-generator';
import {
  chooseRefundIncomeAccount,
  customerBody,
  disambiguatedName,
  expectedInvoiceTotals,
  invoiceBody,
  itemUpdateBody,
  matchPaymentMethod,
  paymentApplication,
  paymentBody,
  productItemBody,
  refundReceiptBody,
  refundServiceItemBody,
  sparseUpdateBody,
  QBO_LIMITS,
  REFUND_ITEM_NAME,
  type AccountLike,
} from '../../activities/mapping';
import { connect, type Json } from './support/mapping-company';
import { base, dataset, useMappingEmulator } from './support/mapping-emulator';
import { ensureCustomer, ratesOf, sampleOrders, syncReferenceData } from './support/mapping-sync';

describe('mappers against the QBO emulator', () => {
  useMappingEmulator();

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
});
