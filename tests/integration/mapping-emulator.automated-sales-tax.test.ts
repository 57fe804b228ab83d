// Acceptance of the pure mappers, part 2: on a QBO company with automated sales tax, invoices of a
// generated `small` BPro tenant pushed straight into the in-process QBO emulator over HTTP carry
// BPro's tax as given, so every QBO total equals BPro's. No database or Temporal involved; the
// full push is in mapping-emulator.small-tenant, the shared helpers in ./support/mapping-*.ts.
import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../db/bpro-generator';
import { expectedInvoiceTotals, invoiceBody } from '../../activities/mapping';
import { connect } from './support/mapping-company';
import { base, dataset, useMappingEmulator } from './support/mapping-emulator';
import { ensureCustomer, ratesOf, sampleOrders, syncReferenceData } from './support/mapping-sync';

describe('mappers against the QBO emulator', () => {
  useMappingEmulator();

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
