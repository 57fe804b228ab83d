// Small name lists: PaymentMethod, Term, TaxAgency, and the read-only TaxCode and TaxRate.
import { faults } from '../errors';
import { asString, type QboObject } from '../util';
import type { OpContext } from './context';
import { assertUniqueName } from './names';
import type { EntityDef } from './types';
import { checkEnum, checkLengths, checkNoChars, checkRange, optionalNumber, requireString } from './validate';

const META = ['MetaData.CreateTime', 'MetaData.LastUpdatedTime'];

export const paymentMethodDef: EntityDef = {
  name: 'PaymentMethod',
  path: 'paymentmethod',
  nameList: true,
  ops: { create: true, read: true, update: true, delete: false, void: false },
  queryable: ['Id', 'Name', 'Type', 'Active', ...META],
  readOnly: [],
  build(ctx: OpContext, input: QboObject, existing: QboObject | undefined) {
    const o: QboObject = { ...input };
    const name = requireString(o, 'Name');
    checkLengths(o, { Name: 31 });
    checkNoChars(name, ['\t', '\n'], 'Name');
    checkEnum(o, 'Type', ['CREDIT_CARD', 'NON_CREDIT_CARD']);
    o['Type'] = o['Type'] ?? 'NON_CREDIT_CARD';
    o['Active'] = o['Active'] ?? true;
    assertUniqueName(
      ctx,
      ['PaymentMethod'],
      'Name',
      name,
      { entity: 'PaymentMethod', id: asString(existing?.['Id']) },
      'Another payment method is already using this name. Please use a different name.',
    );
    return o;
  },
};

export const termDef: EntityDef = {
  name: 'Term',
  path: 'term',
  nameList: true,
  ops: { create: true, read: true, update: true, delete: false, void: false },
  queryable: ['Id', 'Name', 'Active', 'DueDays', 'Type', ...META],
  readOnly: ['Type'],
  build(ctx, input, existing) {
    const o: QboObject = { ...input };
    const name = requireString(o, 'Name');
    checkLengths(o, { Name: 31 });
    const dueDays = optionalNumber(o, 'DueDays');
    const dayOfMonth = optionalNumber(o, 'DayOfMonthDue');
    checkRange(dueDays, 0, 999, 'DueDays');
    checkRange(dayOfMonth, 1, 31, 'DayOfMonthDue');
    checkRange(optionalNumber(o, 'DueNextMonthDays'), 0, 999, 'DueNextMonthDays');
    checkRange(optionalNumber(o, 'DiscountDayOfMonth'), 0, 31, 'DiscountDayOfMonth');
    checkRange(optionalNumber(o, 'DiscountPercent'), 0, 100, 'DiscountPercent');
    checkRange(optionalNumber(o, 'DiscountDays'), 0, 999, 'DiscountDays');
    if (dueDays !== undefined && dayOfMonth !== undefined)
      throw faults.business('A term is either standard (DueDays) or date driven (DayOfMonthDue), not both.');
    o['Type'] = dayOfMonth !== undefined ? 'DATE_DRIVEN' : 'STANDARD';
    if (dayOfMonth === undefined) o['DueDays'] = dueDays ?? 0;
    o['Active'] = o['Active'] ?? true;
    assertUniqueName(
      ctx,
      ['Term'],
      'Name',
      name,
      { entity: 'Term', id: asString(existing?.['Id']) },
      'Another term is already using this name. Please use a different name.',
    );
    return o;
  },
};

export const taxAgencyDef: EntityDef = {
  name: 'TaxAgency',
  path: 'taxagency',
  nameList: false,
  ops: { create: true, read: true, update: false, delete: false, void: false },
  queryable: ['Id', 'DisplayName', ...META],
  readOnly: [],
  build(ctx, input, existing) {
    const o: QboObject = { ...input };
    const name = requireString(o, 'DisplayName');
    checkLengths(o, { DisplayName: 100 });
    assertUniqueName(
      ctx,
      ['TaxAgency'],
      'DisplayName',
      name,
      { entity: 'TaxAgency', id: asString(existing?.['Id']) },
      'Another tax agency is already using this name. Please use a different name.',
    );
    o['TaxTrackedOnSales'] = o['TaxTrackedOnSales'] ?? true;
    o['TaxTrackedOnPurchases'] = o['TaxTrackedOnPurchases'] ?? false;
    return o;
  },
};

function readOnlyList(name: 'TaxCode' | 'TaxRate', path: string, queryable: string[]): EntityDef {
  return {
    name,
    path,
    nameList: true,
    ops: { create: false, read: true, update: false, delete: false, void: false },
    queryable: [...queryable, ...META],
    readOnly: [],
    build() {
      throw faults.unsupportedOperation(
        `Operation Create or Update is not supported for ${name}; use taxservice/taxcode.`,
      );
    },
  };
}

export const taxCodeDef = readOnlyList('TaxCode', 'taxcode', ['Id', 'Name', 'Active', 'Taxable', 'TaxGroup']);
export const taxRateDef = readOnlyList('TaxRate', 'taxrate', [
  'Id',
  'Name',
  'Active',
  'RateValue',
  'AgencyRef',
]);
