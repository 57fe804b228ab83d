// Multicurrency companies: documents carry the home currency; a customer in another currency is
// recognised. The company's kind as read from CompanyInfo and Preferences at connect.
import { describe, expect, it } from 'vitest';
import {
  foreignCurrencyMessage,
  foreignCurrencyOf,
  invoiceBody,
  paymentBody,
  refundReceiptBody,
  type InvoiceContext,
  type OrderInput,
  type OrderLineInput,
} from '../../../activities/mapping';
import {
  companyKindOf,
  documentCurrency,
  isUnitedStates,
  unsupportedCompanyReason,
} from '../../../activities/qbo/company-kind';

const order: OrderInput = {
  id: 'o1',
  number: 'SO-1001',
  orderDate: '2026-03-02',
  dueDate: null,
  memo: null,
  taxId: null,
  termId: null,
  customerId: 'c1',
};
const lines: OrderLineInput[] = [
  {
    id: 'l1',
    lineNo: 1,
    productId: 'p1',
    description: 'Tent',
    quantity: '2.0000',
    unitPrice: '50.00',
    taxable: false,
  },
];
const invoiceContext: InvoiceContext = {
  customerQboId: '58',
  itemQboIds: { p1: '7' },
  taxRates: [],
  automatedSalesTax: false,
};
const payment = { id: 'pay1', amount: '100.00', receivedOn: '2026-03-03', reference: null };
const refund = { id: 'r1', amount: '25.00', refundedOn: '2026-03-04', reason: null };
const refundContext = { customerQboId: '58', refundAccountQboId: '35', refundItemQboId: '9' };

describe('documents in a multicurrency company', () => {
  it('carry CurrencyRef = the home currency when one is given', () => {
    const home = { homeCurrency: 'USD' };
    expect(invoiceBody(order, lines, { ...invoiceContext, ...home }).CurrencyRef).toEqual({ value: 'USD' });
    expect(paymentBody(payment, { customerQboId: '58', ...home }).CurrencyRef).toEqual({ value: 'USD' });
    expect(refundReceiptBody(refund, { ...refundContext, ...home }).CurrencyRef).toEqual({ value: 'USD' });
  });

  it('carry no CurrencyRef otherwise (QBO uses the home currency), and are otherwise unchanged', () => {
    for (const homeCurrency of [null, undefined]) {
      const invoice = invoiceBody(order, lines, { ...invoiceContext, homeCurrency });
      expect(invoice).not.toHaveProperty('CurrencyRef');
      const { CurrencyRef: _i, ...withoutCurrency } = invoiceBody(order, lines, {
        ...invoiceContext,
        homeCurrency: 'USD',
      });
      expect(withoutCurrency).toEqual(invoice);
      expect(paymentBody(payment, { customerQboId: '58', homeCurrency })).not.toHaveProperty('CurrencyRef');
      expect(refundReceiptBody(refund, { ...refundContext, homeCurrency })).not.toHaveProperty('CurrencyRef');
    }
  });
});

describe('foreignCurrencyOf', () => {
  it('is the customer currency when it differs from the home currency', () => {
    expect(foreignCurrencyOf({ CurrencyRef: { value: 'EUR', name: 'Euro' } }, 'USD')).toBe('EUR');
    expect(foreignCurrencyOf({ CurrencyRef: { value: 'eur' } }, 'usd')).toBe('EUR');
  });
  it('is undefined for a home-currency customer, one without CurrencyRef, or no home currency', () => {
    expect(foreignCurrencyOf({ CurrencyRef: { value: 'USD' } }, 'USD')).toBeUndefined();
    expect(foreignCurrencyOf({ CurrencyRef: { value: 'usd' } }, 'USD')).toBeUndefined();
    expect(foreignCurrencyOf({}, 'USD')).toBeUndefined();
    expect(foreignCurrencyOf({ CurrencyRef: { value: 'EUR' } }, null)).toBeUndefined();
  });
  it('says what to do in plain words', () => {
    expect(foreignCurrencyMessage('Acme Rentals', 'EUR', 'USD')).toBe(
      'QuickBooks customer "Acme Rentals" uses EUR; BPro invoices are in USD. Create a USD customer ' +
        'for it in QuickBooks or rename that one, then press Re-run.',
    );
  });
});

describe('companyKindOf', () => {
  const info = {
    Id: '1',
    CompanyName: 'Maple Rentals',
    Country: 'CA',
    NameValue: [
      { Name: 'NeoEnabled', Value: 'true' },
      { Name: 'SubscriptionStatus', Value: 'TRIAL' },
    ],
  };
  const prefs = { CurrencyPrefs: { MultiCurrencyEnabled: true, HomeCurrency: { value: 'CAD' } } };

  it('reads Country, SubscriptionStatus, MultiCurrencyEnabled and HomeCurrency', () => {
    expect(companyKindOf(info, prefs)).toEqual({
      country: 'CA',
      homeCurrency: 'CAD',
      multicurrency: true,
      subscriptionStatus: 'TRIAL',
    });
    expect(companyKindOf(info, { CurrencyPrefs: { HomeCurrency: 'usd' } })).toMatchObject({
      homeCurrency: 'USD',
      multicurrency: false,
    });
  });

  it('leaves out what is missing or malformed instead of failing the connect', () => {
    expect(companyKindOf({ Id: '1', CompanyName: 'X' }, {})).toEqual({
      country: null,
      homeCurrency: null,
      multicurrency: false,
      subscriptionStatus: null,
    });
    expect(
      companyKindOf(
        { Country: 7, NameValue: 'x' },
        { CurrencyPrefs: { MultiCurrencyEnabled: 'yes', HomeCurrency: 3 } },
      ),
    ).toEqual({ country: null, homeCurrency: null, multicurrency: false, subscriptionStatus: null });
  });

  it('gives documents a currency only when multicurrency is on', () => {
    expect(documentCurrency({ multicurrency: true, homeCurrency: 'USD' })).toBe('USD');
    expect(documentCurrency({ multicurrency: false, homeCurrency: 'USD' })).toBeNull();
  });
});

describe('unsupportedCompanyReason', () => {
  it('accepts the US however QBO spells it, and a company without a country', () => {
    for (const country of ['US', 'us', 'USA', 'United States']) expect(isUnitedStates(country)).toBe(true);
    expect(unsupportedCompanyReason({ country: 'US' })).toBeNull();
    expect(unsupportedCompanyReason({ country: 'USA' })).toBeNull();
    expect(unsupportedCompanyReason({ country: null })).toBeNull();
  });
  it('accepts Canada; refuses any other country with the reason', () => {
    expect(unsupportedCompanyReason({ country: 'CA' })).toBeNull();
    expect(unsupportedCompanyReason({ country: 'GB' })).toBe(
      'Only US and Canadian QuickBooks companies are supported for now; this company is in GB.',
    );
    expect(unsupportedCompanyReason({ country: 'AU' })).toMatch(/this company is in AU\.$/);
  });
});
