// Property-based fuzzing of the JSON API (issue 16): hostile path parameters, query strings and
// auth headers on every /api/v1 route behind the token (bodies: api-fuzz-bodies.test.ts). Each answer is
// a 4xx in the error envelope, never a 5xx, and a refused request writes nothing (rows of the
// tenants involved, Temporal). Seeded; FUZZ_RUNS per property (support/fuzz-property.ts).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { syncEntities } from '../../workflows/contracts';
import { anySegment, badSegment, headerValue, queryString } from './support/fuzz-arbitraries';
import { fuzzRoute, fuzzTimeout, type FuzzRequest } from './support/fuzz-property';
import { useFuzzStack } from './support/fuzz-stack';
import { API_TOKEN } from './support/qbo-stack';

const auth = { authorization: `Bearer ${API_TOKEN}` };
const jsonHeaders = (contentType = 'application/json') => ({ ...auth, 'content-type': contentType });

/** Tenant-scoped routes: method, path after the tenant, body; `ghost`: an unknown tenant is a 4xx too. */
const tenantRoutes: Array<{ method: string; suffix: string; body?: string; ghost: boolean }> = [
  { method: 'PUT', suffix: '', body: '{"name":"Ghost","qboEnabled":true}', ghost: false },
  { method: 'GET', suffix: '/qbo/settings', ghost: true },
  { method: 'PUT', suffix: '/qbo/settings', body: '{}', ghost: true },
  { method: 'GET', suffix: '/qbo/log', ghost: true },
  { method: 'GET', suffix: '/qbo/connect', ghost: true },
  { method: 'GET', suffix: '/qbo/connection', ghost: false },
  { method: 'DELETE', suffix: '/qbo/connection', ghost: true },
  { method: 'GET', suffix: '/qbo/accounts', ghost: true },
  { method: 'POST', suffix: '/qbo/initial-sync', ghost: true },
  { method: 'GET', suffix: '/qbo/initial-sync', ghost: true },
  { method: 'DELETE', suffix: '/qbo/initial-sync', ghost: true },
  { method: 'POST', suffix: '/qbo/records/retry-failed', body: '{}', ghost: true },
];

