// BPro refund → QBO RefundReceipt paid from the tenant's refund account, one line on the tenant's
// refund service item ("BPro Refund", found or created once per tenant).
import { parseMoney } from '../../db/bpro-generator/money';
import { cleanText, QBO_LIMITS } from './names';
import { ref, type BproRefund, type QboRef } from './types';

/** The name of the service item every refund line uses. */
export const REFUND_ITEM_NAME = 'BPro Refund';

export type RefundInput = Pick<BproRefund, 'id' | 'amount' | 'refundedOn' | 'reason'>;

export type RefundContext = {
  customerQboId: string;
  /** The tenant's refund account (a Bank or Other Current Asset account). */
  refundAccountQboId: string;
  /** The "BPro Refund" service item. */
  refundItemQboId: string;
  paymentMethodQboId?: string | null;
  /**
   * The company's home currency when multicurrency is on (the document then carries it as
   * CurrencyRef, which QBO requires there); null or absent: no CurrencyRef.
   */
  homeCurrency?: string | null;
  /**
   * A Canadian company: the TaxCode of BPro's untaxed lines (its Exempt code, or the one the tax
   * mapping names), which the refund line carries instead of NON; the receipt then has
   * GlobalTaxCalculation TaxExcluded. Absent or null: the US NON.
   */
  untaxedTaxCodeQboId?: string | null;
};

export type RefundReceiptBody = {
  CustomerRef: QboRef;
  DepositToAccountRef: QboRef;
  PaymentMethodRef?: QboRef;
  TxnDate: string;
  PrivateNote: string;
  CurrencyRef?: QboRef;
  GlobalTaxCalculation?: 'TaxExcluded';
  Line: [
    {
      DetailType: 'SalesItemLineDetail';
      Amount: number;
      Description: string;
      SalesItemLineDetail: { ItemRef: QboRef; Qty: 1; UnitPrice: number; TaxCodeRef: QboRef };
    },
  ];
};

/** The RefundReceipt create body: Qty 1 × the refund amount, not taxable (Canada: the untaxed code). */
export function refundReceiptBody(refund: RefundInput, context: RefundContext): RefundReceiptBody {
  const amount = parseMoney(refund.amount) / 100;
  const reason = cleanText(refund.reason, QBO_LIMITS.description);
  const body: RefundReceiptBody = {
    CustomerRef: ref(context.customerQboId),
    DepositToAccountRef: ref(context.refundAccountQboId),
    TxnDate: refund.refundedOn,
    PrivateNote: cleanText(
      reason === '' ? `BPro refund ${refund.id}` : `BPro refund ${refund.id}\n${reason}`,
      QBO_LIMITS.privateNote,
    ),
    Line: [
      {
        DetailType: 'SalesItemLineDetail',
        Amount: amount,
        Description: reason === '' ? 'Refund' : reason,
        SalesItemLineDetail: {
          ItemRef: ref(context.refundItemQboId),
          Qty: 1,
          UnitPrice: amount,
          TaxCodeRef: ref(context.untaxedTaxCodeQboId ?? 'NON'),
        },
      },
    ],
  };
  if (context.paymentMethodQboId) body.PaymentMethodRef = ref(context.paymentMethodQboId);
  if (context.homeCurrency) body.CurrencyRef = ref(context.homeCurrency);
  if (context.untaxedTaxCodeQboId) body.GlobalTaxCalculation = 'TaxExcluded';
  return body;
}

export type RefundItemBody = {
  Type: 'Service';
  Name: string;
  Description: string;
  UnitPrice: 0;
  IncomeAccountRef: QboRef;
  ExpenseAccountRef?: QboRef;
  Active: true;
};

/**
 * The refund service item, created once per tenant when no item named REFUND_ITEM_NAME exists.
 * `incomeAccountId`: e.g. from `chooseRefundIncomeAccount` (a refunds/allowances income account).
 */
export function refundServiceItemBody(incomeAccountId: string, expenseAccountId?: string): RefundItemBody {
  const body: RefundItemBody = {
    Type: 'Service',
    Name: REFUND_ITEM_NAME,
    Description: 'Refunds recorded in BPro',
    UnitPrice: 0,
    IncomeAccountRef: ref(incomeAccountId),
    Active: true,
  };
  if (expenseAccountId) body.ExpenseAccountRef = ref(expenseAccountId);
  return body;
}
