// The one place QuickBooks failures are classified (qbo-api.md §3). Everything above this
// boundary sees a QboError with a closed `type`, whether it is retryable, and QBO's own
// code, message, element and intuit_tid for the log. Classification goes by HTTP status, QBO's
// error codes and fault type, and the error's own type or code: never by message text.
import { parseFault, parseJsonFault, type FaultError, type ParsedFault } from './fault-parser';

export const qboErrorTypes = [
  'throttled',
  'auth_expired',
  'auth_revoked',
  'stale_object',
  'duplicate_name',
  'duplicate_doc_number',
  'not_found_or_inactive',
  'validation',
  'upstream_unavailable',
  'network',
  'closed_period',
  'inventory_start_date',
  'company_unavailable',
] as const;
export type QboErrorType = (typeof qboErrorTypes)[number];

const RETRYABLE: Record<QboErrorType, boolean> = {
  throttled: true,
  auth_expired: true, // after a refresh
  auth_revoked: false, // a human must reconnect
  stale_object: true, // after a re-read
  duplicate_name: false,
  duplicate_doc_number: false,
  not_found_or_inactive: false,
  validation: false,
  upstream_unavailable: true,
  network: true,
  closed_period: false, // the accountant must reopen the period (or the date must change)
  inventory_start_date: false, // an item's start date must move earlier
  company_unavailable: true, // company-wide (subscription lapsed, company reset): waits, probed, resumes
};

/**
 * QBO's documentation asks clients to wait 60 s after a 429 (no Retry-After): the delay of a
 * throttle nobody has judged yet. The transport replaces it with the realm limiter's short,
 * growing pause (rate-aimd.ts); a throttled batch item keeps it.
 */
export const DEFAULT_THROTTLE_DELAY_MS = 60_000;

export type QboErrorInit = {
  type: QboErrorType;
  message: string;
  status?: number | undefined;
  code?: string | undefined;
  detail?: string | undefined;
  element?: string | undefined;
  intuitTid?: string | undefined;
  retryAfterMs?: number | undefined;
  /** A network failure that was the call's deadline passing (not a dropped connection). */
  timedOut?: boolean | undefined;
  /** Further errors of a multi-error Fault. */
  others?: FaultError[] | undefined;
};

export class QboError extends Error {
  readonly type: QboErrorType;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly element: string | undefined;
  readonly intuitTid: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly timedOut: boolean;
  readonly others: QboErrorInit['others'];

  constructor(init: QboErrorInit) {
    super(init.message);
    this.name = 'QboError';
    this.type = init.type;
    this.retryable = RETRYABLE[init.type];
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.element = init.element;
    this.intuitTid = init.intuitTid;
    this.retryAfterMs =
      init.type === 'throttled' ? (init.retryAfterMs ?? DEFAULT_THROTTLE_DELAY_MS) : init.retryAfterMs;
    this.timedOut = init.timedOut ?? false;
    this.others = init.others;
  }

  /** The same failure, to be retried after `retryAfterMs` (a throttle's pause as the limiter set it). */
  withRetryAfter(retryAfterMs: number): QboError {
    return new QboError({
      type: this.type,
      message: this.message,
      status: this.status,
      code: this.code,
      detail: this.detail,
      element: this.element,
      intuitTid: this.intuitTid,
      retryAfterMs,
      timedOut: this.timedOut,
      others: this.others,
    });
  }

