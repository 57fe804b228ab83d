// What the fuzz tests throw at the API (fast-check arbitraries): path segments, query strings,
// JSON bodies, content types and header values an attacker or a buggy BPro integration could
// send. Every generator of an *invalid* input is invalid by construction (a poison is always
// applied), so "the answer is a 4xx" is the exact property, not a hope.
import fc from 'fast-check';

/** Each UTF-8 byte as %XX: any string, lone surrogates included (as U+FFFD), fits in a URL. */
export const percentBytes = (bytes: Uint8Array) =>
  [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
export const percentText = (s: string) => percentBytes(Buffer.from(s, 'utf8'));

/** Percent-escapes that decode to nothing valid (lone surrogate, overlong, truncated, not hex). */
const badEscapes = fc.constantFrom(
  '%ED%A0%80',
  '%FF',
  '%C0%AF',
  '%E0%80',
  '%80',
  '%',
  '%zz',
  '%0',
  '%F4%90%80%80',
);
/** Escapes that decode to control characters; NUL (which PostgreSQL's text refuses) most often. */
const controlEscapes = fc.oneof(
  { weight: 2, arbitrary: fc.constant('%00') },
  { weight: 3, arbitrary: fc.constantFrom('%07', '%1B', '%7F', '%C2%85', '%0A', '%0D') },
);

/** Strings with the characters that break things: control characters, unicode, quotes, lone surrogates. */
export const nastyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u001b[31m',
    '\u202e',
    '\u0085',
    '\r\n',
    "'; drop table x; --",
    '<script>',
    '../..',
  ),
  fc.integer({ min: 65, max: 3000 }).map((n) => 'a'.repeat(n)),
);

/**
 * A path segment that is not a valid id: undecodable escapes, control characters, unicode,
 * over-long, or shaped wrong. As placed in the URL (already escaped).
 */
export const badSegment = fc.oneof(
  fc
    .tuple(fc.string({ maxLength: 8, unit: 'grapheme-ascii' }), badEscapes)
    .map(([a, e]) => `${encodeURIComponent(a)}${e}`),
  fc.tuple(fc.stringMatching(/^[a-z0-9]{0,8}$/), controlEscapes).map(([a, e]) => `${a}${e}`),
  fc
    .uint8Array({ minLength: 1, maxLength: 40 })
    .filter((b) => !/^[A-Za-z0-9._-]{1,64}$/.test(Buffer.from(b).toString('utf8')))
    .map(percentBytes),
  nastyText.filter((s) => !/^[A-Za-z0-9._-]{1,64}$/.test(s)).map(percentText),
  fc.integer({ min: 65, max: 4000 }).map((n) => 'b'.repeat(n)),
  fc.constantFrom('%2F', '%20', '%3F', '%23', 'a%2Fb', '~', '%25', '%2525'),
);

/** Any segment: a bad one, or a well-formed id of nothing (a ghost). */
export const anySegment = (ghost: string) =>
  fc.oneof({ weight: 4, arbitrary: badSegment }, { weight: 1, arbitrary: fc.constant(ghost) });

const queryKey = (names: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...names) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'a[b]', 'x[]', '') },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map(encodeURIComponent) },
  );
/** A query value, escaped: undecodable, control characters, unicode, numbers out of range, long. */
export const queryValue = fc.oneof(
  nastyText.map(percentText),
  badEscapes,
  controlEscapes,
  fc.tuple(fc.stringMatching(/^[A-Za-z0-9_-]{0,43}$/), controlEscapes).map(([a, e]) => `${a}${e}`),
  fc.constantFrom('', '-1', '0', '1e309', 'NaN', '9007199254740993', 'true', 'null', '[]', '%5B%5D'),
  fc.uint8Array({ maxLength: 30 }).map(percentBytes),
);

/** A query string (without `?`) over the route's own parameter names and others, repeats included. */
export const queryString = (names: string[]) =>
  fc
    .array(fc.tuple(queryKey(names), queryValue), { minLength: 1, maxLength: 6 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

/** A value of the wrong kind for any field. */
export const wrongValue = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, [], {}, [null], { __proto__: null }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Field values of the wrong kind: never a string, never a boolean. */
export const notString = wrongValue.filter((v) => typeof v !== 'string');
export const notBoolean = wrongValue.filter((v) => typeof v !== 'boolean');
const around = (chars: string[]) =>
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...chars), fc.string({ maxLength: 10 }))
    .map(([a, c, b]) => `${a}${c}${b}`);
