import { createHash } from 'node:crypto';

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
