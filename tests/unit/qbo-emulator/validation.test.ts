import { describe, expect, it } from 'vitest';
import { QboFault, faultBody, gatewayFaultBody, throttleXml } from '../../../qbo-emulator/errors';
import { displayNameFromParts } from '../../../qbo-emulator/entities/person';
import {
  checkLength,
  checkNoChars,
  isPlausibleEmail,
  nameKey,
} from '../../../qbo-emulator/entities/validate';
import { qboTime } from '../../../qbo-emulator/util';

function fault(fn: () => void): QboFault | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof QboFault) return e;
    throw e;
  }
  return undefined;
}

describe('validation helpers', () => {
  it('checkLength reports 2050 with QBO detail and element', () => {
    const f = fault(() => checkLength({ DocNumber: 'x'.repeat(45) }, 'DocNumber', 21));
    expect(f?.errors[0]).toMatchObject({
      code: '2050',
      element: 'DocNumber',
      Detail:
        'String length specified does not match the supported length. Min:0 Max:21 supported. Supplied length:45',
    });
    expect(fault(() => checkLength({ DocNumber: 'ok' }, 'DocNumber', 21))).toBeUndefined();
  });

  it('checkNoChars rejects colons, tabs and newlines', () => {
    expect(fault(() => checkNoChars('a:b', [':'], 'DisplayName'))?.errors[0]?.code).toBe('2040');
    expect(fault(() => checkNoChars('a\tb', ['\t'], 'DisplayName'))?.errors[0]?.Detail).toContain('tab');
  });

  it('emails need @ and a dot', () => {
    expect(isPlausibleEmail('a@b.co')).toBe(true);
    expect(isPlausibleEmail('a@b')).toBe(false);
  });

  it('duplicate-name keys trim and optionally fold case', () => {
    expect(nameKey('  Acme ', true)).toBe('acme');
    expect(nameKey('Acme', false)).toBe('Acme');
  });

  it('DisplayName is derived from the name parts', () => {
    expect(displayNameFromParts({ Title: 'Dr.', GivenName: 'Ann', FamilyName: 'Lee', Suffix: 'Jr' })).toBe(
      'Dr. Ann Lee Jr',
    );
  });
});

describe('error shapes', () => {
  it('Fault JSON', () => {
    const f = new QboFault([{ Message: 'm', Detail: 'd', code: '6240', element: '' }]);
    expect(faultBody(f, 't')).toEqual({
      Fault: { Error: [{ Message: 'm', Detail: 'd', code: '6240', element: '' }], type: 'ValidationFault' },
      time: 't',
    });
  });

  it('gateway 401 envelope uses lowercase keys', () => {
    const b = gatewayFaultBody(401, '3200', 'AuthenticationFailed', 'Token expired', 'AUTHENTICATION') as {
      fault: { error: { message: string; code: string }[] };
    };
    expect(b.fault.error[0]).toMatchObject({
      code: '3200',
      message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
    });
  });

  it('429 body is XML with code 3001', () => {
    expect(throttleXml('t')).toContain('<Error code="3001">');
  });

  it('times carry a numeric UTC offset', () => {
    expect(qboTime(Date.UTC(2025, 0, 1, 12, 0, 0), -420)).toBe('2025-01-01T05:00:00.000-07:00');
  });
});
