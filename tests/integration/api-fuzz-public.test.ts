// Property-based fuzzing of the routes without the API token (issue 16): the OAuth callback (a
// 4xx HTML page), the probes and the API's description (JSON), /metrics (Prometheus' plain text),
// and POST /api/v1/hooks/bpro: signatures that are missing,
// malformed, made with another secret, stale or from the future, or over other bytes, on a hook
// that would otherwise start a record sync; and validly signed bodies that are not a hook. Each
// is refused (401 / 400 / 404 in the envelope), never a 5xx, and nothing reaches Temporal or the
// tenant's rows. Also checks the checks: a valid hook does reach Temporal and a write does move
// the fingerprint, so the properties cannot pass for want of seeing anything.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signHook } from '../../api/hook-signature';
import { hookEvents, syncEntities } from '../../workflows/contracts';
import {
  anyContentType,
  badString,
  headerValue,
  hostileRawBody,
  nastyText,
  notString,
  percentText,
  poisoned,
  queryString,
  queryValue,
  withControl,
  withControlChar,
} from './support/fuzz-arbitraries';
import { fingerprintedTables } from './support/fuzz-fingerprint';
import { fuzzRoute, fuzzTimeout, send } from './support/fuzz-property';
import { badSignature, headerFor } from './support/fuzz-hook-signatures';
import { FUZZ_HOOK_SECRET, FUZZ_METRICS_TOKEN, useFuzzStack } from './support/fuzz-stack';

