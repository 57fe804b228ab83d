// The company gate of a sync activity: while the tenant's company is blocked (subscription
// lapsed, company reset), runs wait instead of failing record by record; one run per interval
// goes through as the probe, and the first probe that ends without the condition unblocks it.
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { DEFAULT_BLOCKED_PROBE_SECONDS, DEFAULT_THROTTLED_BLOCK_SECONDS } from '../../config/fragments';
import { blockCompany, passCompanyGate, unblockCompany } from '../../db/queries/company-blocks';
import { COMPANY_BLOCKED_FAILURE } from '../../workflows/contracts';
import type { ActivityDeps } from '../deps';
import { QboError } from '../qbo/errors';
import { companyLists } from './company-lists';

/** What a company-wide QBO refusal means, in plain words, by QBO's code. */
export function companyBlock(error: QboError): { kind: string; reason: string } {
  if (error.type === 'throttled')
    return {
      kind: 'throttled',
      reason:
        "QuickBooks has refused this company's requests as over a limit (HTTP 429) for a long while, though the sync keeps within QBO's rate limits: the app's monthly read quota may be used up, or another app uses the company's limit. The sync waits and resumes by itself when QuickBooks answers again.",
    };
  if (error.code === '10200')
    return {
      kind: 'company_reset',
      reason:
        'The QuickBooks company was reset (QuickBooks error 10200): the records the sync wrote are gone. Disconnect it and connect it again to start afresh.',
    };
  return {
    kind: 'subscription',
    reason: `QuickBooks refuses changes to this company: its subscription is not active (QuickBooks error ${error.code ?? '6190'}). Renew it in QuickBooks; the sync waits and resumes by itself.`,
  };
}

/**
 * A 429 that keeps coming back: a retry (not the first attempt) more than `limitMs` after the
 * activity's first attempt was scheduled.
 */
export function throttledTooLong(
  error: QboError,
  info: { attempt: number; scheduledTimestampMs: number },
  limitMs: number,
  now = Date.now(),
): boolean {
  return error.type === 'throttled' && info.attempt > 1 && now - info.scheduledTimestampMs > limitMs;
}

const throttledLimitMs = (deps: ActivityDeps) =>
  (deps.qbo.settings.throttledBlockSeconds ?? DEFAULT_THROTTLED_BLOCK_SECONDS) * 1000;

const blocked = (reason: string) =>
  ApplicationFailure.create({ type: COMPANY_BLOCKED_FAILURE, message: reason, nonRetryable: true });

/** Runs `run` (given the epoch for its request ids) unless the company is blocked; see passCompanyGate. */
export async function throughCompanyGate<T>(
  deps: ActivityDeps,
  tenantId: string,
  run: (epoch: string) => Promise<T>,
): Promise<T> {
  const probeEveryMs = (deps.qbo.settings.blockedProbeSeconds ?? DEFAULT_BLOCKED_PROBE_SECONDS) * 1000;
  const pass = await passCompanyGate(deps.db, tenantId, probeEveryMs);
  if (pass.gate === 'wait') throw blocked(pass.block.reason);
  // The same read tells whether a company list changed since this worker kept it.
  companyLists.observe(tenantId, pass.lists);
  try {
    const result = await run(pass.epoch);
    if (pass.gate === 'probe') await unblockCompany(deps.db, tenantId);
    return result;
  } catch (error) {
    if (!(
      error instanceof QboError &&
      (error.type === 'company_unavailable' ||
        throttledTooLong(error, Context.current().info, throttledLimitMs(deps)))
    ))
      throw error;
    const block = companyBlock(error);
    await blockCompany(deps.db, tenantId, block);
    throw blocked(block.reason);
  }
}
