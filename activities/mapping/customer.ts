// BPro customer → QBO Customer; a BPro job (a customer with a parent) → a QBO sub-customer
// (Job=true, ParentRef = the parent's QBO id).
import { cleanLine, nameKey, nameOrFallback, QBO_LIMITS } from './names';
import { MappingError, ref, refValue, type BproCustomer, type QboRef } from './types';

export type CustomerInput = Pick<
  BproCustomer,
  | 'id'
  | 'parentId'
  | 'displayName'
  | 'companyName'
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'phone'
  | 'addressLine1'
  | 'city'
  | 'region'
  | 'postalCode'
  | 'country'
  | 'isActive'
>;

export type CustomerContext = {
  /** The parent customer's QBO id; required for a job. */
  parentQboId?: string | null;
  /** Use this DisplayName instead of the BPro one (the disambiguated name after a 6240). */
  displayName?: string;
  /** Jobs: bill the parent (QBO BillWithParent). Default false: the job carries its own balance. */
  billWithParent?: boolean;
};

export type QboAddress = {
  Line1?: string;
  City?: string;
  CountrySubDivisionCode?: string;
  PostalCode?: string;
  Country?: string;
};

export type CustomerBody = {
  DisplayName: string;
  CompanyName?: string;
  GivenName?: string;
  FamilyName?: string;
  PrimaryEmailAddr?: { Address: string };
  PrimaryPhone?: { FreeFormNumber: string };
  BillAddr?: QboAddress;
  Active: boolean;
  Job?: true;
  ParentRef?: QboRef;
  BillWithParent?: boolean;
};

/** QBO's minimum for an e-mail address (contains `@` and `.`), as the emulator checks it. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The DisplayName a customer gets in QBO (before any disambiguation). */
export function customerDisplayName(row: Pick<BproCustomer, 'id' | 'displayName'>): string {
  return nameOrFallback(row.displayName, QBO_LIMITS.displayName, `BPro customer ${row.id}`);
}

function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | '' | undefined): void {
  if (value !== undefined && value !== '') target[key] = value;
}

function address(row: CustomerInput): QboAddress | undefined {
  const addr: QboAddress = {};
  setIf(addr, 'Line1', cleanLine(row.addressLine1, QBO_LIMITS.addressLine));
  setIf(addr, 'City', cleanLine(row.city, QBO_LIMITS.city));
  setIf(addr, 'CountrySubDivisionCode', cleanLine(row.region, QBO_LIMITS.region));
  setIf(addr, 'PostalCode', cleanLine(row.postalCode, QBO_LIMITS.postalCode));
  setIf(addr, 'Country', cleanLine(row.country, QBO_LIMITS.country));
  return Object.keys(addr).length > 0 ? addr : undefined;
}

/**
 * The Customer create body. A job (row.parentId set) needs `context.parentQboId`; it becomes a
 * sub-customer. Fields BPro leaves empty are omitted; an e-mail QBO would reject is left out.
 */
export function customerBody(row: CustomerInput, context: CustomerContext = {}): CustomerBody {
  const body: CustomerBody = {
    DisplayName: context.displayName ?? customerDisplayName(row),
    Active: row.isActive,
  };
  setIf(body, 'CompanyName', cleanLine(row.companyName, QBO_LIMITS.companyName));
  setIf(body, 'GivenName', cleanLine(row.firstName, QBO_LIMITS.personName));
  setIf(body, 'FamilyName', cleanLine(row.lastName, QBO_LIMITS.personName));
  const email = cleanLine(row.email, Number.MAX_SAFE_INTEGER);
  if (email !== '' && email.length <= QBO_LIMITS.email && EMAIL.test(email))
    body.PrimaryEmailAddr = { Address: email };
  const phone = cleanLine(row.phone, QBO_LIMITS.phone);
  if (phone !== '') body.PrimaryPhone = { FreeFormNumber: phone };
  const addr = address(row);
  if (addr) body.BillAddr = addr;
  if (row.parentId !== null && row.parentId !== undefined) {
    if (!context.parentQboId)
      throw new MappingError(
        'missing_dependency',
        `Job ${row.id} needs its parent customer ${row.parentId} in QuickBooks first.`,
      );
    body.Job = true;
    body.ParentRef = ref(context.parentQboId);
    body.BillWithParent = context.billWithParent ?? false;
  }
  return body;
}

/** Same as `customerBody`, for a job; throws when the row has no parent. */
export function jobBody(
  row: CustomerInput,
  context: CustomerContext & { parentQboId: string },
): CustomerBody {
  if (row.parentId === null || row.parentId === undefined)
    throw new MappingError('invalid_data', `Customer ${row.id} is not a job (it has no parent).`);
  return customerBody(row, context);
}

/**
 * The existing QBO customer to link instead of creating one: the same DisplayName (QBO compares
 * names case-insensitively), not in `excludeIds` (already linked to another BPro customer, e.g.
 * "Acme Rentals" when this is "ACME Rentals": that one needs a disambiguated name instead). A job
 * only matches a sub-customer of `parentQboId`, a customer only a top-level customer.
 */
export function matchCustomer<
  T extends { Id: string; DisplayName: string; ParentRef?: { value: string } | undefined },
>(
  customers: readonly T[],
  displayName: string,
  options: { parentQboId?: string | null; excludeIds?: ReadonlySet<string> } = {},
): T | undefined {
  const key = nameKey(displayName);
  return customers.find(
    (c) =>
      !options.excludeIds?.has(c.Id) &&
      nameKey(c.DisplayName) === key &&
      (c.ParentRef?.value ?? null) === (options.parentQboId ?? null),
  );
}

/**
 * The currency of a QBO customer when it is not the home currency (a multicurrency company's
 * customer in EUR when BPro's documents are in USD), else undefined. No home currency (multicurrency
 * off) or no CurrencyRef: every customer is in the home currency.
 */
export function foreignCurrencyOf(
  customer: Readonly<Record<string, unknown>>,
  homeCurrency: string | null | undefined,
): string | undefined {
  if (!homeCurrency) return undefined;
  const currency = refValue(customer.CurrencyRef)?.trim().toUpperCase();
  return currency && currency !== homeCurrency.trim().toUpperCase() ? currency : undefined;
}

/** Why a matched customer in a foreign currency is not linked, and what the user does about it. */
export function foreignCurrencyMessage(displayName: string, currency: string, homeCurrency: string): string {
  return (
    `QuickBooks customer "${displayName}" uses ${currency}; BPro invoices are in ${homeCurrency}. ` +
    `Create a ${homeCurrency} customer for it in QuickBooks or rename that one, then press Re-run.`
  );
}
