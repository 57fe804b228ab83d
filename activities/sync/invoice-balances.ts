// The open balances of invoices this worker wrote or applied payments to, as QuickBooks answered:
// a payment applied to such an invoice need not read it first. (In an initial sync that read was
// one query per few payments, ~680 of the bench's 868 queries: plain calls taken from writes.)
// Only ever a shortcut, never a source of truth:
// - used only when it covers the whole payment (known balance ≥ its amount), so the payment
//   applies its whole amount as it would with a fresh read; if someone lowered the balance in
//   QuickBooks meanwhile (applied another payment there), QBO refuses the over-application and
//   the payment is synced again with the invoice read (payment.ts);
// - a known balance below the amount is read afresh, so a balance someone raised in QuickBooks
//   (a payment voided there) never leaves part of a payment unapplied.
// Per process and bounded; entries expire.

const TTL_MS = 30 * 60_000;
const MAX_ENTRIES = 20_000;

type Known = { cents: number; at: number };

export class InvoiceBalances {
  private readonly known = new Map<string, Known>();

  constructor(private readonly now: () => number = Date.now) {}

  /** QuickBooks answered a write of the invoice (or of a payment applied to it) with this balance. */
  set(tenantId: string, invoiceQboId: string, cents: number): void {
    const key = `${tenantId}:${invoiceQboId}`;
    this.known.delete(key);
    this.known.set(key, { cents, at: this.now() });
    if (this.known.size > MAX_ENTRIES) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
  }

  /** The invoice's known open balance in cents if it covers `amountCents`, else undefined (read it). */
  covering(tenantId: string, invoiceQboId: string, amountCents: number): number | undefined {
    const key = `${tenantId}:${invoiceQboId}`;
    const entry = this.known.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at > TTL_MS) {
      this.known.delete(key);
      return undefined;
    }
    return entry.cents >= amountCents ? entry.cents : undefined;
  }

  forget(tenantId: string, invoiceQboId: string): void {
    this.known.delete(`${tenantId}:${invoiceQboId}`);
  }
}

/** This process's known balances (the worker's). */
export const invoiceBalances = new InvoiceBalances();

/** An invoice as QuickBooks answered its write: its `Balance`, in cents (undefined if absent). */
export function balanceCents(invoice: Record<string, unknown>): number | undefined {
  const balance = Number(invoice.Balance);
  return invoice.Balance === undefined || !Number.isFinite(balance) ? undefined : Math.round(balance * 100);
}
