// A new company: its company info and preferences, then seed-data.ts's chart of accounts, payment
// methods, terms, the TAX/NON pseudo codes, tax agencies, rates and codes, and some customers,
// vendors and items, created in that order (the ids follow it).
import type { OpContext } from './entities/context';
import { entityDef } from './entities/registry';
import { createEntity } from './operations';
import { allocateId, putEntity, type EntityName, type Realm } from './store';
import {
  ACCOUNTS,
  AGENCIES,
  CODES,
  CUSTOMERS,
  INVENTORY_ITEMS,
  PAYMENT_METHODS,
  RATES,
  SYSTEM_TAX_CODES,
  TERMS,
  VENDORS,
} from './seed-data';
import { qboTime, type QboObject } from './util';

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
    CurrencyPrefs: { MultiCurrencyEnabled: realm.multicurrency, HomeCurrency: { value: realm.homeCurrency } },
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
  for (const code of SYSTEM_TAX_CODES) insertRaw(ctx, 'TaxCode', code, String(code['Name']));
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