describe('fuzzing the routes without the API token', () => {
  const env = useFuzzStack();
  const { fixtures } = env;
  const hookOf = (tenantId: string, id = 'fz-1') => ({
    tenantId,
    entity: 'invoice',
    id,
    event: 'completed',
    occurredAt: '2026-11-25T19:00:00.000Z',
  });

  it('refuses every wrong signature with 401 and starts nothing', { timeout: fuzzTimeout() }, async () => {
    const raw = JSON.stringify(hookOf(fixtures.connected));
    await fuzzRoute(
      env,
      'hook signature',
      fc.tuple(badSignature, anyContentType),
      ([bad, type]) => {
        const header = headerFor(bad, raw);
        return {
          method: 'POST',
          path: '/api/v1/hooks/bpro',
          headers: { 'content-type': type, ...(header === undefined ? {} : { 'x-bpro-signature': header }) },
          body: raw,
        };
      },
      { answer: 'json' },
    );
  });

  it(
    'refuses validly signed bodies that are not a hook (400/404), starting nothing',
    { timeout: fuzzTimeout() },
    async () => {
      const body = fc.oneof(
        poisoned(
          hookOf(fixtures.connected),
          {
            tenantId: fc.oneof(badString(64), fc.constantFrom('', 'a:b', 'a b', 'ü')),
            entity: fc.oneof(
              notString,
              nastyText.filter((s) => !(syncEntities as readonly string[]).includes(s)),
            ),
            id: fc.oneof(badString(64), fc.constantFrom('', 'a/b', 'a:b')),
            event: fc.oneof(
              notString,
              nastyText.filter((s) => !(hookEvents as readonly string[]).includes(s)),
            ),
            occurredAt: fc.oneof(
              notString,
              withControl,
              fc.constantFrom('yesterday', '2026-13-01T00:00:00Z', '2026-11-25T19:00:00', '2026-11-25', ''),
            ),
          },
          ['tenantId', 'entity', 'id', 'event', 'occurredAt'],
        ),
        hostileRawBody,
        fc.constant(JSON.stringify(hookOf(fixtures.ghost))),
      );
      await fuzzRoute(
        env,
        'hook body',
        fc.tuple(body, anyContentType),
        ([raw, type]) => ({
          method: 'POST',
          path: '/api/v1/hooks/bpro',
          headers: { 'content-type': type, 'x-bpro-signature': signHook(FUZZ_HOOK_SECRET, raw) },
          body: raw,
        }),
        { answer: 'json' },
      );
    },
  );

  it('refuses bodies over 64 kB with 413 before reading them further', async () => {
    const raw = JSON.stringify({ ...hookOf(fixtures.connected), pad: 'x'.repeat(70_000) });
    const answer = await send(env.stack.apiUrl, {
      method: 'POST',
      path: '/api/v1/hooks/bpro',
      headers: { 'content-type': 'application/json', 'x-bpro-signature': signHook(FUZZ_HOOK_SECRET, raw) },
      body: raw,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('sees what it must not miss: a valid hook reaches Temporal, a write moves the fingerprint', async () => {
    expect(fingerprintedTables).toEqual(
      expect.arrayContaining([
        '"qbo_sync"."tenants"',
        '"qbo_sync"."sync_settings"',
        '"qbo_sync"."oauth_states"',
      ]),
    );
    const before = await env.fingerprint([]);
    const writes = env.temporalWrites.length;
    const raw = JSON.stringify(hookOf(fixtures.connected, 'fz-valid'));
    const answer = await send(env.stack.apiUrl, {
      method: 'POST',
      path: '/api/v1/hooks/bpro',
      headers: { 'content-type': 'application/json', 'x-bpro-signature': signHook(FUZZ_HOOK_SECRET, raw) },
      body: raw,
    });
    expect(answer.status).toBe(202);
    expect(env.temporalWrites.slice(writes)).toEqual(['signalWithStart']);
    await env.temporal.workflow
      .getHandle((JSON.parse(answer.text) as { workflowId: string }).workflowId)
      .terminate();
    await env.database.sql`update qbo_sync.tenants set name = 'Moved' where id = ${fixtures.disabled}`;
    expect(await env.fingerprint([])).not.toBe(before);
  });

  it(
    'answers a hostile OAuth callback with a 4xx page and consumes no state',
    { timeout: fuzzTimeout() },
    async () => {
      // Each field absent, well-formed or hostile: one bad field beside good ones is what reaches
      // deepest (a NUL state beside a valid realm id reached the database: issue 16).
      const hostile = fc.oneof(queryValue, withControlChar.map(percentText));
      const field = (name: string, good: fc.Arbitrary<string>) =>
        fc.option(
          fc
            .oneof({ weight: 2, arbitrary: good }, { weight: 1, arbitrary: hostile })
            .map((v) => `${name}=${v}`),
          { nil: undefined },
        );
      const arb = fc
        .tuple(
          field('state', fc.stringMatching(/^[A-Za-z0-9_-]{43}$/)),
          field('code', fc.stringMatching(/^[A-Za-z0-9]{1,40}$/)),
          field('realmId', fc.stringMatching(/^\d{1,16}$/)),
          field('error', fc.constantFrom('access_denied', 'invalid_scope')),
          field('error_description', fc.stringMatching(/^[a-z ]{0,40}$/).map(encodeURIComponent)),
        )
        .map((pairs) => pairs.filter((p) => p !== undefined).join('&'));
      await fuzzRoute(
        env,
        'OAuth callback',
        arb,
        (query) => ({
          method: 'GET',
          path: `/api/v1/qbo/callback?${query}`,
          headers: { cookie: fixtures.cookie },
        }),
        { answer: 'page' },
        // The issue's own finding, always run.
        [['state=%00'], ['state=%00&code=x&realmId=4620816365']],
      );
    },
  );

  it(
    'answers the probes and the API description whatever the query, and junk methods with 404',
    { timeout: fuzzTimeout() },
    async () => {
      const arb = fc.record({
        path: fc.constantFrom('/livez', '/readyz', '/api/v1/openapi.json', '/api/v1/reference'),
        query: queryString(['format', 'verbose']),
        method: fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'DELETE'),
        authorization: headerValue,
      });
      await fuzzRoute(
        env,
        'probes and description',
        arb,
        (r) => ({
          method: r.method,
          path: `${r.path}?${r.query}`,
          headers: { authorization: r.authorization },
        }),
        { answer: 'json', ok: [200] },
      );
    },
  );

  it(
    'refuses a metrics scrape without its token with 401 (plain text)',
    { timeout: fuzzTimeout() },
    async () => {
      const arb = fc.option(
        headerValue.filter((v) => v !== `Bearer ${FUZZ_METRICS_TOKEN}`),
        { nil: undefined },
      );
      await fuzzRoute(
        env,
        'metrics auth',
        arb,
        (authorization) => ({
          method: 'GET',
          path: '/metrics',
          headers: authorization === undefined ? undefined : { authorization },
        }),
        { answer: 'text' },
      );
      const ok = await fetch(`${env.stack.apiUrl}/metrics`, {
        headers: { authorization: `Bearer ${FUZZ_METRICS_TOKEN}` },
      });
      expect(ok.status).toBe(200);
    },
  );
});
