// The one place QuickBooks failures are classified (qbo-api.md §3). Everything above this
// boundary sees a QboError with a closed `type`, whether it is retryable, and QBO's own
// code, message, element and intuit_tid for the log.

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
};

/** QBO asks clients to wait 60 s after a 429 when it sends no Retry-After. */
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
  /** Further errors of a multi-error Fault. */
  others?: Array<{ code: string; message: string; detail?: string; element?: string }> | undefined;
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
    this.others = init.others;
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

type FaultError = { code: string; message: string; detail?: string; element?: string };
type ParsedFault = { faultType: string | undefined; errors: FaultError[] };

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** Reads `Fault` (data service) or lowercase `fault` (gateway) from a JSON body. */
export function parseJsonFault(body: unknown): ParsedFault | null {
  const root = obj(body);
  if (!root) return null;
  const upper = obj(root.Fault);
  if (upper) {
    const errors = (Array.isArray(upper.Error) ? upper.Error : []).map(obj).filter((e) => e !== undefined);
    return {
      faultType: str(upper.type),
      errors: errors.map((e) => ({
        code: str(e.code) ?? '',
        message: str(e.Message) ?? '',
        detail: str(e.Detail),
        element: str(e.element) || undefined,
      })),
    };
  }
  const lower = obj(root.fault);
  if (lower) {
    const errors = (Array.isArray(lower.error) ? lower.error : []).map(obj).filter((e) => e !== undefined);
    return {
      faultType: str(lower.type),
      errors: errors.map((e) => ({
        code: str(e.code) ?? '',
        message: str(e.message) ?? '',
        detail: str(e.detail),
        element: str(e.element) || undefined,
      })),
    };
  }
  return null;
}

const xmlText = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

/** Reads `<Fault type=…><Error code=…><Message/><Detail/></Error></Fault>` from an XML body. */
export function parseXmlFault(body: string): ParsedFault | null {
  const fault = /<Fault\b([^>]*)>([\s\S]*?)<\/Fault>/i.exec(body);
  if (!fault) return null;
  const faultType = /type="([^"]*)"/i.exec(fault[1] ?? '')?.[1];
  const errors: FaultError[] = [];
  for (const m of (fault[2] ?? '').matchAll(/<Error\b([^>]*)>([\s\S]*?)<\/Error>/gi)) {
    const attrs = m[1] ?? '';
    const inner = m[2] ?? '';
    const message = /<Message>([\s\S]*?)<\/Message>/i.exec(inner)?.[1];
    const detail = /<Detail>([\s\S]*?)<\/Detail>/i.exec(inner)?.[1];
    errors.push({
      code: /code="([^"]*)"/i.exec(attrs)?.[1] ?? '',
      message: message === undefined ? '' : xmlText(message),
      ...(detail === undefined ? {} : { detail: xmlText(detail) }),
      ...(/element="([^"]+)"/i.exec(attrs)?.[1] ? { element: /element="([^"]+)"/i.exec(attrs)?.[1] } : {}),
    });
  }
  return { faultType, errors };
}

function parseFault(bodyText: string): ParsedFault | null {
  const trimmed = bodyText.trim();
  if (trimmed.startsWith('{')) {
    try {
      return parseJsonFault(JSON.parse(trimmed));
    } catch {
      return null;
    }
  }
  if (trimmed.startsWith('<')) return parseXmlFault(trimmed);
  return null;
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
    default:
      return null;
  }
}

export type HttpFailure = {
  status: number;
  bodyText: string;
  headers: { get(name: string): string | null };
};

/**
 * Classifies a QBO data-API response. Returns null for a success (2xx without a Fault).
 * A 2xx whose body holds a Fault is a failure, as QBO sometimes answers that way.
 */
export function classifyResponse(response: HttpFailure): QboError | null {
  const { status, bodyText, headers } = response;
  const fault = parseFault(bodyText);
  if (status >= 200 && status < 300 && !fault) return null;
  const first = fault?.errors[0];
  const base = {
    status,
    code: first?.code || undefined,
    detail: first?.detail,
    element: first?.element,
    intuitTid: headers.get('intuit_tid') ?? headers.get('intuit-tid') ?? undefined,
    others: fault && fault.errors.length > 1 ? fault.errors.slice(1) : undefined,
  };
  const message = first?.message || first?.detail || `HTTP ${status}`;

  if (status === 429) {
    return new QboError({
      ...base,
      type: 'throttled',
      message,
      retryAfterMs: parseRetryAfter(headers.get('retry-after')),
    });
  }
  if (status === 401) return new QboError({ ...base, type: 'auth_expired', message });
  if (status === 403) {
    const throttled = first?.code === '3001';
    return new QboError({ ...base, type: throttled ? 'throttled' : 'auth_revoked', message });
  }
  if (status >= 500) return new QboError({ ...base, type: 'upstream_unavailable', message });

  // The first error whose code we know decides; several 2020s beside a 6140 are still a 6140.
  for (const e of fault?.errors ?? []) {
    const type = typeForFaultCode(e.code);
    if (type) {
      return new QboError({
        ...base,
        code: e.code,
        detail: e.detail,
        element: e.element,
        type,
        message: e.message || message,
      });
    }
  }
  if (fault?.faultType === 'SystemFault')
    return new QboError({ ...base, type: 'upstream_unavailable', message });
  if (fault?.faultType === 'AuthenticationFault' || fault?.faultType === 'AUTHENTICATION')
    return new QboError({ ...base, type: 'auth_expired', message });
  return new QboError({ ...base, type: 'validation', message });
}

/** A failure before any HTTP response: refused, reset, timed out, or the socket dropped. */
export function classifyNetworkError(error: unknown): QboError {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const text = error instanceof Error ? error.message : String(error);
  return new QboError({ type: 'network', message: `${text}${code ? ` (${code})` : ''}`, code });
}
