import { log, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';

const { countBproRecords } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3 },
  summary: 'Count the tenant’s BPro records',
});

export type StackCheckInput = { tenantId: string };
export type StackCheckResult = { tenantId: string; bproRecords: Record<string, number> };

/**
 * Proves the whole path works: API/demo → Temporal → a worker → PostgreSQL and back.
 * Used by `npm run demo` and by support to check a deployment.
 */
export async function stackCheck(input: StackCheckInput): Promise<StackCheckResult> {
  const bproRecords = await countBproRecords(input.tenantId);
  log.info('stack check finished', { tenantId: input.tenantId });
  return { tenantId: input.tenantId, bproRecords };
}
