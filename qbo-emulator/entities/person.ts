// Customer (with jobs/sub-customers), Vendor and Employee: DisplayName rules shared by all three.
import { faults } from '../errors';
import type { EntityName } from '../store';
import { asNumber, asString, type QboObject } from '../util';
import { optionalRef, today, type OpContext } from './context';
import { customerCurrency } from './currency';
import { assertUniqueName, hierarchy } from './names';
import type { EntityDef } from './types';
import { checkAddress, checkEmail, checkLengths, checkNoChars } from './validate';

const PEOPLE: readonly EntityName[] = ['Customer', 'Vendor', 'Employee'];
const NAME_PARTS = ['Title', 'GivenName', 'MiddleName', 'FamilyName', 'Suffix'] as const;
const DUPLICATE =
  'Another customer, vendor or employee is already using this name. Please use a different name.';

const PERSON_LIMITS = {
  DisplayName: 500,
  Title: 16,
  GivenName: 100,
  MiddleName: 100,
  FamilyName: 100,
  Suffix: 16,
  CompanyName: 100,
  PrintOnCheckName: 110,
  Notes: 2000,
  'PrimaryPhone.FreeFormNumber': 30,
  'Mobile.FreeFormNumber': 30,
  'Fax.FreeFormNumber': 30,
  'AlternatePhone.FreeFormNumber': 30,
  'WebAddr.URI': 1000,
};

/** DisplayName as QBO derives it from the name parts when it is omitted. */
export function displayNameFromParts(obj: QboObject): string {
  return NAME_PARTS.map((p) => asString(obj[p])?.trim() ?? '')
    .filter((s) => s !== '')
    .join(' ');
}

function buildPerson(
  ctx: OpContext,
  entity: EntityName,
  input: QboObject,
  existing: QboObject | undefined,
): QboObject {
  const o: QboObject = { ...input };
  checkLengths(o, PERSON_LIMITS);
  let display = asString(o['DisplayName'])?.trim() ?? '';
  if (display === '') display = displayNameFromParts(o);
  if (display === '') throw faults.noName();
  checkNoChars(display, [':', '\t', '\n', '\r'], 'DisplayName');
  o['DisplayName'] = display;
  const printName = asString(o['PrintOnCheckName']) ?? display.slice(0, 110);
  checkNoChars(printName, [':', '\t', '\n', '\r'], 'PrintOnCheckName');
  o['PrintOnCheckName'] = printName;
  checkEmail(o, 'PrimaryEmailAddr');
  checkAddress(o, 'BillAddr');
  checkAddress(o, 'ShipAddr');
  assertUniqueName(
    ctx,
    PEOPLE,
    'DisplayName',
    display,
    { entity, id: asString(existing?.['Id']) },
    DUPLICATE,
  );
  o['Active'] = o['Active'] ?? true;
  if (typeof o['Active'] !== 'boolean') throw faults.invalidProperty('Active');
  return o;
}

export const customerDef: EntityDef = {
  name: 'Customer',
  path: 'customer',
  nameList: true,
  ops: { create: true, read: true, update: true, delete: false, void: false },
  queryable: [
    'Id',
    'DisplayName',
    'GivenName',
    'MiddleName',
    'FamilyName',
    'CompanyName',
    'FullyQualifiedName',
    'PrimaryEmailAddr',
    'Active',
    'Balance',
    'Job',
    'ParentRef',
    'MetaData.CreateTime',
    'MetaData.LastUpdatedTime',
  ],
  readOnly: ['FullyQualifiedName', 'Level', 'BalanceWithJobs', 'IsProject'],
  build(ctx, input, existing) {
    const o = buildPerson(ctx, 'Customer', input, existing);
    const isChild = o['Job'] === true || (o['ParentRef'] !== undefined && o['ParentRef'] !== null);
    if (o['Job'] === true && (o['ParentRef'] === undefined || o['ParentRef'] === null))
      throw faults.parentRefRequired();
    const h = hierarchy(ctx, 'Customer', o, isChild, String(o['DisplayName']), asString(existing?.['Id']));
    o['Job'] = isChild;
    o['Level'] = h.Level;
    o['FullyQualifiedName'] = h.FullyQualifiedName;
    o['BillWithParent'] = isChild ? o['BillWithParent'] === true : false;
    optionalRef(ctx, 'TaxCode', o['DefaultTaxCodeRef'], 'DefaultTaxCodeRef');
    optionalRef(ctx, 'Term', o['SalesTermRef'], 'SalesTermRef');
    optionalRef(ctx, 'PaymentMethod', o['PaymentMethodRef'], 'PaymentMethodRef');
    o['Taxable'] = o['Taxable'] ?? true;
    o['CurrencyRef'] = customerCurrency(ctx, o, existing);
    o['PreferredDeliveryMethod'] = o['PreferredDeliveryMethod'] ?? 'Print';
    if (existing) {
      o['Balance'] = existing['Balance'] ?? 0;
      if (existing['OpenBalanceDate'] !== undefined) o['OpenBalanceDate'] = existing['OpenBalanceDate'];
      if (existing['Active'] !== false && o['Active'] === false && (asNumber(existing['Balance']) ?? 0) !== 0)
        throw faults.deleteHasBalance();
    } else {
      o['Balance'] = asNumber(o['Balance']) ?? 0;
      if (o['Balance'] !== 0) o['OpenBalanceDate'] = asString(o['OpenBalanceDate']) ?? today(ctx);
    }
    o['BalanceWithJobs'] = o['Balance'];
    if (
      ctx.options.renameInactiveCustomers &&
      existing?.['Active'] !== false &&
      o['Active'] === false &&
      existing
    ) {
      o['DisplayName'] = `${String(o['DisplayName'])} (deleted)`;
      o['FullyQualifiedName'] = `${String(o['FullyQualifiedName'])} (deleted)`;
    }
    if (ctx.realm.automatedSalesTax && ctx.realm.astTaxCodeId !== undefined)
      o['DefaultTaxCodeRef'] = { value: ctx.realm.astTaxCodeId };
    return o;
  },
};

function simplePerson(name: 'Vendor' | 'Employee', path: string): EntityDef {
  return {
    name,
    path,
    nameList: true,
    ops: { create: true, read: true, update: true, delete: false, void: false },
    queryable: [
      'Id',
      'DisplayName',
      'GivenName',
      'FamilyName',
      'CompanyName',
      'Active',
      'MetaData.CreateTime',
      'MetaData.LastUpdatedTime',
    ],
    readOnly: ['Balance'],
    build(ctx, input, existing) {
      const o = buildPerson(ctx, name, input, existing);
      if (name === 'Vendor') o['Balance'] = existing?.['Balance'] ?? 0;
      return o;
    },
  };
}

export const vendorDef = simplePerson('Vendor', 'vendor');
export const employeeDef = simplePerson('Employee', 'employee');
