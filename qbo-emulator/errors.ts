// QBO's error shapes: the Fault envelope of the data service, the lowercase `fault` envelope of
// the gateway (401/403), the XML throttle body (429) and OAuth's JSON errors. Pure builders.

export type FaultType = 'ValidationFault' | 'SystemFault' | 'AuthenticationFault' | 'AuthorizationFault';

export interface QboErrorItem {
  Message: string;
  Detail: string;
  code: string;
  element: string;
}

/** A data-service failure that becomes `{"Fault":{...}}` with the given HTTP status. */
export class QboFault extends Error {
  constructor(
    readonly errors: QboErrorItem[],
    readonly status = 400,
    readonly faultType: FaultType = 'ValidationFault',
  ) {
    super(errors.map((e) => `${e.code} ${e.Message}`).join('; '));
  }
}

/** One Fault error with the given HTTP status (400 by default). */
export function one(code: string, message: string, detail: string, element = '', status = 400): QboFault {
  return new QboFault([{ Message: message, Detail: detail, code, element }], status);
}

export const faults = {
  unsupportedOperation: (detail: string) => one('500', 'Unsupported Operation', detail),
  duplicateRequestId: () =>
    one(
      '600',
      'Duplicate Request ID',
      'Duplicate Request ID : The request id was already used with a different request.',
    ),
  objectNotFound: (
    detail = "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
    element = '',
  ) => one('610', 'Object Not Found', detail, element),
  deletedObject: () =>
    one('610', 'Object Not Found', 'Object Not Found : Another user has deleted this transaction.'),
  txnCannotBeLinked: (detail: string) => one('620', 'Txn ID Cannot Be Linked', detail),
  parentInvalid: (detail: string) => one('700', 'Parent Reference Invalid', detail),
  batchTooLarge: (n: number, max: number) =>
    one(
      '1040',
      'Batch size exceeds allowed limit',
      `Batch size exceeds allowed limit. Supplied batch size : ${n}. Max allowed : ${max}`,
    ),
  invalidProperty: (detail: string) =>
    one(
      '2010',
      'Request has invalid or unsupported property',
      `Property Name:${detail} specified is unsupported or invalid`,
    ),
  required: (field: string, element = field) =>
    one(
      '2020',
      'Required param missing, need to supply the required value for the API',
      `Required parameter ${field} is missing in the request`,
      element,
    ),
  invalidId: (element: string, value: string) =>
    one('2030', 'Invalid ID', `Id should be a valid number. Supplied value:${value}`, element),
  invalidString: (element: string, detail: string) => one('2040', 'Invalid String', detail, element),
  stringLength: (element: string, max: number, len: number) =>
    one(
      '2050',
      'String length is either shorter or longer than supported by specification',
      `String length specified does not match the supported length. Min:0 Max:${max} supported. Supplied length:${len}`,
      element,
    ),
  invalidNumber: (element: string, value: string) =>
    one('2090', 'Invalid Number', `Invalid Number : ${value}`, element),
  invalidEnum: (element: string, value: string) =>
    one('2170', 'Invalid Enumeration', `Invalid Enum ${value} : ${element}`, element),
  invalidEmail: (element: string) =>
    one('2210', 'Invalid Email', 'Email Address does not conform to the syntax rules of RFC 822.', element),
  invalidReference: (what: string, id: string, element = '') =>
    one('2500', 'Invalid Reference Id', `Invalid Reference Id : ${what} element id ${id} not found`, element),
  queryParse: (detail: string) => one('4000', 'Error parsing query', detail),
  queryValidation: (detail: string) => one('4001', 'Invalid query', detail),
  staleObject: () =>
    one(
      '5010',
      'Stale Object Error',
      'Stale Object Error : You and root were working on this at the same time. root finished before you did, so your work was not saved.',
    ),
  business: (detail: string, element = '') =>
    one(
      '6000',
      'A business validation error has occurred while processing your request',
      `Business Validation Error: ${detail}`,
      element,
    ),
  invalidAccountType: (detail: string) =>
    one(
      '6000',
      'A business validation error has occurred while processing your request',
      `Business Validation Error: ${detail}`,
    ),
  accountTypeRequired: () =>
    one(
      '6010',
      'Invalid Account.AccountType && Account.SubType',
      'Invalid Account.AccountType && Account.SubType : Either AccountType or AccountSubType must be specified',
    ),
  amountCalculation: (supplied: number, computed: number) =>
    one(
      '6070',
      'Amount calculation incorrect in the request',
      `Amount is not equal to UnitPrice * Qty. Supplied value:${supplied} Calculated value:${computed}`,
      'Line.Amount',
    ),
  noName: () =>
    one(
      '6080',
      'No Name Provided',
      'No Name Provided : Please provide a value for at least one of Title, GivenName, MiddleName, FamilyName, Suffix or DisplayName',
    ),
  invalidLineTaxCode: (value: string) =>
    one(
      '6100',
      'Invalid Line TaxCode in the request',
      `Invalid line TaxCode : ${value}. For US companies a line TaxCodeRef must be TAX or NON.`,
      'Line.SalesItemLineDetail.TaxCodeRef',
    ),
  duplicateDocNumber: (doc: string, txnType: string, txnId: string) =>
    one(
      '6140',
      'Duplicate Document Number Error',
      `Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=${doc} is assigned to TxnType=${txnType} with TxnId=${txnId}`,
    ),
  parentRefRequired: () =>
    one(
      '6150',
      'ParentRef Required Validation Error',
      'ParentRef Required Validation Error : A sub-level entity must have a ParentRef.',
      'ParentRef',
    ),
  subLevelLimit: () =>
    one(
      '6180',
      'Sub Level Limit',
      'Sub Level Limit : You can only have up to 5 levels (a top level and four sub-levels).',
    ),
  inventoryBeforeStart: (item: string, start: string) =>
    one(
      '6270',
      'InventoryTxnDatedBeforeItemStartDate',
      `Transaction date is prior to start date for inventory item : ${item} (start date ${start}). Change the transaction date or the item's start date.`,
      'TxnDate',
    ),
  deleteHasBalance: () =>
    one(
      '6220',
      'Delete List Has Balance Error',
      'Delete List Has Balance Error : You cannot make a customer with an open balance inactive.',
    ),
  duplicateName: (detail: string) =>
    one('6240', 'Duplicate Name Exists Error', `The name supplied already exists. : ${detail}`),
  invalidAccountForTxn: (detail: string) =>
    one('6430', 'Invalid account type used', detail, 'DepositToAccountRef'),
};

export function faultBody(f: QboFault, time: string): unknown {
  return { Fault: { Error: f.errors, type: f.faultType }, time };
}

/** The gateway's 401/403 body: lowercase keys and the extra null fields QBO sends. */
export function gatewayFaultBody(
  status: 401 | 403 | 500,
  code: string,
  name: string,
  detail: string | null,
  type: string,
): unknown {
  return {
    warnings: null,
    intuitObject: null,
    fault: {
      error: [
        {
          message: `message=${name}; errorCode=${code.padStart(6, '0')}; statusCode=${status}`,
          detail,
          code,
          element: null,
        },
      ],
      type,
    },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: Date.now(),
    status: null,
    cdcresponse: [],
  };
}

export function throttleXml(time: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${time}">` +
    '<Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>' +
    '<Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>'
  );
}

export function serviceUnavailableHtml(): string {
  return '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>';
}

export function oauthError(
  error: string,
  description?: string,
): { error: string; error_description?: string } {
  return description === undefined ? { error } : { error, error_description: description };
}
