/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- walks QBO's untyped JSON responses */
// Shared set-up of the business-rule tests (qbo-api.md §6): the seeded records they build on, a
// fresh customer, a sales line of the seeded "Services" item, an invoice, and a Fault's code.
import { beforeAll, expect } from 'vitest';
import { unique, type QboResponse } from './client';
import { useTarget, type Target } from './target';

export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- QBO JSON

/** The code of a Fault response's first error. */
export function code(r: QboResponse): string | undefined {
  return r.json?.Fault?.Error?.[0]?.code as string | undefined;
}

/** Records every new company has, read once per test file. */
export interface Seeded {
  item: Obj;
  checking: Obj;
  creditCard: Obj;
  expense: Obj;
}

export interface BusinessRulesFixture {
  t: Target;
  seeded: Seeded;
  newCustomer: () => Promise<Obj>;
  line: (amount: number, extra?: Obj) => Obj;
  invoice: (customerId: string, amount: number, extra?: Obj) => Promise<Obj>;
}

/** Sets up the target and the seeded records for a describe block (call it inside one). */
export function useBusinessRules(): BusinessRulesFixture {
  const t = useTarget();
  const seeded = {} as Seeded;

  beforeAll(async () => {
    seeded.item = (await t.client.findOne('Item', "Name = 'Services'")) as Obj;
    seeded.checking = (await t.client.findOne('Account', "AccountType = 'Bank'")) as Obj;
    seeded.creditCard = (await t.client.findOne('Account', "AccountType = 'Credit Card'")) as Obj;
    seeded.expense = (await t.client.findOne('Account', "AccountType = 'Expense'")) as Obj;
  });

  const newCustomer = async () =>
    (await t.client.create('Customer', { DisplayName: unique('BR') })).json.Customer as Obj;
  const line = (amount: number, extra: Obj = {}) => ({
    Amount: amount,
    DetailType: 'SalesItemLineDetail',
    SalesItemLineDetail: { ItemRef: { value: seeded.item['Id'] }, ...extra },
  });
  const invoice = async (customerId: string, amount: number, extra: Obj = {}) => {
    const r = await t.client.create('Invoice', {
      CustomerRef: { value: customerId },
      Line: [line(amount)],
      ...extra,
    });
    expect(r.status, r.text).toBe(200);
    return r.json.Invoice as Obj;
  };
  return { t, seeded, newCustomer, line, invoice };
}
