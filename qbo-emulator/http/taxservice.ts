// POST /taxservice/taxcode: creates a tax code with new or existing rates.
import { faults } from '../errors';
import { findVisible, type OpContext } from '../entities/context';
import { assertUniqueName } from '../entities/names';
import { usesGlobalTax } from '../locale';
import { allocateId, putEntity } from '../store';
import { asArray, asNumber, asRecord, asString, qboTime, type QboObject } from '../util';

function insert(ctx: OpContext, name: 'TaxCode' | 'TaxRate', obj: QboObject): QboObject {
  const now = qboTime(ctx.now, ctx.options.utcOffsetMinutes);
  const stored: QboObject = {
    ...obj,
    domain: 'QBO',
    sparse: false,
    Id: allocateId(ctx.realm, name),
    SyncToken: '0',
    MetaData: { CreateTime: now, LastUpdatedTime: now },
  };
  putEntity(ctx.realm, name, stored);
  return stored;
}

export function createTaxService(ctx: OpContext, body: QboObject): QboObject {
  const codeName = asString(body['TaxCode']);
  if (codeName === undefined || codeName.trim() === '') throw faults.required('TaxCode');
  if (codeName.length > 100) throw faults.stringLength('TaxCode', 100, codeName.length);
  assertUniqueName(
    ctx,
    ['TaxCode'],
    'Name',
    codeName,
    { entity: 'TaxCode', id: undefined },
    'Another tax code is already using this name.',
  );
  const details = asArray(body['TaxRateDetails']);
  if (details.length === 0) throw faults.required('TaxRateDetails');
  // Validate everything before storing anything.
  const planned = details.map((d, i) => {
    const rec = asRecord(d) ?? {};
    const applicable = asString(rec['TaxApplicableOn']) ?? 'Sales';
    if (applicable !== 'Sales' && applicable !== 'Purchase')
      throw faults.invalidEnum(`TaxRateDetails[${i}].TaxApplicableOn`, applicable);
    const rateId = asString(rec['TaxRateId']);
    if (rateId !== undefined) {
      const rate = findVisible(ctx, 'TaxRate', rateId);
      if (!rate) throw faults.invalidReference('TaxRate', rateId, 'TaxRateId');
      return { kind: 'existing' as const, rate, applicable };
    }
    const name = asString(rec['TaxRateName']);
    if (name === undefined || name.trim() === '')
      throw faults.required('TaxRateName', `TaxRateDetails[${i}].TaxRateName`);
    assertUniqueName(
      ctx,
      ['TaxRate'],
      'Name',
      name,
      { entity: 'TaxRate', id: undefined },
      'Another tax rate is already using this name.',
    );
    const value = asNumber(rec['RateValue']);
    if (value === undefined) throw faults.required('RateValue', `TaxRateDetails[${i}].RateValue`);
    const agencyId = asString(rec['TaxAgencyId']);
    if (agencyId === undefined) throw faults.required('TaxAgencyId', `TaxRateDetails[${i}].TaxAgencyId`);
    if (!findVisible(ctx, 'TaxAgency', agencyId))
      throw faults.invalidReference('TaxAgency', agencyId, 'TaxAgencyId');
    return { kind: 'new' as const, name, value, agencyId, applicable };
  });
  const out: QboObject[] = [];
  const sales: QboObject[] = [];
  const purchase: QboObject[] = [];
  for (const p of planned) {
    const rate =
      p.kind === 'existing'
        ? p.rate
        : insert(ctx, 'TaxRate', {
            Name: p.name,
            Description: p.name,
            Active: true,
            RateValue: p.value,
            AgencyRef: { value: p.agencyId },
            SpecialTaxType: 'NONE',
            DisplayType: 'ReadOnly',
          });
    const detail = {
      TaxRateRef: { value: String(rate['Id']), name: String(rate['Name']) },
      TaxTypeApplicable: 'TaxOnAmount',
      TaxOrder: 0,
    };
    (p.applicable === 'Sales' ? sales : purchase).push(detail);
    out.push({
      TaxRateName: rate['Name'],
      TaxRateId: rate['Id'],
      RateValue: rate['RateValue'],
      TaxAgencyId: asRecord(rate['AgencyRef'])?.['value'],
      TaxApplicableOn: p.applicable,
    });
  }
  const code = insert(ctx, 'TaxCode', {
    Name: codeName,
    Description: codeName,
    Active: true,
    Hidden: false,
    Taxable: true,
    // Canadian codes report TaxGroup true even with one rate (as QBO's do); US ones only with several.
    TaxGroup: usesGlobalTax(ctx.realm) || planned.length > 1,
    TaxCodeConfigType: 'USER_DEFINED',
    SalesTaxRateList: { TaxRateDetail: sales },
    PurchaseTaxRateList: { TaxRateDetail: purchase },
  });
  return { TaxCode: codeName, TaxCodeId: code['Id'], TaxRateDetails: out };
}
