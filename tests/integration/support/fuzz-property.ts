// The property every fuzzed request must meet, and how it runs: seeded (FUZZ_SEED, printed with
// every result), a bounded number of runs per route in CI (FUZZ_RUNS, default below), more on
// demand (FUZZ_RUNS=10000). One summary line per property: runs and the statuses seen.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { FuzzStack } from './fuzz-stack';

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

export const FUZZ_SEED = envInt('FUZZ_SEED', 16_2026);
export const FUZZ_RUNS = envInt('FUZZ_RUNS', 40);
/** A test's timeout for `runs` requests (generous: the machine is shared). */
export const fuzzTimeout = (runs = FUZZ_RUNS) => Math.max(60_000, runs * 250);

export type FuzzRequest = {
  method: string;
  /** Path and query, escaped as they go on the wire. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Tenants this request could write to, beyond the fixtures (e.g. a well-formed path id). */
  tenants?: string[];
};

/**
 * What the answer must be. `json`: the error envelope `{ error: { code, message } }`. `page`: an
 * HTML page, or the envelope when the request never reached the page's routes (an undecodable
 * path). `text`: Prometheus' plain text. `ok`: the statuses a route answers to junk it ignores.
 */
export type Expectation = { answer: 'json' | 'page' | 'text'; ok?: number[] };

/** A form body as a browser sends it. */
export const form = (pairs: Array<[string, string]>) => new URLSearchParams(pairs).toString();
export const formHeaders = (cookie?: string) => ({
  'content-type': 'application/x-www-form-urlencoded',
  ...(cookie ? { cookie } : {}),
});

export type FuzzAnswer = { status: number; contentType: string; text: string; headers: Headers };

export async function send(baseUrl: string, req: FuzzRequest): Promise<FuzzAnswer> {
  const bodyAllowed = req.method !== 'GET' && req.method !== 'HEAD';
  const res = await fetch(`${baseUrl}${req.path}`, {
    method: req.method,
    redirect: 'manual',
    headers: req.headers ?? {},
    ...(bodyAllowed && req.body !== undefined ? { body: req.body } : {}),
    signal: AbortSignal.timeout(15_000),
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    text: await res.text(),
    headers: res.headers,
  };
}

function expectEnvelope(answer: FuzzAnswer) {
  expect(answer.contentType).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code).toBe('string');
  expect(body.error?.code).not.toBe('');
  expect(typeof body.error?.message).toBe('string');
}

export function expectAnswer(answer: FuzzAnswer, expectation: Expectation) {
  if (expectation.ok?.includes(answer.status)) return;
  // Node's HTTP parser refuses headers over 16 kB itself (431, no body), before the app sees them.
  if (answer.status === 431) return;
  expect(answer.status, answer.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(500);
  if (expectation.answer === 'json') return expectEnvelope(answer);
  if (expectation.answer === 'text') return expect(answer.contentType).toMatch(/^text\/plain/);
  if (answer.contentType.startsWith('text/html')) return expect(answer.text).toMatch(/^<!doctype html>/i);
  expectEnvelope(answer);
}

/**
 * Runs the property: each generated request is answered as `expectation` says, never with a 5xx,
 * and a refused one (4xx) leaves the tenants' rows and Temporal as they were.
 */
export async function fuzzRoute<T>(
  env: FuzzStack,
  name: string,
  arbitrary: fc.Arbitrary<T>,
  toRequest: (value: T) => FuzzRequest,
  expectation: Expectation,
  /** Cases always run before the random ones (regressions of what fuzzing once found). */
  examples: Array<[T]> = [],
  runs = FUZZ_RUNS,
): Promise<void> {
  const statuses = new Map<number, number>();
  const property = fc.asyncProperty(arbitrary, async (value) => {
    const req = toRequest(value);
    const scope = req.tenants ?? [];
    const before = await env.fingerprint(scope);
    const temporalBefore = env.temporalWrites.length;
    const answer = await send(env.stack.apiUrl, req);
    statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    expectAnswer(answer, expectation);
    if (answer.status >= 400) {
      expect(await env.fingerprint(scope), 'a refused request changed rows').toBe(before);
      expect(env.temporalWrites.slice(temporalBefore), 'a refused request reached Temporal').toEqual([]);
    }
  });
  const started = Date.now();
  const details = await fc.check(property, { seed: FUZZ_SEED, numRuns: runs, examples });
  const seen = [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  console.warn(
    `fuzz ${name}: ${details.numRuns} runs, seed ${FUZZ_SEED}, ${Date.now() - started} ms; statuses ${seen}`,
  );
  const why = details.errorInstance instanceof Error ? details.errorInstance.message : '';
  expect(details.failed, `${fc.defaultReportMessage(details) ?? ''}\n${why}`).toBe(false);
}
