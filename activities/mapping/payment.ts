// BPro payment → QBO Payment (ReceivePayment), applied to the order's invoice when that invoice is
// in QBO, never beyond its open balance: the rest stays unapplied (a customer credit). No
// DepositToAccountRef: QBO puts the money in Undeposited Funds.
import { formatMoney, parseMoney } from '../../db/bpro-generator/money';
import { cleanLine, cleanText, QBO_LIMITS } from './names';
import { ref, type BproPayment, type QboRef } from './types';

export type PaymentInput = Pick<BproPayment, 'id' | 'amount' | 'receivedOn' | 'reference'>;

export type PaymentContext = {
  /** The paying customer; when the payment is linked, the invoice's customer (QBO refuses another's). */
  customerQboId: string;
  /** From `matchPaymentMethod`. */
  paymentMethodQboId?: string | null;
  /** The order's invoice in QBO and its current open balance (QBO `Balance`), when synced. */
  invoice?: { qboId: string; openBalance: number | string } | null;
  /**
   * The company's home currency when multicurrency is on (the document then carries it as
   * CurrencyRef, which QBO requires there); null or absent: no CurrencyRef.
   */
  homeCurrency?: string | null;
};

export type PaymentLineBody = { Amount: number; LinkedTxn: [{ TxnId: string; TxnType: 'Invoice' }] };

export type PaymentBody = {
  TotalAmt: number;
  CustomerRef: QboRef;
  TxnDate: string;
  PaymentMethodRef?: QboRef;
  PaymentRefNum?: string;
  PrivateNote: string;
  CurrencyRef?: QboRef;
  /** Always present (possibly empty): on an update the array replaces every line. */
  Line: PaymentLineBody[];
};

/** QBO balances are decimals; to cents without float drift. */
export function toCents(value: number | string): number {
  if (typeof value === 'string') return parseMoney(value);
  return Math.round(value * 100);
}

/** What a payment applies to an invoice: min(amount, open balance), never negative. */
export function appliedCents(amountCents: number, openBalanceCents: number): number {
  return Math.max(0, Math.min(amountCents, openBalanceCents));
}

/** The PaymentRefNum (max 21) from BPro's reference, or undefined. */
export function paymentRefNum(reference: string | null | undefined): string | undefined {
  const clean = cleanLine(reference, QBO_LIMITS.paymentRefNum);
  return clean === '' ? undefined : clean;
}

/** The Payment create body; see `paymentApplication` for the applied/unapplied split. */
export function paymentBody(payment: PaymentInput, context: PaymentContext): PaymentBody {
  const amountCents = parseMoney(payment.amount);
  const full = cleanLine(payment.reference, QBO_LIMITS.privateNote);
  const refNum = paymentRefNum(payment.reference);
  let note = `BPro payment ${payment.id}`;
  if (full !== '' && full !== refNum) note += `\nReference: ${full}`;
  const body: PaymentBody = {
    TotalAmt: amountCents / 100,
    CustomerRef: ref(context.customerQboId),
    TxnDate: payment.receivedOn,
    PrivateNote: cleanText(note, QBO_LIMITS.privateNote),
    Line: [],
  };
  if (context.paymentMethodQboId) body.PaymentMethodRef = ref(context.paymentMethodQboId);
  if (refNum !== undefined) body.PaymentRefNum = refNum;
  if (context.homeCurrency) body.CurrencyRef = ref(context.homeCurrency);
  const applied = paymentApplication(payment, context);
  if (context.invoice && applied.appliedCents > 0)
    body.Line = [
      {
        Amount: applied.appliedCents / 100,
        LinkedTxn: [{ TxnId: context.invoice.qboId, TxnType: 'Invoice' }],
      },
    ];
  return body;
}

export type PaymentApplication = {
  appliedCents: number;
  unappliedCents: number;
  /** A sync-log note when part of the payment stays unapplied against a synced invoice. */
  note: string | undefined;
};

/** How much of the payment goes to the invoice and how much stays unapplied. */
export function paymentApplication(
  payment: Pick<PaymentInput, 'amount'>,
  context: Pick<PaymentContext, 'invoice'>,
): PaymentApplication {
  const amountCents = parseMoney(payment.amount);
  if (!context.invoice) return { appliedCents: 0, unappliedCents: amountCents, note: undefined };
  const applied = appliedCents(amountCents, toCents(context.invoice.openBalance));
  const unapplied = amountCents - applied;
  return {
    appliedCents: applied,
    unappliedCents: unapplied,
    note:
      unapplied === 0
        ? undefined
        : `${formatMoney(applied)} of the ${formatMoney(amountCents)} payment was applied to the ` +
          `invoice (its open balance); ${formatMoney(unapplied)} stays as an unapplied credit.`,
  };
}
