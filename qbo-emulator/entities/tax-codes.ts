// The sales rates a TaxCode applies: its SalesTaxRateList, resolved to the TaxRate records and
// their percentages. Shared by the US (transaction tax code) and global (line tax codes) paths.
import type { RateInput } from '../tax';
import { asArray, asNumber, asRecord, refValue, type QboObject } from '../util';
import { findVisible, type OpContext } from './context';

export function salesRatesOf(ctx: OpContext, taxCode: QboObject): RateInput[] {
  const list = asArray(asRecord(taxCode['SalesTaxRateList'])?.['TaxRateDetail']);
  return list.flatMap((d) => {
    const rateId = refValue(asRecord(d)?.['TaxRateRef']);
    const rate = rateId === undefined ? undefined : findVisible(ctx, 'TaxRate', rateId);
    if (!rate || rateId === undefined) return [];
    return [{ rateId, name: String(rate['Name']), percent: asNumber(rate['RateValue']) ?? 0 }];
  });
}
