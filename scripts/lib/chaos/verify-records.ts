// The checks of one QBO record against its BPro record (verify.ts): amounts to the cent and
// references for an in-scope record; voided in QuickBooks for a cancelled or voided one.
import type { QboEntity } from '../../../activities/qbo/schemas';
import type { BproState, VerifiedEntity } from './expected';

export type QboRecords = Record<string, Map<string, QboEntity>>;

export const str = (value: unknown) => (typeof value === 'string' ? value : '');
export const cents = (value: unknown) => Math.round(Number(value ?? 0) * 100);
const refOf = (value: unknown) =>
  typeof value === 'object' && value !== null && 'value' in value ? String(value.value) : undefined;
const linesOf = (record: QboEntity) =>
  (Array.isArray(record.Line) ? record.Line : []) as Array<Record<string, unknown>>;

export type Linked = (entity: VerifiedEntity, bproId: string) => string | undefined;

/** What is wrong with the QBO record of an in-scope BPro record (empty: nothing). */
export function checkRecord(
  entity: VerifiedEntity,
  bproId: string,
  record: QboEntity,
  context: {
    bpro: BproState;
    qbo: QboRecords;
    linked: Linked;
    warned: (entity: string, bproId: string) => boolean;
  },
): string[] {
  const { bpro, linked, warned } = context;
  const wrong: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) wrong.push(what);
  };
  switch (entity) {
    case 'paymentMethod':
      expect(
        str(record.Name).trim() === bpro.paymentMethodNames.get(bproId),
        `named "${String(record.Name)}", not "${bpro.paymentMethodNames.get(bproId)}"`,
      );
      break;
    case 'productCategory':
      expect(record.Type === 'Category', `an Item of type ${String(record.Type)}, not a Category`);
      break;
    case 'product':
      expect(record.Type !== 'Category', 'a Category item, not a product');
      break;
    case 'customer': {
      const parentId = bpro.customers.get(bproId)?.parentId;
      if (parentId) {
        expect(record.Job === true, 'a job in BPro but not a sub-customer in QuickBooks');
        expect(
          refOf(record.ParentRef) === linked('customer', parentId),
          `ParentRef is not customer ${parentId}'s`,
        );
      }
      break;
    }
    case 'invoice': {
      const want = bpro.invoices.get(bproId);
      if (!want) return ['no longer in BPro'];
      expect(
        refOf(record.CustomerRef) === linked('customer', want.customerId),
        'CustomerRef is not its customer',
      );
      const lines = linesOf(record).filter((l) => l.DetailType === 'SalesItemLineDetail');
      expect(lines.length === want.lineCount, `${lines.length} lines, BPro has ${want.lineCount}`);
      const subtotal = lines.reduce((sum, l) => sum + cents(l.Amount), 0);
      expect(
        subtotal === want.subtotalCents,
        `subtotal ${money(subtotal)}, BPro ${money(want.subtotalCents)}`,
      );
      const total = cents(record.TotalAmt);
      const explained = total === want.qboTotalCents && warned('invoice', bproId);
      expect(
        total === want.totalCents || explained,
        `total ${money(total)}, BPro ${money(want.totalCents)} (no warning in the log explains it)`,
      );
      break;
    }
    case 'payment': {
      const want = bpro.payments.get(bproId);
      if (!want) return ['no longer in BPro'];
      const total = cents(record.TotalAmt);
      expect(total === want.cents, `amount ${money(total)}, BPro ${money(want.cents)}`);
      const invoiceId = want.orderId ? linked('invoice', want.orderId) : undefined;
      let applied = 0;
      for (const line of linesOf(record)) {
        applied += cents(line.Amount);
        const txns = (Array.isArray(line.LinkedTxn) ? line.LinkedTxn : []) as Array<Record<string, unknown>>;
        for (const txn of txns)
          expect(
            txn.TxnType === 'Invoice' && String(txn.TxnId) === invoiceId,
            `applied to ${String(txn.TxnType)} ${String(txn.TxnId)}, not its order's invoice`,
          );
      }
      expect(applied <= total, `applies ${money(applied)}, more than its ${money(total)}`);
      const customer = refOf(record.CustomerRef);
      // Applied to an invoice, a payment is the invoice's customer's (QBO refuses another's).
      const invoiceCustomer = invoiceId ? refOf(context.qbo.Invoice?.get(invoiceId)?.CustomerRef) : undefined;
      expect(
        customer === linked('customer', want.customerId) || (applied > 0 && customer === invoiceCustomer),
        "CustomerRef is neither its customer nor its invoice's",
      );
      break;
    }
    case 'refund': {
      const want = bpro.refunds.get(bproId);
      if (!want) return ['no longer in BPro'];
      const total = cents(record.TotalAmt);
      expect(total === want.cents, `amount ${money(total)}, BPro ${money(want.cents)}`);
      expect(
        refOf(record.CustomerRef) === linked('customer', want.customerId),
        'CustomerRef is not its customer',
      );
      break;
    }
    case 'term':
    case 'tax':
      break;
  }
  return wrong;
}

/** A linked record outside the scope: a cancelled order's invoice or a voided payment is voided. */
export function checkOutOfScope(
  entity: VerifiedEntity,
  bproId: string,
  record: QboEntity,
  bpro: BproState,
): string[] {
  const voided = cents(record.TotalAmt) === 0;
  if (entity === 'invoice' && bpro.invoices.get(bproId)?.cancelled && !voided)
    return [`invoice ${bproId}: cancelled in BPro, but its QBO invoice ${record.Id} is not voided`];
  if (entity === 'payment' && bpro.payments.get(bproId)?.voided && !voided)
    return [`payment ${bproId}: voided in BPro, but its QBO payment ${record.Id} is not voided`];
  return [];
}

export const money = (c: number) => (c / 100).toFixed(2);
