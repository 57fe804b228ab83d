// The invoices, payments and refund receipts the sync sends QuickBooks, read off its requests
// (a spied fetch): a plain create or update, or a batch's write items.

export type Sent = { entity: string; body: Record<string, unknown> };
export const DOCUMENTS = ['Invoice', 'Payment', 'RefundReceipt'];

/** The document bodies in a QBO request: a plain create/update, or a batch's write items. */
export function documentsIn(url: string, raw: string): Sent[] {
  const path = new URL(url).pathname.split('/').at(-1) ?? '';
  const body = JSON.parse(raw) as Record<string, unknown>;
  if (path === 'batch') {
    const items = (body.BatchItemRequest ?? []) as Record<string, unknown>[];
    return items.flatMap((item) =>
      DOCUMENTS.filter((e) => item[e]).map((e) => ({ entity: e, body: item[e] as Record<string, unknown> })),
    );
  }
  const entity = DOCUMENTS.find((e) => e.toLowerCase() === path);
  return entity ? [{ entity, body }] : [];
}
