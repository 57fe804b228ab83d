import { describe, expect, it } from 'vitest';
import {
  refundReceiptBody,
  refundServiceItemBody,
  REFUND_ITEM_NAME,
  type RefundContext,
  type RefundInput,
  type RefundReceiptBody,
} from '../../../activities/mapping';
import { loadFixture } from './fixtures';

type Case = { name: string; input: RefundInput; context: RefundContext; expected: RefundReceiptBody };

describe('refundReceiptBody (golden fixtures)', () => {
  it.each(loadFixture<Case[]>('refunds').map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(refundReceiptBody(c.input, c.context)).toEqual(c.expected);
  });
});

describe('refundServiceItemBody', () => {
  it('one Service item per tenant', () => {
    expect(refundServiceItemBody('20')).toEqual({
      Type: 'Service',
      Name: REFUND_ITEM_NAME,
      Description: 'Refunds recorded in BPro',
      UnitPrice: 0,
      IncomeAccountRef: { value: '20' },
      Active: true,
    });
    expect(refundServiceItemBody('20', '22').ExpenseAccountRef).toEqual({ value: '22' });
  });
});
