import type { RecordOutcome } from '../../workflows/contracts';
import type { Step } from './types';

export const synced = (
  action: 'created' | 'updated' | 'linked' | 'voided',
  qboId: string,
  message?: string,
): Step => ({ action, qboId, message });
export const skipped = (message: string, qboId?: string): Step => ({ action: 'skipped', message, qboId });
export const failed = (message: string, awaiting?: string): Step => ({
  action: 'failed',
  message,
  ...(awaiting ? { awaiting } : {}),
});
/** QuickBooks changed under the sync (deleted, voided, merged…): nothing is written until a person decides. */
export const needsAttention = (message: string, qboId?: string): Step => ({
  action: 'needs_attention',
  message,
  qboId,
});

export function toOutcome(step: Step): RecordOutcome {
  const status =
    step.action === 'skipped' || step.action === 'failed' || step.action === 'needs_attention'
      ? step.action
      : 'synced';
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

/** Something in QuickBooks a person must decide about (a customer made inactive there, …): the record needs attention. */
export class NeedsAttention extends Error {
  override readonly name = 'NeedsAttention';
}

/** The `awaiting` hint of a failure for want of a QBO list entry of this name (`PaymentMethod:Venmo`). */
export const awaitingKey = (qboEntity: string, name: string) => `${qboEntity}:${name}`;

/** The `awaiting` hint of a failure for want of an account of a kind the company lacks: any new account may cure it. */
export const ANY_NEW_ACCOUNT = 'Account:*';
