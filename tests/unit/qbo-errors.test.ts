import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  classifyFault,
  classifyNetworkError,
  classifyResponse,
  DEFAULT_THROTTLE_DELAY_MS,
  parseRetryAfter,
  QboError,
} from '../../activities/qbo/errors';

// Bodies as qbo-api.md §3 documents them (real wire shapes).
const headers = (h: Record<string, string> = {}) => ({
  get: (name: string) => h[name.toLowerCase()] ?? null,
});
const fault = (code: string, message: string, type = 'ValidationFault', element = '') =>
  JSON.stringify({
    Fault: { Error: [{ Message: message, Detail: `${message} : detail`, code, element }], type },
    time: 'x',
  });

describe('classifying QuickBooks responses', () => {
  it('treats a 2xx without a Fault as success, and a 2xx with one as a failure', () => {
    expect(
      classifyResponse({ status: 200, bodyText: '{"Customer":{"Id":"1"}}', headers: headers() }),
    ).toBeNull();
    const error = classifyResponse({
      status: 200,
      bodyText: fault('6240', 'Duplicate Name Exists Error'),
      headers: headers(),
    });
    expect(error?.type).toBe('duplicate_name');
  });

  it.each([
    ['6240', 'duplicate_name', false],
    ['6140', 'duplicate_doc_number', false],
    ['5010', 'stale_object', true],
    ['610', 'not_found_or_inactive', false],
    ['2500', 'not_found_or_inactive', false],
    ['2020', 'validation', false],
    ['6070', 'validation', false],
  ])('a 400 Fault with code %s is %s (retryable: %s)', (code, type, retryable) => {
    const error = classifyResponse({
      status: 400,
      bodyText: fault(code, 'Message', 'ValidationFault', 'DocNumber'),
      headers: headers({ intuit_tid: '1-abc' }),
    });
    expect(error).toMatchObject({
      type,
      retryable,
      code,
      element: 'DocNumber',
      intuitTid: '1-abc',
      status: 400,
    });
  });

  it('lets a known code decide in a multi-error Fault', () => {
    const body = JSON.stringify({
      Fault: {
        Error: [
          { Message: 'Required param missing', code: '2020', element: 'Line' },
          { Message: 'Duplicate Document Number Error', code: '6140', element: '' },
        ],
        type: 'ValidationFault',
      },
    });
    const error = classifyResponse({ status: 400, bodyText: body, headers: headers() });
    expect(error).toMatchObject({ type: 'duplicate_doc_number', code: '6140' });
    expect(error?.others).toHaveLength(1);
  });

  it('reads the lowercase gateway envelope of a 401 as an expired token', () => {
    const body = JSON.stringify({
      warnings: null,
      fault: {
        error: [
          {
            message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
            detail: 'Token expired: x',
            code: '3200',
            element: null,
          },
        ],
        type: 'AUTHENTICATION',
      },
      batchItemResponse: [],
    });
    expect(classifyResponse({ status: 401, bodyText: body, headers: headers() })).toMatchObject({
      type: 'auth_expired',
      retryable: true,
      code: '3200',
      detail: 'Token expired: x',
    });
  });

  it('reads a 403 ApplicationAuthorizationFailed as revoked access', () => {
    const body = JSON.stringify({
      fault: {
        error: [
          {
            message: 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403',
            code: '3100',
          },
        ],
        type: 'SERVICE',
      },
    });
    expect(classifyResponse({ status: 403, bodyText: body, headers: headers() })).toMatchObject({
      type: 'auth_revoked',
      retryable: false,
    });
  });

  it('reads the XML 429 body, honouring Retry-After or defaulting to 60 s', () => {
    const xml = `<?xml version="1.0"?><IntuitResponse xmlns="http://schema.intuit.com/finance/v3"><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message><Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>`;
    expect(
      classifyResponse({ status: 429, bodyText: xml, headers: headers({ 'retry-after': '7' }) }),
    ).toMatchObject({
      type: 'throttled',
      code: '3001',
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(classifyResponse({ status: 429, bodyText: xml, headers: headers() })?.retryAfterMs).toBe(
      DEFAULT_THROTTLE_DELAY_MS,
    );
  });

  it('treats 5xx (even with HTML bodies) as upstream unavailable and retryable', () => {
    for (const status of [500, 502, 503, 504]) {
      expect(
        classifyResponse({ status, bodyText: '<html>Bad Gateway</html>', headers: headers() }),
      ).toMatchObject({
        type: 'upstream_unavailable',
        retryable: true,
      });
    }
  });

  it('treats a SystemFault as retryable', () => {
    expect(
      classifyResponse({
        status: 400,
        bodyText: fault('10000', 'An application error has occurred', 'SystemFault'),
        headers: headers(),
      })?.retryable,
    ).toBe(true);
  });

  it('classifies socket failures as network errors', () => {
    const error = classifyNetworkError(
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }),
    );
    expect(error).toMatchObject({ type: 'network', retryable: true, code: 'ECONNRESET' });
  });

  it('flags a timeout from the error type, not its message', () => {
    const deadline = classifyNetworkError(
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
    );
    expect(deadline).toMatchObject({ type: 'network', timedOut: true, retryable: true });
    for (const code of ['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']) {
      const undici = classifyNetworkError(Object.assign(new TypeError('fetch failed'), { cause: { code } }));
      expect(undici).toMatchObject({ timedOut: true, code });
    }
    // A message that merely mentions a timeout is a dropped connection like any other.
    const reset = classifyNetworkError(
      Object.assign(new TypeError('socket closed: timeout aborted'), { cause: { code: 'ECONNRESET' } }),
    );
    expect(reset.timedOut).toBe(false);
    expect(new QboError({ type: 'upstream_unavailable', message: 'HTTP 503' }).timedOut).toBe(false);
  });

  it('flags the timeout of a real fetch cut off by AbortSignal.timeout', async () => {
    const server = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const error = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(50) }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(classifyNetworkError(error)).toMatchObject({ type: 'network', timedOut: true });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('classifying a batch item Fault', () => {
  it('decides by the code, whatever the message says', () => {
    const dup = classifyFault({
      Error: [{ Message: 'Anything at all', Detail: 'x', code: '6240', element: 'DisplayName' }],
      type: 'ValidationFault',
    });
    expect(dup).toMatchObject({
      type: 'duplicate_name',
      code: '6240',
      element: 'DisplayName',
      message: 'Anything at all',
      status: undefined,
    });
    const worded = classifyFault({ Error: [{ Message: 'Duplicate Name Exists Error', code: '2020' }] });
    expect(worded).toMatchObject({ type: 'validation', code: '2020', retryable: false });
  });

  it('falls back to the fault type, then validation', () => {
    expect(classifyFault({ Error: [{ Message: 'oops', code: '9999' }], type: 'SystemFault' })).toMatchObject({
      type: 'upstream_unavailable',
      retryable: true,
    });
    expect(classifyFault({ Error: [] })).toMatchObject({ type: 'validation' });
    expect(classifyFault('not an object')).toMatchObject({ type: 'validation' });
  });
});

describe('QBO failures as Temporal ApplicationFailures', () => {
  it('keeps the type, retryability, delay and details explicit', async () => {
    const { toApplicationFailure } = await import('../../activities/qbo/failures');
    const { QboError } = await import('../../activities/qbo/errors');
    const throttled = toApplicationFailure(
      new QboError({ type: 'throttled', message: 'slow down', retryAfterMs: 1500, code: '3001' }),
    );
    expect(throttled).toMatchObject({ type: 'QboThrottled', nonRetryable: false, nextRetryDelay: 1500 });
    const dup = toApplicationFailure(
      new QboError({
        type: 'duplicate_name',
        message: 'Duplicate Name Exists Error',
        code: '6240',
        intuitTid: 'tid-1',
      }),
    );
    expect(dup).toMatchObject({ type: 'QboDuplicateName', nonRetryable: true });
    expect(dup.details?.[0]).toMatchObject({ code: '6240', intuitTid: 'tid-1', type: 'duplicate_name' });
    expect(toApplicationFailure(new QboError({ type: 'auth_revoked', message: 'reconnect' }))).toMatchObject({
      type: 'QboAuthRequired',
      nonRetryable: true,
    });
  });
});
