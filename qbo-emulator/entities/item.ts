// Item: Inventory, NonInventory, Service and Category, with unique names and account rules.
import { faults } from '../errors';
import { asNumber, asString, refValue, type QboObject } from '../util';
import { findVisible, optionalRef, refTo, resolveRef, type OpContext } from './context';
import { assertUniqueName, hierarchy } from './names';
import type { EntityDef } from './types';
import { checkEnum, checkLengths, checkNoChars, checkRange, optionalNumber, requireString } from './validate';

export const ITEM_TYPES = ['Inventory', 'NonInventory', 'Service', 'Category'] as const;

function accountRef(ctx: OpContext, o: QboObject, field: string, required: boolean): void {
  if (o[field] === undefined || o[field] === null) {
    if (required) throw faults.required(field);
    return;
  }
  const acct = resolveRef(ctx, 'Account', o[field], field);
  o[field] = refTo(acct);
}

function build(ctx: OpContext, input: QboObject, existing: QboObject | undefined): QboObject {
  const o: QboObject = { ...input };
  const name = requireString(o, 'Name');
  checkLengths(o, { Name: 100, Sku: 100, Description: 4000, PurchaseDesc: 1000 });
  checkNoChars(name, [':', '\t', '\n', '\r'], 'Name');
  if (o['Type'] === undefined || o['Type'] === null) throw faults.required('Type');
  checkEnum(o, 'Type', [...ITEM_TYPES, 'Group']);
  const type = asString(o['Type']) ?? '';
  if (type === 'Group')
    throw faults.unsupportedOperation('Operation Create of Group items is not supported.');
  if (existing && existing['Type'] !== type && !(existing['Type'] === 'NonInventory' && type === 'Inventory'))
    throw faults.business('You cannot change the type of this item.', 'Type');
  const selfId = asString(existing?.['Id']);
  const isSub = o['SubItem'] === true || refValue(o['ParentRef']) !== undefined;
  if (o['SubItem'] === true && refValue(o['ParentRef']) === undefined) throw faults.parentRefRequired();
  const h = hierarchy(ctx, 'Item', o, isSub, name, selfId);
  if (isSub) {
    const parent = findVisible(ctx, 'Item', refValue(o['ParentRef']) ?? '');
    if (type === 'Category' && parent?.['Type'] !== 'Category')
      throw faults.parentInvalid(
        'Parent Reference Invalid : A category can only be a sub-category of another category.',
      );
    if (type === 'Category' && h.Level > 3) throw faults.subLevelLimit();
  }
  o['SubItem'] = isSub;
  o['Level'] = h.Level;
  o['FullyQualifiedName'] = h.FullyQualifiedName;
  assertUniqueName(
    ctx,
    ['Item'],
    'Name',
    name,
    { entity: 'Item', id: selfId },
    'Another product or service is already using this name. Please use a different name.',
  );
  const unitPrice = optionalNumber(o, 'UnitPrice');
  const cost = optionalNumber(o, 'PurchaseCost');
  checkRange(unitPrice, -99_999_999_999, 99_999_999_999, 'UnitPrice');
  checkRange(cost, -99_999_999_999, 99_999_999_999, 'PurchaseCost');
  o['Active'] = o['Active'] ?? true;
  if (type === 'Category') {
    if (o['Active'] === false) throw faults.business('Category items cannot be made inactive.', 'Active');
    for (const f of ['IncomeAccountRef', 'ExpenseAccountRef', 'AssetAccountRef', 'UnitPrice', 'QtyOnHand'])
      delete o[f];
    return o;
  }
  const strict = ctx.options.strictItemAccounts;
  accountRef(ctx, o, 'IncomeAccountRef', true);
  accountRef(ctx, o, 'ExpenseAccountRef', type === 'Inventory' || strict);
  accountRef(ctx, o, 'AssetAccountRef', type === 'Inventory');
  optionalRef(ctx, 'TaxCode', o['SalesTaxCodeRef'], 'SalesTaxCodeRef');
  o['UnitPrice'] = unitPrice ?? 0;
  o['PurchaseCost'] = cost ?? 0;
  o['Taxable'] = o['Taxable'] ?? false;
  if (type === 'Inventory') {
    if (existing?.['TrackQtyOnHand'] === true && o['TrackQtyOnHand'] === false)
      throw faults.business('Once TrackQtyOnHand is true it cannot be set back to false.', 'TrackQtyOnHand');
    const qty = existing
      ? (asNumber(o['QtyOnHand']) ?? asNumber(existing['QtyOnHand']) ?? 0)
      : asNumber(o['QtyOnHand']);
    if (qty === undefined) throw faults.required('QtyOnHand');
    const started = existing?.['Type'] === 'Inventory' ? existing['InvStartDate'] : undefined;
    if (started === undefined && (o['InvStartDate'] === undefined || o['InvStartDate'] === null))
      throw faults.required('InvStartDate');
    // Intuit (Item.InvStartDate): on update the date sent is an inventory adjust date, which reads do
    // not show; reads always return the original start date (and 6270 keeps using it).
    if (started !== undefined) o['InvStartDate'] = started;
    o['QtyOnHand'] = qty;
    o['TrackQtyOnHand'] = true;
  } else {
    o['TrackQtyOnHand'] = false;
    delete o['QtyOnHand'];
  }
  return o;
}

export const itemDef: EntityDef = {
  name: 'Item',
  path: 'item',
  nameList: true,
  ops: { create: true, read: true, update: true, delete: false, void: false },
  queryable: [
    'Id',
    'Name',
    'FullyQualifiedName',
    'Sku',
    'Type',
    'Active',
    'ParentRef',
    'SubItem',
    'UnitPrice',
    'QtyOnHand',
    'Taxable',
    'MetaData.CreateTime',
    'MetaData.LastUpdatedTime',
  ],
  readOnly: ['FullyQualifiedName', 'Level'],
  build,
};
