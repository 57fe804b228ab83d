// The invoice balances a worker heard from QuickBooks (activities/sync/invoice-balances.ts): a
// shortcut only when it covers the whole payment, forgotten on expiry, bounded.
import { describe, expect, it } from 'vitest';
import { balanceCents, InvoiceBalances } from '../../../activities/sync/invoice-balances';

describe('InvoiceBalances', () => {
  it('gives a known balance only when it covers the amount', () => {
    const balances = new InvoiceBalances(() => 0);
    balances.set('t1', '9', 4_000);
    expect(balances.covering('t1', '9', 2_500)).toBe(4_000);
    expect(balances.covering('t1', '9', 4_000)).toBe(4_000);
    // Less open than the payment: read it (a balance raised in QuickBooks must not be missed).
    expect(balances.covering('t1', '9', 4_001)).toBeUndefined();
    // Per tenant and invoice.
    expect(balances.covering('t2', '9', 1)).toBeUndefined();
    expect(balances.covering('t1', '10', 1)).toBeUndefined();
    balances.forget('t1', '9');
    expect(balances.covering('t1', '9', 1)).toBeUndefined();
  });

  it('forgets a balance after 30 minutes', () => {
    let now = 0;
    const balances = new InvoiceBalances(() => now);
    balances.set('t1', '9', 100);
    now = 30 * 60_000;
    expect(balances.covering('t1', '9', 100)).toBe(100);
    now += 1;
    expect(balances.covering('t1', '9', 100)).toBeUndefined();
  });

  it('keeps at most 20,000 invoices, dropping the oldest', () => {
    const balances = new InvoiceBalances(() => 0);
    for (let i = 0; i <= 20_000; i += 1) balances.set('t1', String(i), 100);
    expect(balances.covering('t1', '0', 1)).toBeUndefined();
    expect(balances.covering('t1', '1', 1)).toBe(100);
    expect(balances.covering('t1', '20000', 1)).toBe(100);
  });

  it("reads QuickBooks' Balance in cents", () => {
    expect(balanceCents({ Balance: 40.1 })).toBe(4_010);
    expect(balanceCents({ Balance: '12.345' })).toBe(1_235);
    expect(balanceCents({})).toBeUndefined();
    expect(balanceCents({ Balance: 'n/a' })).toBeUndefined();
  });
});
