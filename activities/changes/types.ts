import type { RecordKey } from '../../db/queries/latest-log';

export type { RecordKey };
export type PollChangesInput = { tenantId: string; since: string | null; workflowId: string };
export type PollChangesResult = {
  /** Where the next poll starts (ISO date-time). */
  next: string | null;
  /** QBO objects the poll saw. */
  changes: number;
  /** Records to sync again now (their missing payment method, term, … appeared). */
  rerun: RecordKey[];
  /** False when the tenant has no live connection: the poller ends. */
  connected: boolean;
};
