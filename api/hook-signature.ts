// BPro hook signatures (design.md §6): `X-BPro-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`,
// the HMAC taken with HOOK_SECRET over `<t>.<raw body>`. Pure: no clock, no I/O, so the rules are
// unit-tested and the demo and tests sign hooks with the same code.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const HOOK_SIGNATURE_HEADER = 'X-BPro-Signature';
/** How far a signature's timestamp may be from now, either way (replay window). */
export const HOOK_TOLERANCE_SECONDS = 300;

export type HookSignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; code: 'invalid_signature' | 'stale_signature'; message: string };

const toBuffer = (body: Buffer | string) => (typeof body === 'string' ? Buffer.from(body, 'utf8') : body);

function hmacHex(secret: string, timestamp: string, rawBody: Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** Constant-time equality of two digests; unequal lengths are unequal (timingSafeEqual throws on them). */
function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The header value for a body signed at `nowSeconds` (defaults to the current time). */
export function signHook(
  secret: string,
  rawBody: Buffer | string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): string {
  const t = String(Math.floor(nowSeconds));
  return `t=${t},v1=${hmacHex(secret, t, toBuffer(rawBody))}`;
}

/**
 * Checks a signature header against the exact bytes received. Several `v1=` values are allowed
 * (secret rotation: the sender signs with old and new); one matching is enough. Compared in
 * constant time. A timestamp more than HOOK_TOLERANCE_SECONDS away from `nowSeconds` is stale.
 */
export function verifyHookSignature(
  secret: string,
  header: string | undefined,
  rawBody: Buffer | string,
  nowSeconds: number,
  toleranceSeconds: number = HOOK_TOLERANCE_SECONDS,
): HookSignatureCheck {
  const invalid = (message: string): HookSignatureCheck => ({
    ok: false,
    code: 'invalid_signature',
    message,
  });
  if (!header) return invalid(`Missing ${HOOK_SIGNATURE_HEADER} header`);

  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') timestamp = value;
    else if (key === 'v1') signatures.push(value);
  }
  if (!timestamp || !/^\d{1,12}$/.test(timestamp))
    return invalid(`${HOOK_SIGNATURE_HEADER} has no valid t=<unix seconds>`);
  if (signatures.length === 0) return invalid(`${HOOK_SIGNATURE_HEADER} has no v1=<signature>`);

  const expected = Buffer.from(hmacHex(secret, timestamp, toBuffer(rawBody)), 'hex');
  // Every well-formed candidate is compared, whole, in constant time (no early exit on a match).
  let matches = false;
  for (const candidate of signatures) {
    if (/^[0-9a-fA-F]{64}$/.test(candidate) && sameDigest(Buffer.from(candidate, 'hex'), expected))
      matches = true;
  }
  if (!matches) return invalid('The hook signature does not match its body');

  const t = Number(timestamp);
  if (Math.abs(nowSeconds - t) > toleranceSeconds)
    return {
      ok: false,
      code: 'stale_signature',
      message:
        (nowSeconds >= t
          ? `The hook signature is ${nowSeconds - t} s old`
          : `The hook signature is dated ${t - nowSeconds} s in the future`) +
        `; at most ${toleranceSeconds} s either way is accepted`,
    };
  return { ok: true, timestamp: t };
}