describe('fuzzing the JSON API: paths, queries, tokens', () => {
  const env = useFuzzStack();
  const { fixtures } = env;

  it(
    'refuses a bad tenant id in every tenant route with a 4xx envelope',
    { timeout: fuzzTimeout() },
    async () => {
      const arb = fc.tuple(fc.constantFrom(...tenantRoutes), fc.boolean()).chain(([route, ghost]) =>
        (route.ghost && ghost ? anySegment(fixtures.ghost) : badSegment).map((segment) => ({
          route,
          segment,
        })),
      );
      await fuzzRoute(
        env,
        'tenant path',
        arb,
        ({ route, segment }) => ({
          method: route.method,
          path: `/api/v1/tenants/${segment}${route.suffix}`,
          headers: jsonHeaders(),
          ...(route.body ? { body: route.body } : {}),
          tenants: [decodeURIComponentOr(segment)],
        }),
        { answer: 'json' },
        // The findings, always run: a path parameter that is not UTF-8 once decoded.
        tenantRoutes.map((route) => [{ route, segment: '%ED%A0%80' }]),
      );
    },
  );

  it(
    'refuses bad record routes (tenant, entity, id) with a 4xx envelope',
    { timeout: fuzzTimeout() },
    async () => {
      const part = (good: fc.Arbitrary<string>) =>
        fc.oneof(
          good.map((raw) => ({ raw, bad: false })),
          badSegment.map((raw) => ({ raw, bad: true })),
        );
      const arb = fc
        .record({
          tenant: part(fc.constantFrom(fixtures.connected, fixtures.ghost)),
          entity: part(fc.constantFrom(...syncEntities)),
          id: part(fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/)),
          action: fc.constantFrom(
            ['GET', ''],
            ['POST', '/retry'],
            ['POST', '/recreate'],
            ['POST', '/unlink'],
          ),
        })
        // A well-formed record of the connected tenant would be re-run: that is not a refusal.
        .filter((r) => r.tenant.bad || r.entity.bad || r.id.bad || r.tenant.raw === fixtures.ghost);
      await fuzzRoute(
        env,
        'record path',
        arb,
        (r) => ({
          method: r.action[0] ?? 'GET',
          path: `/api/v1/tenants/${r.tenant.raw}/qbo/records/${r.entity.raw}/${r.id.raw}${r.action[1] ?? ''}`,
          headers: jsonHeaders(),
          tenants: [decodeURIComponentOr(r.tenant.raw)],
        }),
        { answer: 'json' },
        [
          [
            {
              tenant: { raw: fixtures.connected, bad: false },
              entity: { raw: 'invoice', bad: false },
              id: { raw: '%ED%A0%80', bad: true },
              action: ['POST', '/retry'],
            },
          ],
        ],
      );
    },
  );

  it(
    'answers hostile query strings with a 4xx envelope (or the page asked for)',
    { timeout: fuzzTimeout() },
    async () => {
      const routes: Array<[string, string[], string]> = [
        ['/qbo/log', ['status', 'entity', 'limit', 'cursor'], fixtures.connected],
        ['/qbo/accounts', ['kind'], fixtures.disabled],
        ['/qbo/connect', ['format'], fixtures.disabled],
      ];
      const arb = fc
        .constantFrom(...routes)
        .chain(([suffix, names, tenant]) => queryString(names).map((query) => ({ suffix, tenant, query })));
      // A query the log route can read is answered (it only reads): 200 is fine there.
      await fuzzRoute(
        env,
        'query strings',
        arb,
        ({ suffix, tenant, query }) => ({
          method: 'GET',
          path: `/api/v1/tenants/${tenant}${suffix}?${query}`,
          headers: auth,
        }),
        { answer: 'json', ok: [200] },
      );
    },
  );

  it(
    'refuses a missing, malformed or wrong token with 401 on every token route',
    { timeout: fuzzTimeout() },
    async () => {
      const paths = [
        '/api/v1/health',
        `/api/v1/tenants/${fixtures.connected}`,
        `/api/v1/tenants/${fixtures.connected}/qbo/settings`,
        `/api/v1/tenants/${fixtures.connected}/qbo/log`,
        `/api/v1/tenants/${fixtures.connected}/qbo/connection`,
        '/api/v1/nothing-here',
      ];
      const arb = fc.record({
        path: fc.constantFrom(...paths),
        method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH'),
        authorization: fc.option(
          headerValue.filter((v) => v !== `Bearer ${API_TOKEN}`),
          { nil: undefined },
        ),
      });
      await fuzzRoute(
        env,
        'auth header',
        arb,
        (r): FuzzRequest => ({
          method: r.method,
          path: r.path,
          headers: {
            'content-type': 'application/json',
            ...(r.authorization === undefined ? {} : { authorization: r.authorization }),
          },
          ...(r.method === 'GET' ? {} : { body: '{"name":"Token-less","qboEnabled":false}' }),
        }),
        { answer: 'json' },
      );
    },
  );

  it(
    'answers unknown and undecodable paths under /api/v1 with a 4xx envelope',
    { timeout: fuzzTimeout() },
    async () => {
      const arb = fc.record({
        segments: fc.array(fc.oneof(badSegment, fc.constantFrom('tenants', 'qbo', 'records', 'hooks', 'x')), {
          minLength: 1,
          maxLength: 6,
        }),
        method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH'),
      });
      await fuzzRoute(
        env,
        'unknown paths',
        arb,
        (r) => ({
          method: r.method,
          path: `/api/v1/${r.segments.join('/')}`,
          headers: auth,
        }),
        { answer: 'json' },
      );
    },
  );
});

function decodeURIComponentOr(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
