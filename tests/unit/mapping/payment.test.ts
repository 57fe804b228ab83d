import { describe, expect, it } from 'vitest';
import {
  appliedCents,
  paymentApplication,
  paymentBody,
  paymentRefNum,
  toCents,
  type PaymentApplication,
  type PaymentBody,
  type PaymentContext,
  type PaymentInput,
} from '../../../activities/mapping';
import { loadFixture, orUndefined } from './fixtures';

type Case = {
  name: string;
  input: PaymentInput;
  context: PaymentContext;
  expected: PaymentBody;
  application: Omit<PaymentApplication, 'note'> & { note: string | null };
};
const cases = loadFixture<Case[]>('payments');

describe('paymentBody (golden fixtures)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(paymentBody(c.input, c.context)).toEqual(c.expected);
    expect(paymentApplication(c.input, c.context)).toEqual({
      ...c.application,
      note: orUndefined(c.application.note),
    });
  });
});

describe('helpers', () => {
  it('applies min(amount, balance), never negative', () => {
    expect(appliedCents(12000, 10050)).toBe(10050);
    expect(appliedCents(5000, 10050)).toBe(5000);
    expect(appliedCents(5000, -100)).toBe(0);
  });
  it('reads QBO balances without float drift', () => {
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents(1157.0000000001)).toBe(115700);
    expect(toCents('67.45')).toBe(6745);
  });
  it('PaymentRefNum is at most 21 characters', () => {
    expect(paymentRefNum('Chk 1234')).toBe('Chk 1234');
    expect(paymentRefNum('  ')).toBeUndefined();
    expect(paymentRefNum(null)).toBeUndefined();
    expect(paymentRefNum('x'.repeat(40))).toHaveLength(21);
  });
});