  /** Serializable form for logs and failure details (no secrets in here). */
  toJSON() {
    return {
      type: this.type,
      retryable: this.retryable,
      status: this.status,
      code: this.code,
      message: this.message,
      detail: this.detail,
      element: this.element,
      intuitTid: this.intuitTid,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

/** Retry-After in seconds or as an HTTP date → milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function typeForFaultCode(code: string): QboErrorType | null {
  switch (code) {
    case '3001':
      return 'throttled';
    case '3200':
    case '100':
      return 'auth_expired';
    case '120':
    case '3100':
      return 'auth_revoked';
    case '5010':
      return 'stale_object';
    case '6240':
      return 'duplicate_name';
    case '6140':
      return 'duplicate_doc_number';
    case '610':
    case '2500':
      return 'not_found_or_inactive';
    case '10000':
      return 'upstream_unavailable';
    case '6200':
    case '6210':
      return 'closed_period';
    case '6270':
      return 'inventory_start_date';
    case '6190':
    case '10200':
      return 'company_unavailable';
    default:
      return null;
  }
}

/** An HTTP answer as classifyResponse reads it. */
export type HttpAnswer = {
  status: number;
  bodyText: string;
  headers: { get(name: string): string | null };
};

/** Where a fault came from, for the error's fields. */
type FaultContext = {
  status?: number | undefined;
  intuitTid?: string | undefined;
  retryAfterMs?: number | undefined;
  /** The message when the fault's errors carry none. */
  fallbackMessage: string;
};

/** A QboError of `type` for a fault: the fields of `decider` (the error that decided, by default the first). */
function faultError(
  type: QboErrorType,
  fault: ParsedFault | null,
  context: FaultContext,
  decider: FaultError | undefined = fault?.errors[0],
): QboError {
  const first = fault?.errors[0];
  return new QboError({
    type,
    status: context.status,
    intuitTid: context.intuitTid,
    retryAfterMs: context.retryAfterMs,
    code: decider?.code || undefined,
    detail: decider?.detail,
    element: decider?.element,
    message: decider?.message || first?.message || first?.detail || context.fallbackMessage,
    others: fault && fault.errors.length > 1 ? fault.errors.slice(1) : undefined,
  });
}

/** By the fault's error codes (the first known one decides), then its type; else a validation failure. */
function classifyParsedFault(fault: ParsedFault | null, context: FaultContext): QboError {
  // Several 2020s beside a 6140 are still a 6140.
  for (const e of fault?.errors ?? []) {
    const type = typeForFaultCode(e.code);
    if (type) return faultError(type, fault, context, e);
  }
  if (fault?.faultType === 'SystemFault') return faultError('upstream_unavailable', fault, context);
  if (fault?.faultType === 'AuthenticationFault' || fault?.faultType === 'AUTHENTICATION')
    return faultError('auth_expired', fault, context);
  return faultError('validation', fault, context);
}

/** What the HTTP status decides on its own (a 403 with code 3001 is a throttle), or null. */
function typeForStatus(status: number, fault: ParsedFault | null): QboErrorType | null {
  if (status === 429) return 'throttled';
  if (status === 401) return 'auth_expired';
  if (status === 403) return fault?.errors[0]?.code === '3001' ? 'throttled' : 'auth_revoked';
  if (status >= 500) return 'upstream_unavailable';
  return null;
}

/**
 * Classifies a QBO data-API response. Returns null for a success (2xx without a Fault).
 * A 2xx whose body holds a Fault is a failure, as QBO sometimes answers that way.
 */
export function classifyResponse(response: HttpAnswer): QboError | null {
  const { status, bodyText, headers } = response;
  const fault = parseFault(bodyText);
  if (status >= 200 && status < 300 && !fault) return null;
  const context: FaultContext = {
    status,
    intuitTid: headers.get('intuit_tid') ?? headers.get('intuit-tid') ?? undefined,
    retryAfterMs: status === 429 ? parseRetryAfter(headers.get('retry-after')) : undefined,
    fallbackMessage: `HTTP ${status}`,
  };
  const type = typeForStatus(status, fault);
  return type ? faultError(type, fault, context) : classifyParsedFault(fault, context);
}

/**
 * Classifies a Fault object on its own, as a batch item carries it (`BatchItemResponse[].Fault`,
 * within a 200 answer to the whole batch): by its codes, then its type.
 */
export function classifyFault(fault: unknown): QboError {
  return classifyParsedFault(parseJsonFault({ Fault: fault }), {
    fallbackMessage: 'QuickBooks answered with a Fault',
  });
}

/** undici's own deadlines (connect, response headers, body), as the cause's `code` names them. */
const UNDICI_TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * A failure before any HTTP response: refused, reset, timed out, or the socket dropped. A
 * timeout is flagged (`timedOut`) from the error's type: the call's `AbortSignal.timeout`
 * rejects fetch, or the body read, with a DOMException named `TimeoutError`; undici's own
 * timeouts come as a TypeError whose `cause.code` is one of UNDICI_TIMEOUT_CODES.
 */
export function classifyNetworkError(error: unknown): QboError {
  const fields = error as { name?: unknown; cause?: { code?: unknown } } | null;
  const code = typeof fields?.cause?.code === 'string' ? fields.cause.code : undefined;
  const text = error instanceof Error ? error.message : String(error);
  const timedOut = fields?.name === 'TimeoutError' || (code !== undefined && UNDICI_TIMEOUT_CODES.has(code));
  return new QboError({ type: 'network', message: `${text}${code ? ` (${code})` : ''}`, code, timedOut });
}
