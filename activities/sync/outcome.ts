import type { RecordOutcome } from '../../workflows/contracts';
import type { Step } from './types';

export const synced = (
  action: 'created' | 'updated' | 'linked' | 'voided',
  qboId: string,
  message?: string,
): Step => ({ action, qboId, message });
export const skipped = (message: string, qboId?: string): Step => ({ action: 'skipped', message, qboId });
export const failed = (message: string): Step => ({ action: 'failed', message });

export function toOutcome(step: Step): RecordOutcome {
  const status = step.action === 'skipped' ? 'skipped' : step.action === 'failed' ? 'failed' : 'synced';
  return {
    status,
    ...(step.qboId ? { qboId: step.qboId } : {}),
    ...(step.message ? { message: step.message } : {}),
  };
}

/** A dependency (a customer for an invoice, …) could not be synced; the dependent record fails with the reason. */
export class DependencyFailed extends Error {
  override readonly name = 'DependencyFailed';
}

/** Another sync (another worker, an initial-sync page or a hook) is syncing the record right now: retried later. */
export class RecordBusy extends Error {
  override readonly name = 'RecordBusy';
}
