// The data of a new company (data only, no logic): a realistic US chart of accounts, QBO's default
// payment methods and terms, a few tax agencies, rates and codes, and sample customers, vendors
// and inventory items. seed.ts creates them in this order.
import type { QboObject } from './util';

export const ACCOUNTS: readonly [string, string, string][] = [
  ['Checking', 'Bank', 'Checking'],
  ['Savings', 'Bank', 'Savings'],
  ['Petty Cash', 'Bank', 'CashOnHand'],
  ['Undeposited Funds', 'Other Current Asset', 'UndepositedFunds'],
  ['Inventory Asset', 'Other Current Asset', 'Inventory'],
  ['Prepaid Expenses', 'Other Current Asset', 'PrepaidExpenses'],
  ['Accounts Receivable (A/R)', 'Accounts Receivable', 'AccountsReceivable'],
  ['Truck', 'Fixed Asset', 'Vehicles'],
  ['Accounts Payable (A/P)', 'Accounts Payable', 'AccountsPayable'],
  ['Mastercard', 'Credit Card', 'CreditCard'],
  ['Sales Tax Payable', 'Other Current Liability', 'SalesTaxPayable'],
  ['Loan Payable', 'Other Current Liability', 'LoanPayable'],
  ['Notes Payable', 'Long Term Liability', 'NotesPayable'],
  ['Opening Balance Equity', 'Equity', 'OpeningBalanceEquity'],
  ['Retained Earnings', 'Equity', 'RetainedEarnings'],
  ["Owner's Equity", 'Equity', 'OwnersEquity'],
  ['Sales of Product Income', 'Income', 'SalesOfProductIncome'],
  ['Services', 'Income', 'ServiceFeeIncome'],
  ['Discounts given', 'Income', 'DiscountsRefundsGiven'],
  ['Refunds-Allowances', 'Income', 'DiscountsRefundsGiven'],
  ['Interest Earned', 'Other Income', 'InterestEarned'],
  ['Cost of Goods Sold', 'Cost of Goods Sold', 'SuppliesMaterialsCogs'],
  ['Advertising', 'Expense', 'AdvertisingPromotional'],
  ['Bank Charges', 'Expense', 'BankCharges'],
  ['Insurance', 'Expense', 'Insurance'],
  ['Rent or Lease', 'Expense', 'RentOrLeaseOfBuildings'],
  ['Utilities', 'Expense', 'Utilities'],
  ['Office Expenses', 'Expense', 'OfficeGeneralAdministrativeExpenses'],
];

export const PAYMENT_METHODS: readonly [string, string][] = [
  ['Cash', 'NON_CREDIT_CARD'],
  ['Check', 'NON_CREDIT_CARD'],
  ['Visa', 'CREDIT_CARD'],
  ['MasterCard', 'CREDIT_CARD'],
  ['Discover', 'CREDIT_CARD'],
  ['American Express', 'CREDIT_CARD'],
  ['Diners Club', 'CREDIT_CARD'],
];

export const TERMS: readonly [string, number][] = [
  ['Due on receipt', 0],
  ['Net 15', 15],
  ['Net 30', 30],
  ['Net 60', 60],
  ['Net 10', 10],
];

export const AGENCIES = [
  'California Department of Tax and Fee Administration',
  'Arizona Department of Revenue',
  'City of Tucson',
];

/** [rate name, percent, agency index]. */
export const RATES: readonly [string, number, number][] = [
  ['California', 8, 0],
  ['AZ State tax', 5.6, 1],
  ['Tucson City', 2.6, 2],
  ['Alameda County District', 1.25, 0],
  ['California State', 7.25, 0],
];

/** [code name, rate indexes]. */
export const CODES: readonly [string, number[]][] = [
  ['California', [0]],
  ['Tucson', [1, 2]],
  ['Alameda', [4, 3]],
];

export const CUSTOMERS: readonly QboObject[] = [
  {
    DisplayName: "Amy's Bird Sanctuary",
    GivenName: 'Amy',
    FamilyName: 'Lauterbach',
    CompanyName: "Amy's Bird Sanctuary",
    PrimaryEmailAddr: { Address: 'Birds@Intuit.com' },
    BillAddr: {
      Line1: '4581 Finch St.',
      City: 'Bayshore',
      CountrySubDivisionCode: 'CA',
      PostalCode: '94326',
    },
  },
  {
    DisplayName: "Bill's Windsurf Shop",
    GivenName: 'Bill',
    FamilyName: 'Lucchini',
    CompanyName: "Bill's Windsurf Shop",
    PrimaryEmailAddr: { Address: 'Surf@Intuit.com' },
    BillAddr: {
      Line1: '12 Ocean Dr.',
      City: 'Half Moon Bay',
      CountrySubDivisionCode: 'CA',
      PostalCode: '94213',
    },
  },
  {
    DisplayName: 'Cool Cars',
    GivenName: 'Grace',
    FamilyName: 'Pariente',
    CompanyName: 'Cool Cars',
    PrimaryEmailAddr: { Address: 'Cool_Cars@intuit.com' },
    BillAddr: {
      Line1: '65 Ocean Dr.',
      City: 'Half Moon Bay',
      CountrySubDivisionCode: 'CA',
      PostalCode: '94213',
    },
  },
  {
    DisplayName: 'Diego Rodriguez',
    GivenName: 'Diego',
    FamilyName: 'Rodriguez',
    PrimaryEmailAddr: { Address: 'Diego@Rodriguez.com' },
    BillAddr: { Line1: '321 Channing', City: 'Palo Alto', CountrySubDivisionCode: 'CA', PostalCode: '94303' },
  },
  {
    DisplayName: 'Dukes Basketball Camp',
    GivenName: 'Peter',
    FamilyName: 'Dukes',
    CompanyName: 'Dukes Basketball Camp',
    PrimaryEmailAddr: { Address: 'Dukes_bball@intuit.com' },
  },
  {
    DisplayName: 'Geeta Kalapatapu',
    GivenName: 'Geeta',
    FamilyName: 'Kalapatapu',
    PrimaryEmailAddr: { Address: 'Geeta@Kalapatapu.com' },
  },
  {
    DisplayName: "Jeff's Jalopies",
    GivenName: 'Jeff',
    FamilyName: 'Chin',
    CompanyName: "Jeff's Jalopies",
    PrimaryEmailAddr: { Address: 'Jalopies@intuit.com' },
  },
];

/** The system tax codes every US company has: TAX and NON (stored with those ids). */
export const SYSTEM_TAX_CODES: readonly QboObject[] = [
  {
    Name: 'TAX',
    Description: 'TAX',
    Active: true,
    Hidden: false,
    Taxable: true,
    TaxGroup: false,
    TaxCodeConfigType: 'SYSTEM_GENERATED',
  },
  {
    Name: 'NON',
    Description: 'NON',
    Active: true,
    Hidden: false,
    Taxable: false,
    TaxGroup: false,
    TaxCodeConfigType: 'SYSTEM_GENERATED',
  },
];

/** [name, unit price, purchase cost, quantity on hand]. */
export const INVENTORY_ITEMS = [
  ['Pump', 15, 10, 25],
  ['Rock Fountain', 275, 125, 2],
  ['Sprinkler Heads', 2, 0.75, 25],
] as const;

export const VENDORS: readonly string[] = [
  'Hicks Hardware',
  'Norton Lumber and Building Materials',
  'PG&E',
  "Tania's Nursery",
];
