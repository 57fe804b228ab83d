// What a company's country decides: which tax model its sales forms follow, its default home
// currency and the address its CompanyInfo shows. One place for "is this a Canadian company".
import type { Realm } from './store';

/** Canada's codes as CompanyInfo.Country may carry them (QBO returns "CA"). */
const CANADA = new Set(['CA', 'CAN', 'CANADA']);

export function isCanada(country: string): boolean {
  return CANADA.has(country.trim().toUpperCase());
}

/**
 * The non-US ("global") tax model: a real TaxCode on every sales line, GlobalTaxCalculation and
 * TxnTaxDetail computed per rate. Emulated for Canadian companies only; other non-US countries
 * keep the lenient US-shaped behaviour (README "Canadian companies").
 */
export function usesGlobalTax(realm: Pick<Realm, 'country'>): boolean {
  return isCanada(realm.country);
}

/** The home currency a new company gets when the control call names none. */
export function defaultHomeCurrency(country: string): string {
  return isCanada(country) ? 'CAD' : 'USD';
}

export interface CompanyAddress {
  Line1: string;
  City: string;
  CountrySubDivisionCode: string;
  PostalCode: string;
}

/** CompanyInfo's address: the US sandbox's, or an Ontario one for a Canadian company. */
export function companyAddress(country: string): CompanyAddress {
  return isCanada(country)
    ? { Line1: '100 King Street West', City: 'Toronto', CountrySubDivisionCode: 'ON', PostalCode: 'M5X 1A9' }
    : { Line1: '123 Sierra Way', City: 'San Pablo', CountrySubDivisionCode: 'CA', PostalCode: '87999' };
}
