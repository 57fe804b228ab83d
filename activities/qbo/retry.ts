// Quick in-call retries of transient QBO failures, before they reach Temporal's retry policy:
// which failures are worth another try within the call, and the loop that gives them one.
import { QboError } from './errors';
import { DEFAULT_MAX_WAIT_MS } from './rate-limiter';

export type TransientRetryOptions = {
  /** Further tries of one call after a 5xx, a dropped connection or a short throttle. Default 3. */
  attempts: number;
  /** First backoff; tripled each time, with jitter. Default 250 ms. */
  baseDelayMs: number;
};

export const DEFAULT_TRANSIENT_RETRIES: TransientRetryOptions = { attempts: 3, baseDelayMs: 250 };

/** Longest throttle pause waited out within a call: as long as the limiter lets a call wait. */
const MAX_INLINE_THROTTLE_MS = DEFAULT_MAX_WAIT_MS;

/** How a failed try is tried again: after a backoff, at once (something else waits), or not. */
export type RetryWay = 'after-backoff' | 'at-once' | null;

/**
 * Whether a failed call is worth trying again within this call: an outage blip (5xx) or a
 * dropped or reset connection, after a backoff (writes carry their requestid, so a retry after a
 * lost answer replays it); a 429 whose pause is short (rate-aimd.ts: 1 s at first), at once, as
 * the rate limiter (told by the transport) waits the pause out on the next acquire. A long throttle goes to
 * Temporal as `nextRetryDelay` instead of holding a worker slot, as does our own limiter's
 * throttle (no HTTP status: it has waited as long as it may). A timed-out call is not retried
 * in place: that is Temporal's job.
 */
export function transientRetryOf(error: unknown): RetryWay {
  if (!(error instanceof QboError)) return null;
  switch (error.type) {
    case 'upstream_unavailable':
      return 'after-backoff';
    case 'network':
      return error.timedOut ? null : 'after-backoff';
    case 'throttled':
      return error.status !== undefined && (error.retryAfterMs ?? Infinity) <= MAX_INLINE_THROTTLE_MS
        ? 'at-once'
        : null;
    default:
      return null;
  }
}

/** Runs `attempt`, trying again while tries remain and `retryWay` names a way. */
export async function retryTransient<T>(
  options: TransientRetryOptions,
  retryWay: (error: unknown) => RetryWay,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      const way = retry < options.attempts ? retryWay(error) : null;
      if (way === null) throw error;
      if (way === 'after-backoff') await sleep(backoffMs(options, retry));
    }
  }
}

/** The pause before retry `retry` (0-based): the base delay tripled each time, ±25 % jitter. */
function backoffMs({ baseDelayMs }: TransientRetryOptions, retry: number): number {
  return baseDelayMs * 3 ** retry * (0.75 + Math.random() * 0.5);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
