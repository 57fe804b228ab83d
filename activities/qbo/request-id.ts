import { createHash } from 'node:crypto';
import type { QueuedOperation } from './batch-queue';

export type RequestIdParts = {
  tenantId: string;
  entity: string;
  bproId: string;
  operation: string;
  /** What makes this write distinct from an earlier one of the same record (e.g. a source hash). */
  sourceVersion: string;
};

/**
 * QBO's `requestid` for one logical write: derived only from stable inputs, never from an
 * attempt number, so a retry after a lost response replays instead of writing twice.
 * 36 characters, UUID-shaped (QBO allows 50 on single calls and 36 on batch calls).
 */
export function requestIdFor(parts: RequestIdParts): string {
  const hex = createHash('sha256')
    .update([parts.tenantId, parts.entity, parts.bproId, parts.operation, parts.sourceVersion].join('\u0000'))
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * One request id for a batch (≤ 36 characters, qbo-api.md §2.4): the same items give the same id,
 * so a batch retried after a lost answer is replayed, not applied twice.
 */
export function batchRequestId(operations: readonly QueuedOperation[]): string {
  const hash = createHash('sha256');
  for (const op of operations)
    hash.update(op.kind === 'query' ? `q:${op.statement}` : `w:${op.requestId}`).update('\n');
  return `b-${hash.digest('hex').slice(0, 34)}`;
}
