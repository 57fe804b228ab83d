// The company's tax lists as a run reads them (company lists: kept per worker, see
// company-lists.ts): codes and rates active or not, and agencies. The US tax handler and the
// Canadian one (tax-ca.ts) share them under the same keys.
import type { CaTaxLists, QboTaxCodeLike, QboTaxRateOfAgency } from '../../mapping/tax-ca';
import type { QboEntity } from '../../qbo/schemas';
import type { SyncContext } from '../types';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const activeOrNot = [{ field: 'Active', op: 'IN' as const, value: [true, false] }];

export const qboTaxCodes = (ctx: SyncContext): Promise<QboEntity[]> =>
  ctx.cache.get('taxCodes', () => ctx.qbo.queryAll('TaxCode', activeOrNot));

export const qboTaxRates = (ctx: SyncContext): Promise<QboEntity[]> =>
  ctx.cache.get('taxRates', () => ctx.qbo.queryAll('TaxRate', activeOrNot));

export const qboTaxAgencies = (ctx: SyncContext): Promise<QboEntity[]> =>
  ctx.cache.get('taxAgencies', () => ctx.qbo.queryAll('TaxAgency'));

export const asTaxCode = (c: QboEntity): QboTaxCodeLike & QboEntity => ({
  ...c,
  Name: str(c.Name),
  Active: c.Active as boolean | undefined,
});

export const asTaxRate = (r: QboEntity): QboTaxRateOfAgency => ({
  Id: r.Id,
  Name: str(r.Name),
  RateValue: r.RateValue as number | string | undefined,
  AgencyRef: r.AgencyRef,
});

/** Codes, rates and agencies, read together (each once per run or per worker, see above). */
export async function caTaxLists(ctx: SyncContext): Promise<CaTaxLists> {
  const [codes, rates, agencies] = await Promise.all([
    qboTaxCodes(ctx),
    qboTaxRates(ctx),
    qboTaxAgencies(ctx),
  ]);
  return { codes: codes.map(asTaxCode), rates: rates.map(asTaxRate), agencies };
}
