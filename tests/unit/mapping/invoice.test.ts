import { describe, expect, it } from 'vitest';
import { lineAmountCents, orderTotals, Random } from '../../../db/bpro-generator';
import { amountMatches } from '../../../qbo-emulator/tax';
import {
  docNumberFor,
  expectedInvoiceTotals,
  invoiceBody,
  invoiceLineBody,
  MappingError,
  QBO_LIMITS,
  type InvoiceBody,
  type InvoiceContext,
  type InvoiceTotals,
  type OrderInput,
  type OrderLineInput,
} from '../../../activities/mapping';
import { loadFixture, orUndefined } from './fixtures';

type Case = {
  name: string;
  order: OrderInput;
  lines: OrderLineInput[];
  context: InvoiceContext;
  expected: InvoiceBody;
  totals: Omit<InvoiceTotals, 'warning'> & { warning: string | null };
};
const cases = loadFixture<Case[]>('invoices');

describe('invoiceBody (golden fixtures)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const body = invoiceBody(c.order, c.lines, c.context);
    expect(body).toEqual(c.expected);
    // Every line passes the emulator's own 6070 check.
    for (const line of body.Line) {
      const { Qty, UnitPrice } = line.SalesItemLineDetail;
      expect(amountMatches(line.Amount, Qty, UnitPrice ?? Number.NaN)).toBe(true);
    }
    expect((body.DocNumber ?? '').length).toBeLessThanOrEqual(QBO_LIMITS.docNumber);
  });

  it.each(cases.map((c) => [c.name, c] as const))('expected totals: %s', (_name, c) => {
    expect(expectedInvoiceTotals(c.lines, c.context, c.order)).toEqual({
      ...c.totals,
      warning: orUndefined(c.totals.warning),
    });
  });
});

describe('Amount = Qty × UnitPrice with decimal quantities', () => {
  it.each([
    ['2.5000', '19.99', 49.98],
    ['0.3333', '3.00', 1],
    ['1.1250', '10.01', 11.26],
    ['0.0050', '1.00', 0.01],
    ['7.7500', '0.01', 0.08],
    ['1234.5678', '9999.99', 12345665.65],
  ])('%s × %s = %s', (quantity, unitPrice, amount) => {
    const line = invoiceLineBody(
      { id: 'l', lineNo: 1, productId: 'p', description: null, quantity, unitPrice, taxable: true },
      '1',
      'TAX',
    );
    expect(line.Amount).toBe(amount);
    expect(line.SalesItemLineDetail.UnitPrice).toBe(Number(unitPrice));
    expect(amountMatches(line.Amount, line.SalesItemLineDetail.Qty, Number(unitPrice))).toBe(true);
  });

  it('10 000 random BPro lines: QBO accepts each and the subtotal is BPro’s to the cent', () => {
    const rng = new Random('mapping-lines');
    const lines: OrderLineInput[] = [];
    for (let i = 0; i < 10_000; i++) {
      const quantity = (rng.int(1, 2_000_000) / 10_000).toFixed(4);
      const unitPrice = (rng.int(1, 500_000) / 100).toFixed(2);
      lines.push({
        id: `l${i}`,
        lineNo: i,
        productId: 'p',
        description: null,
        quantity,
        unitPrice,
        taxable: true,
      });
    }
    let sum = 0;
    for (const line of lines) {
      const body = invoiceLineBody(line, '1', 'TAX');
      expect(body.SalesItemLineDetail.UnitPrice).toBeDefined();
      expect(amountMatches(body.Amount, body.SalesItemLineDetail.Qty, Number(line.unitPrice))).toBe(true);
      expect(Math.round(body.Amount * 100)).toBe(lineAmountCents(line.quantity, line.unitPrice));
      sum += Math.round(body.Amount * 100);
    }
    expect(sum).toBe(orderTotals(lines, []).subtotalCents);
  });
});

describe('docNumberFor', () => {
  it('keeps numbers up to 21 characters', () => {
    expect(docNumberFor('1001')).toBe('1001');
    expect(docNumberFor('ORDER-2026-0000012345')).toBe('ORDER-2026-0000012345');
  });
  it('shortens longer ones deterministically and keeps them distinct', () => {
    const a = docNumberFor('WEB-2026-SPRINGFIELD-000123');
    const b = docNumberFor('WEB-2026-SPRINGFIELD-000124');
    expect(a).toBe('wtt4ek~NGFIELD-000123');
    expect(b).toBe('iv175i~NGFIELD-000124');
    expect(a.length).toBe(21);
    expect(docNumberFor('WEB-2026-SPRINGFIELD-000123')).toBe(a);
  });
});

describe('errors', () => {
  const base = cases[0];
  if (!base) throw new Error('no fixture');
  it('a product not yet in QBO is a missing dependency', () => {
    expect(() => invoiceBody(base.order, base.lines, { ...base.context, itemQboIds: {} })).toThrow(
      MappingError,
    );
  });
  it('a taxed order on a non-automated company needs its tax code', () => {
    expect(() => invoiceBody(base.order, base.lines, { ...base.context, taxCodeQboId: null })).toThrow(
      /needs its tax/,
    );
  });
  it('an order without lines cannot be an invoice', () => {
    expect(() => invoiceBody(base.order, [], base.context)).toThrow(/no lines/);
  });
  it('a line without product needs the fallback item', () => {
    const line = { ...base.lines[0], productId: null } as OrderLineInput;
    expect(() => invoiceBody(base.order, [line], base.context)).toThrow(/no product/);
  });
});

describe('DocNumber left to QBO', () => {
  it('docNumber: null sends none', () => {
    const c = cases[0];
    if (!c) throw new Error('no fixture');
    expect(invoiceBody(c.order, c.lines, { ...c.context, docNumber: null })).not.toHaveProperty('DocNumber');
  });
});
