import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HOOK_TOLERANCE_SECONDS, signHook, verifyHookSignature } from '../../api/hook-signature';

const secret = 'unit-test-hook-secret-0123456789';
const body =
  '{"tenantId":"t1","entity":"invoice","id":"10042","event":"completed","occurredAt":"2026-11-25T19:00:00Z"}';
const now = 1_764_097_200;

describe('BPro hook signatures', () => {
  it('produces t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">', () => {
    const header = signHook(secret, body, now);
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(header).toBe(`t=${now},v1=${expected}`);
  });

  it('accepts its own signature over the same bytes, as a string or a Buffer', () => {
    const header = signHook(secret, body, now);
    expect(verifyHookSignature(secret, header, body, now)).toEqual({ ok: true, timestamp: now });
    expect(verifyHookSignature(secret, header, Buffer.from(body), now + 10)).toMatchObject({ ok: true });
  });

  it('refuses another secret, a changed body and re-serialised JSON (the raw bytes count)', () => {
    const header = signHook(secret, body, now);
    expect(verifyHookSignature('another-secret-0123456789', header, body, now)).toMatchObject({
      ok: false,
      code: 'invalid_signature',
    });
    expect(verifyHookSignature(secret, header, body.replace('10042', '10043'), now)).toMatchObject({
      ok: false,
      code: 'invalid_signature',
    });
    const reformatted = JSON.stringify(JSON.parse(body) as unknown, null, 2);
    expect(verifyHookSignature(secret, header, reformatted, now)).toMatchObject({
      ok: false,
      code: 'invalid_signature',
    });
  });

  it('refuses a signature whose timestamp was changed (t is part of the signed text)', () => {
    const header = signHook(secret, body, now);
    const moved = header.replace(`t=${now}`, `t=${now + 60}`);
    expect(verifyHookSignature(secret, moved, body, now)).toMatchObject({ code: 'invalid_signature' });
  });

  it('refuses timestamps more than 5 minutes old or ahead, and accepts the edges', () => {
    expect(HOOK_TOLERANCE_SECONDS).toBe(300);
    const old = signHook(secret, body, now - 301);
    const ahead = signHook(secret, body, now + 301);
    expect(verifyHookSignature(secret, old, body, now)).toMatchObject({
      ok: false,
      code: 'stale_signature',
      message: expect.stringContaining('301 s old') as unknown,
    });
    expect(verifyHookSignature(secret, ahead, body, now)).toMatchObject({
      ok: false,
      code: 'stale_signature',
      message: expect.stringContaining('in the future') as unknown,
    });
    expect(verifyHookSignature(secret, signHook(secret, body, now - 300), body, now).ok).toBe(true);
    expect(verifyHookSignature(secret, signHook(secret, body, now + 300), body, now).ok).toBe(true);
  });

  it('checks the signature before freshness: a forged stale hook is invalid, not stale', () => {
    const forged = `t=${now - 3600},v1=${'0'.repeat(64)}`;
    expect(verifyHookSignature(secret, forged, body, now)).toMatchObject({ code: 'invalid_signature' });
  });

  it('refuses missing and malformed headers', () => {
    const v1 = signHook(secret, body, now).split(',')[1] ?? '';
    const cases: Array<string | undefined> = [
      undefined,
      '',
      'garbage',
      `t=${now}`,
      v1,
      `t=abc,${v1}`,
      `t=-5,${v1}`,
      `t=${now},v1=zz`,
      `t=${now},v1=${'ab'.repeat(31)}`, // too short
      `t=${now},v0=${v1.slice(3)}`,
    ];
    for (const header of cases)
      expect(verifyHookSignature(secret, header, body, now), String(header)).toMatchObject({
        ok: false,
        code: 'invalid_signature',
      });
  });

  it('accepts any one of several v1 values (secret rotation) and tolerates spaces', () => {
    const good = signHook(secret, body, now).split(',')[1] ?? '';
    const header = `t=${now}, v1=${'1'.repeat(64)}, ${good}`;
    expect(verifyHookSignature(secret, header, body, now).ok).toBe(true);
    expect(
      verifyHookSignature(
        secret,
        signHook(secret, body, now).toUpperCase().replace('T=', 't=').replace('V1=', 'v1='),
        body,
        now,
      ).ok,
    ).toBe(true);
  });

  it('signs an empty body too (it still fails validation later, not here)', () => {
    expect(verifyHookSignature(secret, signHook(secret, '', now), Buffer.alloc(0), now).ok).toBe(true);
  });
});
