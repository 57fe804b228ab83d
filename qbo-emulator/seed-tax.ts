// The sales-tax part of a new company's seed: tax agencies (created like the API does), then the
// read-only TaxRate and TaxCode records stored directly. US: TAX/NON pseudo codes and a few state
// codes (seed-data.ts); Canada: its agencies, rates and codes (seed-data-ca.ts), no TAX/NON.
import type { OpContext } from './entities/context';
import { entityDef } from './entities/registry';
import { createEntity } from './operations';
import { AGENCIES, CODES, RATES, SYSTEM_TAX_CODES } from './seed-data';
import { CA_AGENCIES, CA_CODES, CA_RATES } from './seed-data-ca';
import { allocateId, putEntity, type EntityName } from './store';
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

function rateRecord(name: string, percent: number, agencyId: string, history: QboObject[]): QboObject {
  return {
    Name: name,
    Description: name,
    Active: true,
    RateValue: percent,
    AgencyRef: { value: agencyId },
    SpecialTaxType: 'NONE',
    DisplayType: 'ReadOnly',
    EffectiveTaxRate: history,
  };
}

function rateDetails(rates: readonly QboObject[]): QboObject[] {
  return rates.map((r, order) => ({
    TaxRateRef: { value: String(r['Id']), name: String(r['Name']) },
    TaxTypeApplicable: 'TaxOnAmount',
    TaxOrder: order,
  }));
}

/** TAX/NON, three agencies, five rates, three codes; returns the codes (AST uses the third). */
export function seedUsTax(ctx: OpContext): QboObject[] {
  const agencies = AGENCIES.map((DisplayName) => createEntity(ctx, entityDef('TaxAgency'), { DisplayName }));
  for (const code of SYSTEM_TAX_CODES) insertRaw(ctx, 'TaxCode', code, String(code['Name']));
  const rates = RATES.map(([Name, RateValue, agency]) =>
    insertRaw(
      ctx,
      'TaxRate',
      rateRecord(Name, RateValue, String(agencies[agency]?.['Id']), [
        { RateValue, EffectiveDate: '2014-01-01T00:00:00-08:00' },
      ]),
    ),
  );
  return CODES.map(([Name, idx]) =>
    insertRaw(
      ctx,
      'TaxCode',
      taxCodeRecord(Name, idx.length > 1, rateDetails(idx.map((i) => rates[i] ?? {})), []),
    ),
  );
}

/** A Canadian company's agencies, rates and codes (TaxGroup true, both rate lists filled). */
export function seedCanadaTax(ctx: OpContext): void {
  const agencies = CA_AGENCIES.map((a) => createEntity(ctx, entityDef('TaxAgency'), { ...a }));
  const rates = new Map<string, QboObject>();
  for (const r of CA_RATES) {
    const history = r.history.map(([RateValue, from, to]) => ({
      RateValue,
      EffectiveDate: `${from}T00:00:00-08:00`,
      ...(to === undefined ? {} : { EndDate: `${to}T00:00:00-08:00` }),
    }));
    const agencyId = String(agencies[r.agency]?.['Id']);
    rates.set(r.name, insertRaw(ctx, 'TaxRate', rateRecord(r.name, r.percent, agencyId, history)));
  }
  for (const [Name, rateNames] of CA_CODES) {
    const details = rateDetails(rateNames.map((n) => rates.get(n) ?? {}));
    insertRaw(ctx, 'TaxCode', taxCodeRecord(Name, true, details, details));
  }
}

/** A seeded TaxCode: its sales and purchase rate lists. */
function taxCodeRecord(Name: string, TaxGroup: boolean, sales: unknown[], purchase: unknown[]) {
  return {
    Name,
    Description: Name,
    Active: true,
    Hidden: false,
    Taxable: true,
    TaxGroup,
    TaxCodeConfigType: 'USER_DEFINED',
    SalesTaxRateList: { TaxRateDetail: sales },
    PurchaseTaxRateList: { TaxRateDetail: purchase },
  };
}
