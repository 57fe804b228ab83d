// Admission of one record sync in this worker (see workflows/record-deferral.ts): a tenant with
// RECORD_SYNCS_PER_TENANT record syncs already running here, or a record the realm limiter would
// keep waiting past its in-process wait, gets "deferred" back instead of sitting in a slot. So a
// tenant's burst of hooks holds at most its cap of slots, and other tenants' hooks find one free.
import { defaultWorkerTuning } from '../../config/temporal';
import type { RecordAttempt, RecordDeferral } from '../../workflows/record-deferral';
import { QboError } from '../qbo/errors';

/** A busy tenant's records are told to come back after about this long (the workflow backs off). */
export const BUSY_RETRY_MS = 1_000;

/** Per-tenant counters of the record syncs running in this process. */
export class TenantSlots {
  private readonly running = new Map<string, number>();

  constructor(readonly perTenant: number = defaultWorkerTuning.recordSyncsPerTenant) {}

  /** A release function, or null when the tenant is at its cap. */
  tryTake(tenantId: string): (() => void) | null {
    const now = this.running.get(tenantId) ?? 0;
    if (now >= this.perTenant) return null;
    this.running.set(tenantId, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(tenantId) ?? 1) - 1;
      if (left > 0) this.running.set(tenantId, left);
      else this.running.delete(tenantId);
    };
  }

  runningFor(tenantId: string): number {
    return this.running.get(tenantId) ?? 0;
  }
}

/** Runs `run` in one of the tenant's slots, or answers `tenant_busy` at once. */
export async function admitRecordSync(
  slots: TenantSlots,
  tenantId: string,
  run: () => Promise<RecordAttempt>,
): Promise<RecordAttempt> {
  const release = slots.tryTake(tenantId);
  if (!release) return { status: 'deferred', reason: 'tenant_busy', retryInMs: BUSY_RETRY_MS };
  try {
    return await run();
  } finally {
    release();
  }
}

/**
 * Our own realm limiter refusing a wait longer than its in-process maximum: a `throttled` error
 * with no HTTP status (QuickBooks' own 429 has one, and stays a Temporal retry so the company
 * gate can tell a 429 that keeps coming back).
 */
export function pacedByLimiter(error: unknown): error is QboError {
  return error instanceof QboError && error.type === 'throttled' && error.status === undefined;
}

/** Runs `run`; a limiter wait too long for a slot becomes a `throttled` deferral. */
export async function deferWhenPaced<T>(run: () => Promise<T>): Promise<T | RecordDeferral> {
  try {
    return await run();
  } catch (error) {
    if (!pacedByLimiter(error)) throw error;
    return { status: 'deferred', reason: 'throttled', retryInMs: error.retryAfterMs ?? BUSY_RETRY_MS };
  }
}
