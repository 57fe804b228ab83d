import { describe, expect, it } from 'vitest';
import { classifyNetworkError, QboError } from '../../activities/qbo/errors';
import { retryTransient, transientRetryOf } from '../../activities/qbo/retry';

describe('retrying transient failures within a call', () => {
  const network = (cause: Record<string, unknown>, name = 'TypeError') =>
    classifyNetworkError(Object.assign(new TypeError('fetch failed'), { name, cause }));

  it('retries a dropped connection or a 5xx after a backoff, never a timeout', () => {
    expect(transientRetryOf(network({ code: 'ECONNRESET' }))).toBe('after-backoff');
    expect(transientRetryOf(new QboError({ type: 'upstream_unavailable', message: 'HTTP 503' }))).toBe(
      'after-backoff',
    );
    expect(transientRetryOf(network({}, 'TimeoutError'))).toBeNull();
    expect(transientRetryOf(network({ code: 'UND_ERR_HEADERS_TIMEOUT' }))).toBeNull();
  });

  it("retries QBO's short throttle at once; a long one, or our own limiter's, goes to Temporal", () => {
    const throttle = (retryAfterMs: number, status?: number) =>
      new QboError({ type: 'throttled', message: 'slow down', retryAfterMs, status });
    expect(transientRetryOf(throttle(2_000, 429))).toBe('at-once');
    expect(transientRetryOf(throttle(60_000, 429))).toBeNull();
    expect(transientRetryOf(throttle(2_000))).toBeNull();
    expect(transientRetryOf(new QboError({ type: 'validation', message: 'bad' }))).toBeNull();
    expect(transientRetryOf(new Error('not from QBO'))).toBeNull();
  });

  it('tries again at most `attempts` times, and not at all for a timeout', async () => {
    const options = { attempts: 2, baseDelayMs: 0 };
    let tries = 0;
    const reset = network({ code: 'ECONNRESET' });
    await expect(
      retryTransient(options, transientRetryOf, () => {
        tries += 1;
        return Promise.reject(reset);
      }),
    ).rejects.toBe(reset);
    expect(tries).toBe(3);

    tries = 0;
    const timeout = network({}, 'TimeoutError');
    await expect(
      retryTransient(options, transientRetryOf, () => {
        tries += 1;
        return Promise.reject(timeout);
      }),
    ).rejects.toBe(timeout);
    expect(tries).toBe(1);

    tries = 0;
    const ok = await retryTransient(options, transientRetryOf, () =>
      ++tries < 3 ? Promise.reject(reset) : Promise.resolve('answer'),
    );
    expect([ok, tries]).toEqual(['answer', 3]);
  });
});
