// A new company: a realistic US chart of accounts, QBO's default payment methods and terms, the
// TAX/NON pseudo codes, a few tax agencies, rates and codes, and some customers, vendors and items.
import type { OpContext } from './entities/context';
import { entityDef } from './entities/registry';
import { createEntity } from './operations';
import { allocateId, putEntity, type EntityName, type Realm } from './store';
import { qboTime, type QboObject } from './util';

const ACCOUNTS: readonly [string, string, string][] = [
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

const PAYMENT_METHODS: readonly [string, string][] = [
  ['Cash', 'NON_CREDIT_CARD'],
  ['Check', 'NON_CREDIT_CARD'],
  ['Visa', 'CREDIT_CARD'],
  ['MasterCard', 'CREDIT_CARD'],
  ['Discover', 'CREDIT_CARD'],
  ['American Express', 'CREDIT_CARD'],
  ['Diners Club', 'CREDIT_CARD'],
];

const TERMS: readonly [string, number][] = [
  ['Due on receipt', 0],
  ['Net 15', 15],
  ['Net 30', 30],
  ['Net 60', 60],
  ['Net 10', 10],
];

const AGENCIES = [
  'California Department of Tax and Fee Administration',
  'Arizona Department of Revenue',
  'City of Tucson',
];

/** [rate name, percent, agency index]. */
const RATES: readonly [string, number, number][] = [
  ['California', 8, 0],
  ['AZ State tax', 5.6, 1],
  ['Tucson City', 2.6, 2],
  ['Alameda County District', 1.25, 0],
  ['California State', 7.25, 0],
];

/** [code name, rate indexes]. */
const CODES: readonly [string, number[]][] = [
  ['California', [0]],
  ['Tucson', [1, 2]],
  ['Alameda', [4, 3]],
];

const CUSTOMERS: readonly QboObject[] = [
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

function insertRaw(ctx: OpContext, name: EntityName, obj: QboObject, id?: string): QboObject {
  const now = qboTime(ctx.now, ctx.options.utcOffsetMinutes);
  const stored: QboObject = {
    ...obj,
    domain: 'QBO',
    sparse: false,
    Id: id ?? allocateId(ctx.realm, name),
    SyncToken: '0',
    MetaData: { CreateTime: now, LastUpdatedTime: now },
  };
  putEntity(ctx.realm, name, stored);
  return stored;
}

function create(ctx: OpContext, name: EntityName, body: QboObject): QboObject {
  return createEntity(ctx, entityDef(name), body);
}

export function companyInfo(realm: Realm, ctx: OpContext): QboObject {
  const now = qboTime(ctx.now, ctx.options.utcOffsetMinutes);
  const addr = {
    Id: '1',
    Line1: '123 Sierra Way',
    City: 'San Pablo',
    CountrySubDivisionCode: 'CA',
    PostalCode: '87999',
    Country: realm.country,
  };
  return {
    CompanyName: realm.companyName,
    LegalName: realm.companyName,
    CompanyAddr: addr,
    CustomerCommunicationAddr: addr,
    LegalAddr: addr,
    PrimaryPhone: { FreeFormNumber: '(650) 555-1212' },
    CompanyStartDate: now.slice(0, 10),
    FiscalYearStartMonth: 'January',
    Country: realm.country,
    Email: { Address: 'noreply@quickbooks.com' },
    WebAddr: {},
    SupportedLanguages: 'en',
    NameValue: [
      { Name: 'NeoEnabled', Value: 'true' },
      { Name: 'IndustryType', Value: 'Landscaping Services' },
      { Name: 'CompanyType', Value: 'Other' },
      { Name: 'SubscriptionStatus', Value: 'SUBSCRIBED' },
      { Name: 'OfferingSku', Value: 'QuickBooks Online Plus' },
      { Name: 'PayrollFeature', Value: 'false' },
      { Name: 'AccountantFeature', Value: 'false' },
      { Name: 'QBOIndustryType', Value: 'Landscape and Gardening Business' },
      { Name: 'ItemCategoriesFeature', Value: 'true' },
      { Name: 'AssignedTime', Value: now },
    ],
    domain: 'QBO',
    sparse: false,
    Id: '1',
    SyncToken: '0',
    MetaData: { CreateTime: now, LastUpdatedTime: now },
  };
}

export function preferences(realm: Realm, ctx: OpContext, termId: string | undefined): QboObject {
  const now = qboTime(ctx.now, ctx.options.utcOffsetMinutes);
  return {
    AccountingInfoPrefs: {
      TrackDepartments: false,
      ClassTrackingPerTxn: false,
      ClassTrackingPerTxnLine: false,
      CustomerTerminology: 'Customers',
      BookCloseDate: undefined,
    },
    ProductAndServicesPrefs: {
      ForSales: true,
      ForPurchase: true,
      QuantityWithPriceAndRate: true,
      QuantityOnHand: true,
    },
    SalesFormsPrefs: {
      CustomField: [],
      AllowDeposit: true,
      AllowDiscount: true,
      AllowShipping: false,
      AllowEstimates: true,
      DefaultTerms: termId === undefined ? undefined : { value: termId },
      CustomTxnNumbers: false,
      AutoApplyCredit: false,
      UsingPriceLevels: false,
    },
    VendorAndPurchasesPrefs: { TrackingByCustomer: true, BillableExpenseTracking: true },
    TaxPrefs: { UsingSalesTax: true, PartnerTaxEnabled: realm.automatedSalesTax },
    CurrencyPrefs: { MultiCurrencyEnabled: false, HomeCurrency: { value: 'USD' } },
    OtherPrefs: { NameValue: [{ Name: 'SalesFormsPrefs.DefaultItem', Value: '1' }] },
    domain: 'QBO',
    sparse: false,
    Id: '1',
    SyncToken: '0',
    MetaData: { CreateTime: now, LastUpdatedTime: now },
  };
}

/** Fills a freshly created realm. */
export function seedRealm(ctx: OpContext): void {
  const realm = ctx.realm;
  realm.companyInfo = companyInfo(realm, ctx);
  realm.preferences = preferences(realm, ctx, undefined);
  const accounts = new Map<string, QboObject>();
  for (const [Name, AccountType, AccountSubType] of ACCOUNTS)
    accounts.set(Name, create(ctx, 'Account', { Name, AccountType, AccountSubType }));
  for (const [Name, Type] of PAYMENT_METHODS) create(ctx, 'PaymentMethod', { Name, Type });
  const terms = TERMS.map(([Name, DueDays]) => create(ctx, 'Term', { Name, DueDays }));
  realm.preferences = preferences(realm, ctx, String(terms[2]?.['Id']));
  const agencies = AGENCIES.map((DisplayName) => create(ctx, 'TaxAgency', { DisplayName }));
  insertRaw(
    ctx,
    'TaxCode',
    {
      Name: 'TAX',
      Description: 'TAX',
      Active: true,
      Hidden: false,
      Taxable: true,
      TaxGroup: false,
      TaxCodeConfigType: 'SYSTEM_GENERATED',
    },
    'TAX',
  );
  insertRaw(
    ctx,
    'TaxCode',
    {
      Name: 'NON',
      Description: 'NON',
      Active: true,
      Hidden: false,
      Taxable: false,
      TaxGroup: false,
      TaxCodeConfigType: 'SYSTEM_GENERATED',
    },
    'NON',
  );
  const rates = RATES.map(([Name, RateValue, agency]) =>
    insertRaw(ctx, 'TaxRate', {
      Name,
      Description: Name,
      Active: true,
      RateValue,
      AgencyRef: { value: String(agencies[agency]?.['Id']) },
      SpecialTaxType: 'NONE',
      DisplayType: 'ReadOnly',
      EffectiveTaxRate: [{ RateValue, EffectiveDate: '2014-01-01T00:00:00-08:00' }],
    }),
  );
  const codes = CODES.map(([Name, idx]) =>
    insertRaw(ctx, 'TaxCode', {
      Name,
      Description: Name,
      Active: true,
      Hidden: false,
      Taxable: true,
      TaxGroup: idx.length > 1,
      TaxCodeConfigType: 'USER_DEFINED',
      SalesTaxRateList: {
        TaxRateDetail: idx.map((i, order) => ({
          TaxRateRef: { value: String(rates[i]?.['Id']), name: String(rates[i]?.['Name']) },
          TaxTypeApplicable: 'TaxOnAmount',
          TaxOrder: order,
        })),
      },
      PurchaseTaxRateList: { TaxRateDetail: [] },
    }),
  );
  realm.astTaxCodeId = realm.automatedSalesTax ? String(codes[2]?.['Id']) : undefined;
  const ref = (name: string) => ({ value: String(accounts.get(name)?.['Id']), name });
  create(ctx, 'Item', { Name: 'Services', Type: 'Service', IncomeAccountRef: ref('Services'), UnitPrice: 0 });
  create(ctx, 'Item', { Name: 'Hours', Type: 'Service', IncomeAccountRef: ref('Services'), UnitPrice: 0 });
  create(ctx, 'Item', {
    Name: 'Design',
    Type: 'Service',
    IncomeAccountRef: ref('Services'),
    UnitPrice: 75,
    Description: 'Custom Design',
  });
  create(ctx, 'Item', {
    Name: 'Gardening',
    Type: 'Service',
    IncomeAccountRef: ref('Services'),
    UnitPrice: 0,
    Taxable: false,
  });
  const landscaping = create(ctx, 'Item', { Name: 'Landscaping', Type: 'Category' });
  create(ctx, 'Item', {
    Name: 'Soil',
    Type: 'NonInventory',
    IncomeAccountRef: ref('Sales of Product Income'),
    UnitPrice: 10,
    Taxable: true,
    SubItem: true,
    ParentRef: { value: String(landscaping['Id']) },
  });
  for (const [Name, UnitPrice, PurchaseCost, QtyOnHand] of [
    ['Pump', 15, 10, 25],
    ['Rock Fountain', 275, 125, 2],
    ['Sprinkler Heads', 2, 0.75, 25],
  ] as const)
    create(ctx, 'Item', {
      Name,
      Type: 'Inventory',
      IncomeAccountRef: ref('Sales of Product Income'),
      ExpenseAccountRef: ref('Cost of Goods Sold'),
      AssetAccountRef: ref('Inventory Asset'),
      UnitPrice,
      PurchaseCost,
      QtyOnHand,
      TrackQtyOnHand: true,
      Taxable: true,
      InvStartDate: '2024-01-01',
    });
  for (const c of CUSTOMERS) create(ctx, 'Customer', c);
  for (const DisplayName of [
    'Hicks Hardware',
    'Norton Lumber and Building Materials',
    'PG&E',
    "Tania's Nursery",
  ])
    create(ctx, 'Vendor', { DisplayName });
  create(ctx, 'Employee', { GivenName: 'Emily', FamilyName: 'Platt' });
}
