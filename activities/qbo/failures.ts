import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { QboError, type QboErrorType } from './errors';

/** The ApplicationFailure type names workflows and retry policies match on. */
export const failureTypes: Record<QboErrorType, string> = {
  throttled: 'QboThrottled',
  auth_expired: 'QboAuthExpired',
  auth_revoked: 'QboAuthRequired',
  stale_object: 'QboStaleObject',
  duplicate_name: 'QboDuplicateName',
  duplicate_doc_number: 'QboDuplicateDocNumber',
  not_found_or_inactive: 'QboNotFoundOrInactive',
  validation: 'QboValidation',
  upstream_unavailable: 'QboUnavailable',
  network: 'QboNetwork',
  closed_period: 'QboClosedPeriod',
  inventory_start_date: 'QboInventoryStartDate',
  company_unavailable: 'QboCompanyUnavailable',
};

/**
 * Turns a classified QBO failure into the Temporal failure an activity throws: the type names
 * the class, `nonRetryable` follows the classification, a throttle carries QBO's delay as
 * `nextRetryDelay` (and is benign: expected, not alarming). Details carry QBO's code, element
 * and intuit_tid for the log; never a token.
 */
export function toApplicationFailure(error: QboError, nextRetryDelayMs?: number): ApplicationFailure {
  return ApplicationFailure.create({
    message: error.message,
    type: failureTypes[error.type],
    nonRetryable: !error.retryable,
    details: [error.toJSON()],
    ...(error.type === 'throttled' && error.retryAfterMs !== undefined
      ? { nextRetryDelay: error.retryAfterMs }
      : error.retryable && nextRetryDelayMs !== undefined
        ? { nextRetryDelay: nextRetryDelayMs }
        : {}),
    ...(error.type === 'throttled' ? { category: ApplicationFailureCategory.BENIGN } : {}),
  });
}

/**
 * Runs activity code, converting QBO failures at the boundary; anything else propagates.
 * `retryDelay` may choose the delay before Temporal's next attempt (undefined: the policy's backoff).
 */
export async function withQboFailures<T>(
  fn: () => Promise<T>,
  retryDelay?: (error: QboError) => number | undefined,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof QboError) throw toApplicationFailure(error, retryDelay?.(error));
    throw error;
  }
}
