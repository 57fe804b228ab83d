// Named timeout/retry presets for the sync activities.
import type { ActivityOptions } from '@temporalio/workflow';

/** Failure types that must not be retried by Temporal (see activities/qbo/failures.ts). */
export const NON_RETRYABLE = [
  'QboAuthRequired',
  'QboValidation',
  'QboDuplicateName',
  'QboDuplicateDocNumber',
  'QboNotFoundOrInactive',
];

/** Database-only activities: quick, retried briefly. */
export const dbActivity: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
};

/** Activities that call QuickBooks: throttling and outages are retried with backoff (or QBO's delay). */
export const qboActivity: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  // The activities heartbeat every few seconds (activities/sync/index.ts), so a crashed worker's
  // page is picked up by another worker this soon rather than minutes later.
  heartbeatTimeout: '20 seconds',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 20,
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
};

/**
 * The record sync (a hook): waiting for QBO's rate limit happens in the workflow (a `deferred`
 * answer, see record-deferral.ts) and costs no attempt; what Temporal retries here (a 429 from
 * QuickBooks itself, an outage, a crash) gets a time budget instead of a count, longer than the
 * company gate's QBO_THROTTLED_BLOCK_SECONDS default so a throttle that lasts becomes a block.
 */
export const recordActivity: ActivityOptions = {
  ...qboActivity,
  scheduleToCloseTimeout: '30 minutes',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
};
