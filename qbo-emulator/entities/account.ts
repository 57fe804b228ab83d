// Account: chart of accounts entries. AccountType/AccountSubType pairs and Classification.
import { faults } from '../errors';
import { asString, type QboObject } from '../util';
import type { OpContext } from './context';
import { currencyRef } from './currency';
import { assertUniqueName, hierarchy } from './names';
import type { EntityDef } from './types';
import { checkLengths, checkNoChars, requireString } from './validate';

/** AccountType → [Classification, default sub-type, other sub-types]. */
export const ACCOUNT_TYPES: Record<string, { classification: string; subTypes: readonly string[] }> = {
  Bank: {
    classification: 'Asset',
    subTypes: ['CashOnHand', 'Checking', 'MoneyMarket', 'RentsHeldInTrust', 'Savings', 'TrustAccounts'],
  },
  'Other Current Asset': {
    classification: 'Asset',
    subTypes: [
      'EmployeeCashAdvances',
      'UndepositedFunds',
      'Inventory',
      'AllowanceForBadDebts',
      'OtherCurrentAssets',
      'PrepaidExpenses',
      'LoansToOfficers',
      'LoansToOthers',
      'Investment_Other',
    ],
  },
  'Fixed Asset': {
    classification: 'Asset',
    subTypes: [
      'OtherFixedAssets',
      'FurnitureAndFixtures',
      'MachineryAndEquipment',
      'Vehicles',
      'Buildings',
      'AccumulatedDepreciation',
    ],
  },
  'Other Asset': {
    classification: 'Asset',
    subTypes: ['OtherLongTermAssets', 'SecurityDeposits', 'Goodwill'],
  },
  'Accounts Receivable': { classification: 'Asset', subTypes: ['AccountsReceivable'] },
  Equity: {
    classification: 'Equity',
    subTypes: [
      'OpeningBalanceEquity',
      'RetainedEarnings',
      'OwnersEquity',
      'PartnerContributions',
      'PartnerDistributions',
      'CommonStock',
    ],
  },
  Expense: {
    classification: 'Expense',
    subTypes: [
      'OfficeGeneralAdministrativeExpenses',
      'AdvertisingPromotional',
      'BankCharges',
      'Insurance',
      'RentOrLeaseOfBuildings',
      'Utilities',
      'Travel',
      'SuppliesMaterials',
    ],
  },
  'Other Expense': {
    classification: 'Expense',
    subTypes: ['OtherMiscellaneousExpense', 'Depreciation', 'PenaltiesSettlements'],
  },
  'Cost of Goods Sold': {
    classification: 'Expense',
    subTypes: [
      'CostOfLaborCos',
      'SuppliesMaterialsCogs',
      'EquipmentRentalCos',
      'OtherCostsOfServiceCos',
      'ShippingFreightDeliveryCos',
    ],
  },
  'Accounts Payable': { classification: 'Liability', subTypes: ['AccountsPayable'] },
  'Credit Card': { classification: 'Liability', subTypes: ['CreditCard'] },
  'Long Term Liability': {
    classification: 'Liability',
    subTypes: ['NotesPayable', 'OtherLongTermLiabilities', 'ShareholderNotesPayable'],
  },
  'Other Current Liability': {
    classification: 'Liability',
    subTypes: [
      'OtherCurrentLiabilities',
      'SalesTaxPayable',
      'GlobalTaxPayable',
      'GlobalTaxSuspense',
      'PayrollTaxPayable',
      'LineOfCredit',
      'LoanPayable',
      'TrustAccountsLiabilities',
    ],
  },
  Income: {
    classification: 'Revenue',
    subTypes: [
      'OtherPrimaryIncome',
      'SalesOfProductIncome',
      'ServiceFeeIncome',
      'DiscountsRefundsGiven',
      'NonProfitIncome',
      'UnappliedCashPaymentIncome',
    ],
  },
  'Other Income': {
    classification: 'Revenue',
    subTypes: ['OtherMiscellaneousIncome', 'InterestEarned', 'DividendIncome', 'OtherInvestmentIncome'],
  },
};

export function accountTypeOfSubType(subType: string): string | undefined {
  return Object.entries(ACCOUNT_TYPES).find(([, v]) => v.subTypes.includes(subType))?.[0];
}

/** Accounts money can be received into or refunded from: Bank and Other Current Asset. */
export function isCashAccount(account: QboObject): boolean {
  return account['AccountType'] === 'Bank' || account['AccountType'] === 'Other Current Asset';
}

function build(ctx: OpContext, input: QboObject, existing: QboObject | undefined): QboObject {
  const o: QboObject = { ...input };
  const name = requireString(o, 'Name');
  checkLengths(o, { Name: 100, Description: 100, AcctNum: 7 });
  checkNoChars(name, ['"', ':', '\t', '\n'], 'Name');
  const acctNum = asString(o['AcctNum']);
  if (acctNum !== undefined) checkNoChars(acctNum, [':'], 'AcctNum');
  let type = asString(o['AccountType']);
  let subType = asString(o['AccountSubType']);
  if (type === undefined && subType === undefined) throw faults.accountTypeRequired();
  if (type === undefined && subType !== undefined) type = accountTypeOfSubType(subType);
  const def = type === undefined ? undefined : ACCOUNT_TYPES[type];
  if (!def || type === undefined)
    throw faults.invalidEnum(
      'AccountType',
      asString(o['AccountType']) ?? subType ?? JSON.stringify(o['AccountType']),
    );
  if (subType === undefined) subType = def.subTypes[0];
  else if (!def.subTypes.includes(subType)) throw faults.accountTypeRequired();
  o['AccountType'] = type;
  o['AccountSubType'] = subType;
  o['Classification'] = def.classification;
  const selfId = asString(existing?.['Id']);
  const h = hierarchy(ctx, 'Account', o, o['SubAccount'] === true, name, selfId);
  o['SubAccount'] = h.Level > 0;
  o['FullyQualifiedName'] = h.FullyQualifiedName;
  assertUniqueName(
    ctx,
    ['Account'],
    'FullyQualifiedName',
    h.FullyQualifiedName,
    { entity: 'Account', id: selfId },
    'Another account is already using this name. Please use a different name.',
  );
  o['Active'] = o['Active'] ?? true;
  o['CurrentBalance'] = existing?.['CurrentBalance'] ?? 0;
  o['CurrentBalanceWithSubAccounts'] = existing?.['CurrentBalanceWithSubAccounts'] ?? 0;
  o['CurrencyRef'] = o['CurrencyRef'] ?? currencyRef(ctx.realm.homeCurrency);
  return o;
}

export const accountDef: EntityDef = {
  name: 'Account',
  path: 'account',
  nameList: true,
  ops: { create: true, read: true, update: true, delete: false, void: false },
  queryable: [
    'Id',
    'Name',
    'FullyQualifiedName',
    'AccountType',
    'AccountSubType',
    'Classification',
    'Active',
    'AcctNum',
    'CurrentBalance',
    'SubAccount',
    'ParentRef',
    'MetaData.CreateTime',
    'MetaData.LastUpdatedTime',
  ],
  readOnly: ['Classification', 'FullyQualifiedName', 'CurrentBalance', 'CurrentBalanceWithSubAccounts'],
  build,
};
