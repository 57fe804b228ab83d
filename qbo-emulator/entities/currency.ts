// Currencies of customers and transactions. A customer's CurrencyRef is write-once and defaults to
// the home currency; a transaction takes its customer's currency and may not name another one.
// Without multicurrency only the home currency exists.
import { companyFaults } from '../errors-company';
import { asNumber, asString, refValue, type QboObject } from '../util';
import { findVisible, type OpContext } from './context';

const NAMES: Record<string, string> = {
  USD: 'United States Dollar',
  CAD: 'Canadian Dollar',
  EUR: 'Euro',
  GBP: 'British Pound Sterling',
  AUD: 'Australian Dollar',
  NZD: 'New Zealand Dollar',
  INR: 'Indian Rupee',
  MXN: 'Mexican Peso',
  JPY: 'Japanese Yen',
  CHF: 'Swiss Franc',
  ZAR: 'South African Rand',
};

export function currencyRef(code: string): { value: string; name: string } {
  return { value: code, name: NAMES[code] ?? code };
}

/** The ISO code of a CurrencyRef in a body, or undefined when absent; 2220 when malformed. */
function givenCode(ref: unknown): string | undefined {
  if (ref === undefined || ref === null) return undefined;
  const code = refValue(ref) ?? asString(ref);
  if (code === undefined || !/^[A-Z]{3}$/.test(code))
    throw companyFaults.invalidCurrency(JSON.stringify(ref));
  return code;
}

function checkAvailable(ctx: OpContext, code: string): void {
  if (!ctx.realm.multicurrency && code !== ctx.realm.homeCurrency) throw companyFaults.multicurrencyOff(code);
}

/** A customer's CurrencyRef: the one given (write-once), else the stored one, else the home currency. */
export function customerCurrency(
  ctx: OpContext,
  input: QboObject,
  existing: QboObject | undefined,
): { value: string; name: string } {
  const stored = refValue(existing?.['CurrencyRef']);
  const code = givenCode(input['CurrencyRef']) ?? stored ?? ctx.realm.homeCurrency;
  if (stored !== undefined && code !== stored) throw companyFaults.currencyChange();
  checkAvailable(ctx, code);
  return currencyRef(code);
}

/** The currency of a customer record (home currency when it has none). */
export function currencyOfCustomer(ctx: OpContext, customer: QboObject | undefined): string {
  return refValue(customer?.['CurrencyRef']) ?? ctx.realm.homeCurrency;
}

/**
 * Sets a transaction's CurrencyRef (and ExchangeRate in a multicurrency company): the customer's
 * currency; naming a different one is refused.
 */
export function applyTransactionCurrency(ctx: OpContext, o: QboObject): void {
  const customerId = refValue(o['CustomerRef']);
  const customer = customerId === undefined ? undefined : findVisible(ctx, 'Customer', customerId);
  const given = givenCode(o['CurrencyRef']);
  const code = customer ? currencyOfCustomer(ctx, customer) : (given ?? ctx.realm.homeCurrency);
  if (given !== undefined && given !== code) throw companyFaults.currencyMismatch(given, code);
  checkAvailable(ctx, code);
  o['CurrencyRef'] = currencyRef(code);
  if (!ctx.realm.multicurrency) return;
  const rate = asNumber(o['ExchangeRate']);
  o['ExchangeRate'] = code === ctx.realm.homeCurrency ? 1 : rate !== undefined && rate > 0 ? rate : 1;
}
