import type { SyncEntity } from '../../workflows/contracts';

export type PollChangesInput = { tenantId: string; since: string | null; workflowId: string };
export type RecordKey = { entity: SyncEntity; bproId: string };
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