/** A string with a control character somewhere in it (ASCII around it): survives URL encoding. */
export const withControlChar = around(['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f']);
/** The same, or a lone surrogate half (JSON can carry one; UTF-8 in a URL or form cannot). */
export const withControl = fc.oneof(withControlChar, around(['\ud800', '\udfff']));
export const tooLong = (max: number) =>
  fc.integer({ min: max + 1, max: max + 5000 }).map((n) => 'x'.repeat(n));
/** A string field's invalid values: another kind, a control character, or too long. */
export const badString = (max: number) => fc.oneof(notString, withControl, tooLong(max));

/** Body texts that are not one JSON object of the right shape (raw, so not every one parses). */
export const hostileRawBody = fc.oneof(
  fc.integer({ min: 1, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1, max: 5_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.constantFrom(
    '1e309',
    '-1e309',
    '9'.repeat(400),
    '"\\ud800"',
    'null',
    '[]',
    '""',
    '{',
    '{"a":1,}',
    "{'a':1}",
    '\u0000',
    '{"__proto__":{"x":1}}',
    '{"constructor":{"prototype":{}}}',
  ),
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);

export type Poison = { key: string; value: unknown } | { drop: string } | { replace: unknown };

/**
 * Mutates a valid body so that it is no longer valid: a field of the wrong kind (or a value the
 * route's rules refuse), a key too many, a required key missing, or another JSON value entirely.
 */
export function poisoned(
  base: Record<string, unknown>,
  badValues: Record<string, fc.Arbitrary<unknown>>,
  required: string[],
): fc.Arbitrary<string> {
  const poison: fc.Arbitrary<Poison> = fc.oneof(
    ...Object.entries(badValues).map(([key, arb]) => arb.map((value): Poison => ({ key, value }))),
    fc
      .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', ''), wrongValue)
      .map(([key, value]): Poison => ({ key, value })),
    ...(required.length ? [fc.constantFrom(...required).map((drop): Poison => ({ drop }))] : []),
    fc.constantFrom<unknown>(null, [], 'x', 0, true, [base]).map((replace): Poison => ({ replace })),
  );
  return poison.map((p) => {
    if ('replace' in p) return JSON.stringify(p.replace);
    if ('drop' in p)
      return JSON.stringify(Object.fromEntries(Object.entries(base).filter(([k]) => k !== p.drop)));
    // Written as text: JSON.stringify would drop a `__proto__` own key set through an object literal.
    const rest = Object.entries(base).filter(([k]) => k !== p.key);
    const fields = [
      ...rest.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`),
      `${JSON.stringify(p.key)}:${JSON.stringify(p.value) ?? 'null'}`,
    ];
    return `{${fields.join(',')}}`;
  });
}

/** Content types a JSON route may be sent (the JSON parser reads only the JSON ones). */
export const jsonContentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=UTF-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=koi8-r',
  'application/merge-patch+json',
  'application/vnd.api+json',
);
export const anyContentType = fc.oneof(
  jsonContentType,
  fc.constantFrom(
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    '*/*',
    'application/json; charset',
    'application/json;;;',
    'garbage',
    '',
  ),
);

/** Header values fetch can send (visible latin-1, spaces inside), of any shape and length. */
export const headerValue = fc
  .oneof(
    fc.string({ maxLength: 80 }),
    fc.constantFrom(
      'Bearer',
      'Bearer ',
      'Bearer  x',
      'bearer x',
      'Basic YTpi',
      'Bearer \u00ff\u00fe',
      'Token x',
      'Bearer null',
    ),
    fc.integer({ min: 100, max: 8000 }).map((n) => `Bearer ${'t'.repeat(n)}`),
    fc.string({ maxLength: 40 }).map((s) => `Bearer ${s}`),
  )
  .map((v) => v.trim());
