// Property tests of the pure rules at the API's edge (issue 16), each against an oracle written
// independently here: the shared text schema refuses exactly the control characters and lone
// surrogates; the sync date is a real calendar day from 1900 on; hook signatures verify only what
// signHook made with the secret, within the window, and never throw on junk; every 4xx the body
// readers or the router raise is classified as the client's. Seeded (FUZZ_SEED), FUZZ_RUNS runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOOK_TOLERANCE_SECONDS, signHook, verifyHookSignature } from '../../api/hook-signature';
import { clientErrorOf } from '../../api/middleware/client-errors';
import { edgeText, oauthStateSchema, syncDateSchema } from '../../api/validation';

const runs = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;
const settings = { seed: Number(process.env.FUZZ_SEED) || 16_2026, numRuns: runs };
const SECRET = 'unit-hook-secret-0123456789';

const isControlOrSurrogate = (code: number) =>
  code <= 0x1f || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff);
/** UTF-16 code units, so a lone surrogate is seen as one. */
const clean = (s: string) =>
  [...Array(s.length).keys()].every((i) => !isControlOrSurrogate(s.charCodeAt(i)) || isPair(s, i));
const isPair = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) return (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
  if (c >= 0xdc00 && c <= 0xdfff) return i > 0 && (s.charCodeAt(i - 1) & 0xfc00) === 0xd800;
  return false;
};

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 30 }),
  fc.string({ maxLength: 30 }),
);

describe('edge rules, fuzzed', () => {
  it(`edgeText refuses exactly control characters and lone surrogates (seed ${settings.seed}, ${runs} runs)`, () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(edgeText(100).safeParse(s).success).toBe(clean(s));
      }),
      settings,
    );
  });

  it('syncDateSchema takes real calendar days from 1900-01-01 on, nothing else', () => {
    const candidate = fc.oneof(
      fc
        .tuple(
          fc.integer({ min: 0, max: 9999 }),
          fc.integer({ min: 0, max: 13 }),
          fc.integer({ min: 0, max: 32 }),
        )
        .map(
          ([y, m, d]) =>
            `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
        ),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(candidate, (s) => {
        const day = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00Z`) : null;
        const real = day !== null && !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === s;
        expect(syncDateSchema.safeParse(s).success).toBe(real && s >= '1900-01-01');
      }),
      settings,
    );
  });

  it('oauthStateSchema takes only base64url of 16–128 characters', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(oauthStateSchema.safeParse(s).success).toBe(/^[A-Za-z0-9_-]{16,128}$/.test(s));
      }),
      settings,
    );
  });

  it('verifies only a signature signHook made with the secret, within the window, and never throws', () => {
    const body = fc.string({ maxLength: 200 });
    const t = 1_800_000_000;
    fc.assert(
      fc.property(
        body,
        fc.integer({ min: -2 * HOOK_TOLERANCE_SECONDS, max: 2 * HOOK_TOLERANCE_SECONDS }),
        fc.string(),
        (raw, skew, junk) => {
          const fresh = Math.abs(skew) <= HOOK_TOLERANCE_SECONDS;
          const signed = verifyHookSignature(SECRET, signHook(SECRET, raw, t - skew), raw, t);
          expect(signed.ok ? 'ok' : signed.code).toBe(fresh ? 'ok' : 'stale_signature');
          expect(verifyHookSignature(SECRET, signHook(`${SECRET}x`, raw, t), raw, t).ok).toBe(false);
          expect(verifyHookSignature(SECRET, signHook(SECRET, raw, t), `${raw} `, t).ok).toBe(false);
          expect(verifyHookSignature(SECRET, junk, raw, t).ok).toBe(false);
          // Secret rotation: a valid v1 beside junk ones is enough.
          const mixed = `${signHook(SECRET, raw, t)},v1=${junk.replaceAll(',', '')}`;
          expect(verifyHookSignature(SECRET, mixed, raw, t).ok).toBe(true);
        },
      ),
      settings,
    );
  });

  it('classifies every 4xx error the router or a body reader raises as the client’s, never throws', () => {
    const errorLike = fc.oneof(
      fc.anything(),
      fc.record({
        status: fc.integer({ min: 100, max: 599 }),
        type: fc.oneof(fc.string(), fc.constantFrom('entity.too.large', 'charset.unsupported')),
      }),
      fc.constant(0).map(() => Object.assign(new URIError('Failed to decode param'), { status: 400 })),
    );
    fc.assert(
      fc.property(errorLike, (error) => {
        const known = clientErrorOf(error);
        const status = (error as { status?: unknown } | null)?.status;
        const clientStatus = typeof status === 'number' && status >= 400 && status <= 499;
        expect(known?.status ?? null).toBe(clientStatus ? status : null);
        if (known) expect(known.code).toMatch(/^[a-z_]+$/);
      }),
      settings,
    );
  });
});
