// Writes QBO-shaped responses: JSON entities and Faults, the gateway's 401/403/429/5xx bodies.
import type { Request, Response } from 'express';
import { faultBody, gatewayFaultBody, serviceUnavailableHtml, throttleXml, type QboFault } from '../errors';
import type { EmulatorOptions } from '../options';
import { qboTime } from '../util';

export function timeNow(options: EmulatorOptions): string {
  return qboTime(options.now(), options.utcOffsetMinutes);
}

export function faultResponse(f: QboFault, options: EmulatorOptions): { status: number; body: unknown } {
  return { status: f.status, body: faultBody(f, timeNow(options)) };
}

export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).type('application/json').send(JSON.stringify(body));
}

const AUTH_DETAIL = {
  missing: 'Authorization header is missing',
  malformed: 'Malformed bearer token: too short or too long',
  invalid: 'Token revoked or invalid',
  expired: 'Token expired',
} as const;

function wantsXml(req: Request): boolean {
  return (
    req.accepts(['application/json', 'application/xml']) === 'application/xml' &&
    !req.get('accept')?.includes('json')
  );
}

export function send401(req: Request, res: Response, reason: keyof typeof AUTH_DETAIL): void {
  if (wantsXml(req)) {
    res
      .status(401)
      .type('application/xml')
      .send(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><IntuitResponse xmlns="http://schema.intuit.com/finance/v3"><Fault type="AuthenticationFault"><Error code="100"><Message>General Authentication Error</Message><Detail>AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401</Detail></Error></Fault></IntuitResponse>',
      );
    return;
  }
  sendJson(
    res,
    401,
    gatewayFaultBody(401, '3200', 'AuthenticationFailed', AUTH_DETAIL[reason], 'AUTHENTICATION'),
  );
}

export function send403(res: Response): void {
  sendJson(res, 403, gatewayFaultBody(403, '3100', 'ApplicationAuthorizationFailed', null, 'SERVICE'));
}

/** The throttle answer; `retryAfter` false for the monthly quota, which never sends the header. */
export function send429(res: Response, options: EmulatorOptions, retryAfter = true): void {
  if (retryAfter && options.retryAfterSeconds > 0) res.set('Retry-After', String(options.retryAfterSeconds));
  res
    .status(429)
    .type('application/xml')
    .send(throttleXml(timeNow(options)));
}

/**
 * An injected server error, one of QBO's three shapes (picked by `which` in [0,1)): a 500
 * SystemFault from the service, a 500 lowercase-`fault` from the gateway, a 503 HTML page.
 */
export function send5xx(res: Response, options: EmulatorOptions, which: number): void {
  if (which >= 1 / 3 && which < 2 / 3) {
    sendJson(res, 500, gatewayFaultBody(500, '3100', 'InternalServerError', null, 'SERVICE'));
    return;
  }
  if (which < 1 / 3) {
    sendJson(res, 500, {
      Fault: {
        Error: [
          {
            Message: 'An application error has occurred while processing your request',
            Detail:
              'System Failure Error: An unexpected error occurred while accessing or saving your data. Please wait a few minutes and try again.',
            code: '10000',
            element: '',
          },
        ],
        type: 'SystemFault',
      },
      time: timeNow(options),
    });
  } else {
    res.status(503).type('text/html').send(serviceUnavailableHtml());
  }
}
