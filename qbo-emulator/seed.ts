// A new company: its company info and preferences, then seed-data.ts's chart of accounts, payment
// methods, terms, the sales-tax setup of its country (seed-tax.ts: TAX/NON and US state codes, or
// Canada's agencies, rates and codes) and some customers, vendors and items, created in that order
// (the ids follow it).
import type { OpContext } from './entities/context';
import { entityDef } from './entities/registry';
import { companyAddress, isCanada, usesGlobalTax } from './locale';
import { createEntity } from './operations';
import { ACCOUNTS, CUSTOMERS, INVENTORY_ITEMS, PAYMENT_METHODS, TERMS, VENDORS } from './seed-data';
import { CA_TAX_ACCOUNTS } from './seed-data-ca';
import { seedCanadaTax, seedUsTax } from './seed-tax';
import type { EntityName, Realm } from './store';
import { qboTime, type QboObject } from './util';

function create(ctx: OpContext, name: EntityName, body: QboObject): QboObject {
  return createEntity(ctx, entityDef(name), body);
}

export function companyInfo(realm: Realm, ctx: OpContext): QboObject {
  const now = qboTime(ctx.now, ctx.options.utcOffsetMinutes);
  const addr = { Id: '1', ...companyAddress(realm.country), Country: realm.country };
  return {
    CompanyName: realm.companyName,
    LegalName: realm.companyName,
    CompanyAddr: addr,
    CustomerCommunicationAddr: addr,
    LegalAddr: addr,
    PrimaryPhone: { FreeFormNumber: isCanada(realm.country) ? '(416) 555-0100' : '(650) 555-1212' },
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
      { Name: 'SubscriptionStatus', Value: realm.subscriptionStatus },
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

/**
 * TaxPrefs: a US company says whether automated sales tax is on; a Canadian one leaves
 * PartnerTaxEnabled out ("not present: not enabled for automated sales tax", Preferences reference).
 */
function taxPrefs(realm: Realm): QboObject {
  if (usesGlobalTax(realm)) return { UsingSalesTax: true };
  return { UsingSalesTax: true, PartnerTaxEnabled: realm.automatedSalesTax };
}

/** OtherPrefs: non-US companies also carry DefaultTaxRateSelection ("1": amounts exclude tax). */
function otherPrefs(realm: Realm): QboObject[] {
  const values = [{ Name: 'SalesFormsPrefs.DefaultItem', Value: '1' }];
  if (usesGlobalTax(realm)) values.push({ Name: 'AccountingInfoPrefs.DefaultTaxRateSelection', Value: '1' });
  return values;
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
    TaxPrefs: taxPrefs(realm),
    CurrencyPrefs: { MultiCurrencyEnabled: realm.multicurrency, HomeCurrency: { value: realm.homeCurrency } },
    OtherPrefs: { NameValue: otherPrefs(realm) },
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
  const canadian = usesGlobalTax(realm);
  const chart = canadian
    ? [...ACCOUNTS.filter(([, , sub]) => sub !== 'SalesTaxPayable'), ...CA_TAX_ACCOUNTS]
    : ACCOUNTS;
  const accounts = new Map<string, QboObject>();
  for (const [Name, AccountType, AccountSubType] of chart)
    accounts.set(Name, create(ctx, 'Account', { Name, AccountType, AccountSubType }));
  for (const [Name, Type] of PAYMENT_METHODS) create(ctx, 'PaymentMethod', { Name, Type });
  const terms = TERMS.map(([Name, DueDays]) => create(ctx, 'Term', { Name, DueDays }));
  realm.preferences = preferences(realm, ctx, String(terms[2]?.['Id']));
  if (canadian) seedCanadaTax(ctx);
  const codes = canadian ? [] : seedUsTax(ctx);
  const astCode = realm.automatedSalesTax ? codes[2] : undefined;
  realm.astTaxCodeId = astCode ? String(astCode['Id']) : undefined;
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
  for (const [Name, UnitPrice, PurchaseCost, QtyOnHand] of INVENTORY_ITEMS)
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
  for (const DisplayName of VENDORS) create(ctx, 'Vendor', { DisplayName });
  create(ctx, 'Employee', { GivenName: 'Emily', FamilyName: 'Platt' });
}
