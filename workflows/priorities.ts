// Temporal task priority and fairness (README "Scaling"): record syncs (hooks) are dispatched
// before bulk work, and within one priority level tenants take turns (fairness key = tenant),
// so one tenant's backlog does not queue up another's. A server without priority/fairness
// enabled ignores both: everything still runs, in FIFO order.
import type { Priority } from '@temporalio/common';

/** Lower runs first (Temporal's range is 1–5; unset is 3). */
export const PRIORITY_KEYS = {
  /** Record syncs: a user is waiting to see the change in QuickBooks. */
  hook: 1,
  /** Initial syncs and their pages (children and activities inherit it). */
  bulk: 4,
} as const;

/** Tenant ids are 1–64 ASCII characters (api/validation.ts): within the 64-byte fairness key limit. */
export const taskPriority = (kind: keyof typeof PRIORITY_KEYS, tenantId: string): Priority => ({
  priorityKey: PRIORITY_KEYS[kind],
  fairnessKey: tenantId,
});
