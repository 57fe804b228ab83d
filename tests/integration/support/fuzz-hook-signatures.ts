// Hook signatures that are wrong in every way a sender or an attacker gets them wrong, for the
// fuzz tests (api-fuzz-public.test.ts). A case says how it is wrong; its header is built when it
// is sent, so a case fast-check replays while shrinking minutes later is still as wrong.
import fc from 'fast-check';
import { HOOK_TOLERANCE_SECONDS, signHook } from '../../../api/hook-signature';
import { FUZZ_HOOK_SECRET } from './fuzz-stack';

const now = () => Math.floor(Date.now() / 1000);
const hmacHex = (header: string) => /v1=([0-9a-f]{64})/.exec(header)?.[1] ?? '';

export type BadSignature =
  | { kind: 'absent' }
  | { kind: 'junk'; header: string }
  | { kind: 'wrong-secret'; secret: string }
  | { kind: 'stale' | 'future'; by: number }
  | { kind: 'other-bytes'; extra: string }
  | { kind: 'bad-t'; t: string }
  | { kind: 'bad-v1'; v1: string[] };

export const badSignature: fc.Arbitrary<BadSignature> = fc.oneof(
  fc.constant({ kind: 'absent' as const }),
  fc
    .oneof(
      fc.string({ maxLength: 120 }),
      fc.constantFrom('t=,v1=', '=,=', ',,,', 't=1', 'v1=', 't=1,v1', 'T=1,V1=00', 't=1;v1=00'),
      fc.integer({ min: 100, max: 7000 }).map((n) => `t=1,${'v1=ab,'.repeat(n / 6)}`),
    )
    .filter((h) => h.trim() !== '')
    .map((header) => ({ kind: 'junk' as const, header })),
  fc
    .string({ minLength: 1, maxLength: 40 })
    .filter((s) => s !== FUZZ_HOOK_SECRET)
    .map((secret) => ({ kind: 'wrong-secret' as const, secret })),
  fc.integer({ min: HOOK_TOLERANCE_SECONDS + 2, max: 10 ** 9 }).map((by) => ({ kind: 'stale' as const, by })),
  fc
    .integer({ min: HOOK_TOLERANCE_SECONDS + 2, max: 10 ** 9 })
    .map((by) => ({ kind: 'future' as const, by })),
  fc.string({ minLength: 1, maxLength: 5 }).map((extra) => ({ kind: 'other-bytes' as const, extra })),
  fc
    .constantFrom('', 'abc', '-5', '1.5', '1e9', '9999999999999', ' ', '0x10', '\u00b2\u00b3')
    .map((t) => ({ kind: 'bad-t' as const, t })),
  fc
    .array(
      fc.oneof(
        fc.stringMatching(/^[0-9a-f]{63}$/),
        fc.stringMatching(/^[0-9a-f]{65}$/),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.stringMatching(/^[g-z]{64}$/),
        fc.constant(''),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((v1) => ({ kind: 'bad-v1' as const, v1 })),
);

export function headerFor(bad: BadSignature, raw: string): string | undefined {
  const t = now();
  switch (bad.kind) {
    case 'absent':
      return undefined;
    case 'junk':
      return bad.header;
    case 'wrong-secret':
      return signHook(bad.secret, raw, t);
    case 'stale':
      return signHook(FUZZ_HOOK_SECRET, raw, t - bad.by);
    case 'future':
      return signHook(FUZZ_HOOK_SECRET, raw, t + bad.by);
    case 'other-bytes':
      return signHook(FUZZ_HOOK_SECRET, raw + bad.extra, t);
    case 'bad-t':
      return `t=${bad.t},v1=${hmacHex(signHook(FUZZ_HOOK_SECRET, raw, t))}`;
    case 'bad-v1':
      return `t=${t},${bad.v1.map((v) => `v1=${v}`).join(',')}`;
  }
}
