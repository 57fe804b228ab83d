// Property-based fuzzing of the JSON API's bodies (issue 16): hostile JSON (wrong kinds, huge
// numbers, deep nesting, prototype keys, control characters), content types and encodings. Each answer is
// a 4xx in the error envelope, never a 5xx, and a refused request writes nothing (rows of the
// tenants involved, Temporal). Seeded; FUZZ_RUNS per property (support/fuzz-property.ts).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { syncEntities } from '../../workflows/contracts';
import {
  anyContentType,
  badString,
  jsonContentType,
  nastyText,
  notBoolean,
  poisoned,
  withControl,
  wrongValue,
} from './support/fuzz-arbitraries';
import { fuzzRoute, fuzzTimeout } from './support/fuzz-property';
import { useFuzzStack } from './support/fuzz-stack';
import { API_TOKEN } from './support/qbo-stack';

const auth = { authorization: `Bearer ${API_TOKEN}` };
const jsonHeaders = (contentType = 'application/json') => ({ ...auth, 'content-type': contentType });

/** Values `startDate` refuses (null is allowed: it clears the date). */
const badDate = fc.oneof(
  wrongValue.filter((v) => typeof v !== 'string' && v !== null),
  withControl,
  fc.constantFrom(
    '0000-01-01',
    '1899-12-31',
    '2026-02-30',
    '2026-13-01',
    '2026-1-1',
    '20260101',
    '2026-02-28T00:00:00Z',
    '',
  ),
);
const badPaymentMethods = fc.oneof(
  wrongValue.filter((v) => !Array.isArray(v) && v !== undefined),
  fc.tuple(badString(64), fc.boolean()).map(([bproId, enabled]) => [{ bproId, enabled }]),
  notBoolean.map((enabled) => [{ bproId: 'pm-1', enabled }]),
  fc.constant([
    { bproId: 'pm-1', enabled: true },
    { bproId: 'pm-1', enabled: false },
  ]),
  fc.constant([{ bproId: 'pm-1', enabled: true, extra: 1 }]),
  fc.constant(Array.from({ length: 1001 }, (_, i) => ({ bproId: `zz-${i}`, enabled: true }))),
);

describe('fuzzing the JSON API: bodies', () => {
  const env = useFuzzStack();
  const { fixtures } = env;

  it(
    'refuses a hostile tenant body and leaves the tenant as it was',
    { timeout: fuzzTimeout() },
    async () => {
      const body = fc.oneof(
        poisoned(
          { name: 'Renamed', qboEnabled: false },
          { name: fc.oneof(badString(200), fc.constantFrom('', '   ', '\t')), qboEnabled: notBoolean },
          ['name', 'qboEnabled'],
        ),
        hostileRawBodyNotTenant(),
      );
      await fuzzRoute(
        env,
        'tenant body',
        fc.tuple(body, jsonContentType),
        ([raw, type]) => ({
          method: 'PUT',
          path: `/api/v1/tenants/${fixtures.connected}`,
          headers: jsonHeaders(type),
          body: raw,
        }),
        { answer: 'json' },
        // NUL reached PostgreSQL as a name (a 500) before the shared edge schema refused it.
        [[['{"name":"a\\u0000b","qboEnabled":true}', 'application/json']]],
      );
    },
  );

  it(
    'refuses a valid body sent as another content type or encoding',
    { timeout: fuzzTimeout() },
    async () => {
      // What the JSON parser reads as UTF-8 JSON (it is lenient about empty parameters): not refused.
      const plainJson = (t: string) => {
        const charset = /charset=([^;]*)/i.exec(t)?.[1]?.trim();
        return (
          t.split(';')[0]?.trim().toLowerCase() === 'application/json' &&
          (!charset || /^utf-8$/i.test(charset))
        );
      };
      const encoding = fc.option(fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown', 'gzip, gzip'), {
        nil: undefined,
      });
      const arb = fc.tuple(anyContentType, encoding).filter(([t, e]) => e !== undefined || !plainJson(t));
      await fuzzRoute(
        env,
        'content type',
        arb,
        ([t, e]) => ({
          method: 'PUT',
          path: `/api/v1/tenants/${fixtures.connected}`,
          headers: { ...auth, ...(t ? { 'content-type': t } : {}), ...(e ? { 'content-encoding': e } : {}) },
          body: '{"name":"Renamed by content type","qboEnabled":false}',
        }),
        { answer: 'json' },
      );
    },
  );

  it('refuses hostile settings and saves nothing of them', { timeout: fuzzTimeout() }, async () => {
    const body = poisoned(
      { startDate: '2026-01-01', paymentMethods: [{ bproId: 'pm-1', enabled: true }] },
      {
        startDate: badDate,
        refundAccountId: fc.oneof(
          badString(64).filter((v) => v !== null),
          fc.constantFrom('', '  '),
        ),
        paymentMethods: badPaymentMethods,
      },
      [],
    );
    await fuzzRoute(
      env,
      'settings body',
      fc.tuple(body, jsonContentType),
      ([raw, type]) => ({
        method: 'PUT',
        path: `/api/v1/tenants/${fixtures.connected}/qbo/settings`,
        headers: jsonHeaders(type),
        body: raw,
      }),
      { answer: 'json' },
      // Found by a 10,000-run pass: one byte declared UTF-16 was decoded to nothing, taken as `{}`.
      [[['0', 'application/json; charset=utf-16']]],
    );
  });

  it('refuses a hostile retry-failed body', { timeout: fuzzTimeout() }, async () => {
    const badEntity = fc.oneof(
      wrongValue.filter((v) => v !== undefined),
      nastyText.filter((s) => !(syncEntities as readonly string[]).includes(s)),
    );
    const body = poisoned({ entity: 'invoice' }, { entity: badEntity }, []);
    await fuzzRoute(
      env,
      'retry-failed body',
      body,
      (raw) => ({
        method: 'POST',
        path: `/api/v1/tenants/${fixtures.connected}/qbo/records/retry-failed`,
        headers: jsonHeaders(),
        body: raw,
      }),
      { answer: 'json' },
    );
  });
});

/** Raw bodies that are not a tenant object (never `{ name, qboEnabled }` of the right kinds). */
function hostileRawBodyNotTenant() {
  return fc.oneof(
    fc.integer({ min: 1, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
    fc.integer({ min: 1, max: 5_000 }).map((n) => '{"name":'.repeat(n) + '1' + '}'.repeat(n)),
    fc.constantFrom(
      '1e309',
      '{"name":1e309,"qboEnabled":true}',
      '{"name":"x","qboEnabled":true,"name":null}',
      '"\\ud800"',
      'null',
      '[]',
      '{',
      '{"name":"x",}',
      '\u0000',
      '{"__proto__":{"qboEnabled":true},"name":"x"}',
      '{"name":"a\\u0000b","qboEnabled":true}',
      '{"name":"\\ud800","qboEnabled":true}',
    ),
    fc.string({ maxLength: 200 }).filter((s) => !s.trim().startsWith('{')),
  );
}
