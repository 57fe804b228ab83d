// Faults about the company's state rather than one request's fields: closed books (6200/6210),
// subscription (6190), company reset (10200), currencies, and the CDC endpoint's parameters.
// Codes and names from Intuit's error-code list; details as observed where a source had them
// (README.md "Company state" lists the sources and what is UNCONFIRMED).
import { faults, one } from './errors';

export const companyFaults = {
  /** 6200: books closed, no password [DOC error codes; Detail UNCONFIRMED]. */
  periodClosed: () =>
    one('6200', 'Account Period Closed', 'Account Period Closed : The account period has closed.'),
  /** 6210: books closed with a password; the wording (with its doubled "through") is what integrators quote. */
  periodClosedPassword: () =>
    one(
      '6210',
      'Account Period Closed, Cannot Update Through Services API',
      'The account period has closed and the account books cannot be updated through through the QBO Services API. Please use the QBO website to make these changes.',
    ),
  /** 6190: the subscription does not allow writes [DOC error codes, Intuit blog 2017: HTTP 400]. */
  invalidCompanyStatus: () =>
    one(
      '6190',
      'Invalid Company Status',
      "Subscription period has ended or cancelled or there was a billing problem : You can't add data to QuickBooks Online Plus because your trial or subscription period ended, you cancelled your subscription, or there was a billing problem. To update your subscription, click the gear icon and view your account information.",
    ),
  /** 10200: a create/update/delete names data from before a company reset [DOC error codes]. */
  companyReset: () => one('10200', 'Company Reset', 'Company has been reset. Request for CUD is stale.'),
  /** 2220 for a CurrencyRef that is not an ISO 4217 code [DOC error codes; use here UNCONFIRMED]. */
  invalidCurrency: (value: string) =>
    one('2220', 'Invalid Currency Type', `Invalid Currency Type : ${value}`, 'CurrencyRef'),
  /** A transaction in another currency than its customer's [code 6000 UNCONFIRMED; wording observed]. */
  currencyMismatch: (txn: string, customer: string) =>
    faults.business(
      `The transaction needs to be in the same currency as the A/R and A/P accounts you use. Transaction currency ${txn}, customer currency ${customer}.`,
      'CurrencyRef',
    ),
  /** A customer's currency is write-once [DOC customer: "Once set, it cannot be changed"; code UNCONFIRMED]. */
  currencyChange: () =>
    faults.business("You can't change the currency of a customer once it is set.", 'CurrencyRef'),
  /** A foreign currency in a company without multicurrency [code UNCONFIRMED]. */
  multicurrencyOff: (code: string) =>
    faults.business(
      `Multicurrency is not enabled for this company: only its home currency can be used (got ${code}).`,
      'CurrencyRef',
    ),
  /** CDC further back than the look-back window [message observed, QuickBooksSharp#19; code UNCONFIRMED]. */
  cdcTooOld: (changedSince: string) =>
    one(
      '500',
      'Unsupported Operation',
      `Operation cdc with changedSince date ${changedSince} which is older than fixed days is not supported.`,
      'changedSince',
    ),
  /** 2060 for a changedSince that is not an ISO date or date-time [UNCONFIRMED]. */
  invalidDate: (element: string, value: string) =>
    one('2060', 'Invalid Date Format', `Invalid Date Format : ${element}=${value}`, element),
  /** 2000 for an entity name CDC does not know or does not support [UNCONFIRMED]. */
  unsupportedObject: (name: string, why: string) =>
    one('2000', 'Invalid or unsupported object name', `Object Name: ${name}. ${why}`, 'entities'),
};
