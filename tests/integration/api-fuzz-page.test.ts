// Property-based fuzzing of the QuickBooks Management page and its forms (issue 16). Its routes
// answer junk with their HTML error page (a 4xx; a path that cannot even be decoded gets the JSON
// envelope, as it never reaches the page's routes); its JSON status endpoint answers the envelope.
// Never a 5xx, and a refused request writes nothing (the connected tenant's rows, Temporal).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { syncEntities } from '../../workflows/contracts';
import {
  badSegment,
  headerValue,
  nastyText,
  queryString,
  tooLong,
  withControlChar,
} from './support/fuzz-arbitraries';
import { form, formHeaders, fuzzRoute, fuzzTimeout, type FuzzRequest } from './support/fuzz-property';
import { useFuzzStack } from './support/fuzz-stack';
import { API_TOKEN } from './support/qbo-stack';

const pageActions = [
  '',
  '/sign-in',
  '/sign-out',
  '/settings',
  '/connect',
  '/disconnect',
  '/initial-sync',
  '/initial-sync.json',
  '/records/retry-failed',
  '/records/invoice/1/rerun',
  '/records/invoice/1/unlink',
];

/** Form fields the settings form refuses: at least one of these is in every generated form. */
const settingsPoison = fc.oneof<fc.Arbitrary<Array<[string, string]>>[]>(
  fc
    .oneof(
      withControlChar,
      fc.constantFrom('0000-01-01', '1899-12-31', '2026-02-30', '2026-13-01', 'soon', '2026-1-1'),
    )
    .map((v) => [['startDate', v]]),
  fc.constant([
    ['startDate', '2026-01-01'],
    ['startDate', '2026-01-02'],
  ]),
  fc.oneof(withControlChar, tooLong(64)).map((v) => [['refundAccountId', v]]),
  fc.oneof(withControlChar, tooLong(64)).map((v) => [
    ['methods', 'pm-1'],
    ['methods', v],
  ]),
  fc.oneof(withControlChar, tooLong(64)).map((v) => [['enabled', v]]),
);

describe('fuzzing the management page and its forms', () => {
  const env = useFuzzStack();
  const { fixtures } = env;
  const page = (rest = '') => `/tenants/${fixtures.connected}/quickbooks${rest}`;

  it('refuses a bad tenant id on every page route', { timeout: fuzzTimeout() }, async () => {
    const arb = fc.record({
      segment: badSegment,
      action: fc.constantFrom(...pageActions),
      cookie: fc.boolean(),
    });
    await fuzzRoute(
      env,
      'page path',
      arb,
      (r): FuzzRequest => {
        const get = r.action === '' || r.action.endsWith('.json');
        return {
          method: get ? 'GET' : 'POST',
          path: `/tenants/${r.segment}/quickbooks${r.action}`,
          headers: formHeaders(r.cookie ? fixtures.cookie : undefined),
          ...(get
            ? {}
            : {
                body: form([
                  ['csrf', fixtures.csrf],
                  ['token', API_TOKEN],
                ]),
              }),
        };
      },
      { answer: 'page' },
    );
  });

  it('refuses hostile settings forms and saves nothing', { timeout: fuzzTimeout() }, async () => {
    const arb = fc.tuple(
      settingsPoison,
      fc.shuffledSubarray<[string, string]>([
        ['startDate', '2026-01-01'],
        ['methods', 'pm-2'],
        ['enabled', 'pm-2'],
      ]),
    );
    await fuzzRoute(
      env,
      'page settings form',
      arb,
      ([poison, valid]) => ({
        method: 'POST',
        path: page('/settings'),
        headers: formHeaders(fixtures.cookie),
        body: form([['csrf', fixtures.csrf], ...valid, ...poison]),
      }),
      { answer: 'page' },
    );
  });

  it(
    'refuses record actions on a bad entity or id, and bulk re-runs of no known entity',
    { timeout: fuzzTimeout() },
    async () => {
      const notEntity = nastyText.filter((s) => s !== '' && !(syncEntities as readonly string[]).includes(s));
      const arb = fc.oneof(
        fc
          .record({
            entity: fc.oneof(badSegment, fc.constantFrom(...syncEntities)),
            id: fc.oneof(badSegment, fc.constant('1')),
            action: fc.constantFrom('rerun', 'recreate', 'unlink'),
          })
          .filter((r) => r.id !== '1' || !(syncEntities as readonly string[]).includes(r.entity))
          .map((r) => ({
            path: page(`/records/${r.entity}/${r.id}/${r.action}`),
            fields: [] as Array<[string, string]>,
          })),
        notEntity.map((entity) => ({
          path: page('/records/retry-failed'),
          fields: [['entity', entity]] as Array<[string, string]>,
        })),
      );
      await fuzzRoute(
        env,
        'page record actions',
        arb,
        ({ path, fields }) => ({
          method: 'POST',
          path,
          headers: formHeaders(fixtures.cookie),
          body: form([['csrf', fixtures.csrf], ['back', 'status=failed'], ...fields]),
        }),
        { answer: 'page' },
      );
    },
  );

  it(
    'refuses every form post without a valid session and CSRF token',
    { timeout: fuzzTimeout() },
    async () => {
      const arb = fc
        .record({
          action: fc.constantFrom(
            '/settings',
            '/connect',
            '/disconnect',
            '/initial-sync',
            '/sign-out',
            '/records/retry-failed',
          ),
          csrf: fc.option(fc.oneof(fc.string({ maxLength: 60 }), withControlChar), { nil: undefined }),
          cookie: fc.oneof(
            fc.constant(fixtures.cookie),
            fc.constant(undefined),
            headerValue.map((v) => `qbo_page_session=${v}`),
          ),
        })
        .filter((r) => r.csrf !== fixtures.csrf);
      await fuzzRoute(
        env,
        'page forms without CSRF',
        arb,
        (r) => ({
          method: 'POST',
          path: page(r.action),
          headers: formHeaders(r.cookie),
          body: form(r.csrf === undefined ? [] : [['csrf', r.csrf]]),
        }),
        { answer: 'page' },
      );
    },
  );

  it(
    'refuses a wrong API token at the page sign-in and starts no session',
    { timeout: fuzzTimeout() },
    async () => {
      const arb = fc.oneof(
        fc.string({ maxLength: 80 }),
        withControlChar,
        tooLong(300),
        fc.constant(`${API_TOKEN} `),
      );
      await fuzzRoute(
        env,
        'page sign-in',
        arb,
        (token) => ({
          method: 'POST',
          path: page('/sign-in'),
          headers: formHeaders(),
          body: form([['token', token]]),
        }),
        { answer: 'page' },
      );
    },
  );

  it(
    'answers hostile page queries and cookies with the page, the sign-in page or a 4xx',
    { timeout: fuzzTimeout() },
    async () => {
      const arb = fc.record({
        query: queryString(['status', 'entity', 'cursor', 'done', 'n', 'confirm', 'unsupported', 't', 'sig']),
        cookie: fc.oneof(
          fc.constant(fixtures.cookie),
          headerValue.map((v) => `qbo_page_session=${v}`),
        ),
        json: fc.boolean(),
      });
      await fuzzRoute(
        env,
        'page queries',
        arb,
        (r) => ({
          method: 'GET',
          path: `${page(r.json ? '/initial-sync.json' : '')}?${r.query}`,
          headers: { cookie: r.cookie },
        }),
        { answer: 'page', ok: [200] },
      );
    },
  );
});
