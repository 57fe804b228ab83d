// A customer or product inactive in BPro that a document in the sync's scope names is created
// active in QuickBooks: QBO refuses a document naming an inactive record (610), so the first such
// document would make it active again anyway (document-writes.ts), at the cost of a refused
// write, a read and an update per record (in the bench's initial sync, ~4 % of its QBO calls).
// Only on create: a linked record follows BPro's later changes, as before.
import { namedByDocumentsInScope } from './scope';
import type { SyncContext } from './types';

export const CREATED_ACTIVE =
  'Created active in QuickBooks though inactive in BPro: invoices, payments or refunds the sync sends name it (QuickBooks refuses a document naming an inactive record)';

/** Whether the record is created active although BPro has it inactive. */
export async function activeForDocuments(
  ctx: SyncContext,
  entity: 'customer' | 'product',
  bproId: string,
  isActive: boolean,
): Promise<boolean> {
  if (isActive || (await ctx.links.find(entity, bproId))) return false;
  return namedByDocumentsInScope(ctx.db, entity, ctx.tenantId, bproId, ctx.snapshot);
}

/** The step's message with the note added, when the record was created active. */
export function withCreatedActiveNote<S extends { action: string; message?: string | undefined }>(
  step: S,
  keptActive: boolean,
): S {
  if (!keptActive || step.action !== 'created') return step;
  return { ...step, message: [step.message, CREATED_ACTIVE].filter(Boolean).join('; ') };
}
