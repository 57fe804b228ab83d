import type { EntityCounts, HookEvent, SyncEntity } from '../../workflows/contracts';

/** The settings a sync runs with, read once at its start (small: it travels in workflow history). */
export type SyncSnapshot = {
  /** YYYY-MM-DD; null = everything. */
  startDate: string | null;
  refundAccountId: string | null;
  /** BPro payment method ids whose payments sync. */
  enabledPaymentMethodIds: string[];
};

export type ListIdsInput = {
  tenantId: string;
  entity: SyncEntity;
  snapshot: SyncSnapshot;
  cursor: string | null;
  limit: number;
};
export type PageOfIds = { ids: string[]; nextCursor: string | null; total: number | null };

export type SyncPageInput = {
  tenantId: string;
  entity: SyncEntity;
  ids: string[];
  snapshot: SyncSnapshot;
  workflowId: string;
};

export type RecordStatus = 'synced' | 'skipped' | 'failed';
export type RecordOutcome = { status: RecordStatus; qboId?: string; message?: string };

export type SyncRecordInput = {
  tenantId: string;
  entity: SyncEntity;
  bproId: string;
  event: HookEvent | 'retry';
  /** Distinguishes a support-requested re-run, so QBO does not replay an earlier failure. */
  runKey: string;
  workflowId: string;
};

export type { EntityCounts };
