// The pause of a sync workflow when QuickBooks cannot be written to for a while: when it needs the
// user to reconnect, the workflow waits for the `reconnected` signal (sent by a successful
// reconnect); when the company is blocked (subscription lapsed, reset), it waits and tries again
// (the activity lets one probe per interval through to QuickBooks). Then it resumes.
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { COMPANY_BLOCKED_FAILURE, searchAttributes, type SyncState } from './contracts';
import { reconnectedSignal } from './messages';

export const AUTH_REQUIRED = 'QboAuthRequired';

const failureType = (error: unknown) =>
  error instanceof ActivityFailure && error.cause instanceof ApplicationFailure
    ? error.cause.type
    : undefined;

export function isAuthRequired(error: unknown): boolean {
  return failureType(error) === AUTH_REQUIRED;
}

/** Why a pause: the connection needs the user, or the company refuses changes for now. */
type PauseKind = 'waiting_for_reconnect' | 'blocked';

function pauseKind(error: unknown): PauseKind | undefined {
  const type = failureType(error);
  if (type === AUTH_REQUIRED) return 'waiting_for_reconnect';
  if (type === COMPANY_BLOCKED_FAILURE) return 'blocked';
  return undefined;
}

/** First re-check of the connection while waiting; doubled each time up to the maximum. */
const FIRST_RECHECK_MS = 15_000;
const MAX_RECHECK_MS = 5 * 60_000;

export type AuthPauseHooks = {
  /** Called when the workflow starts waiting (for a reconnect, or a blocked company), and when it resumes. */
  onWaitingChange?: (waiting: boolean) => Promise<void> | void;
};

export class AuthPause {
  private reconnects = 0;

  constructor(private readonly hooks: AuthPauseHooks = {}) {
    setHandler(reconnectedSignal, () => {
      this.reconnects += 1;
    });
  }

  /** Runs `step`; while it fails for want of a QuickBooks connection, waits for a reconnect and tries again. */
  async run<T>(step: () => Promise<T>, resumeState: SyncState = 'running'): Promise<T> {
    let waiting: PauseKind | undefined;
    let recheckMs = FIRST_RECHECK_MS;
    for (;;) {
      const seen = this.reconnects;
      try {
        const result = await step();
        if (waiting) await this.setWaiting(undefined, resumeState);
        return result;
      } catch (error) {
        const kind = pauseKind(error);
        if (!kind) throw error;
        if (waiting !== kind) {
          waiting = kind;
          await this.setWaiting(
            kind,
            resumeState,
            error instanceof ActivityFailure ? error.cause?.message : undefined,
          );
        }
        // Woken by the `reconnected` signal; and now and then it tries again anyway (a cheap
        // check: without a connection the step fails before calling QuickBooks), in case the
        // signal was missed: a reconnect landing before this workflow was searchable as waiting.
        await condition(() => this.reconnects > seen, recheckMs);
        recheckMs = Math.min(recheckMs * 2, MAX_RECHECK_MS);
      }
    }
  }

  private async setWaiting(
    waiting: PauseKind | undefined,
    resumeState: SyncState,
    reason?: string,
  ): Promise<void> {
    upsertSearchAttributes([{ key: searchAttributes.syncState, value: waiting ?? resumeState }]);
    setCurrentDetails(
      waiting === 'waiting_for_reconnect'
        ? '**Waiting for QuickBooks to be reconnected.** The connection was revoked or expired; reconnect the company from BPro and this resumes on its own.'
        : waiting === 'blocked'
          ? `**Waiting: the QuickBooks company refuses changes for now.** ${reason ?? ''} This resumes on its own.`
          : 'Resumed.',
    );
    await this.hooks.onWaitingChange?.(waiting !== undefined);
  }
}
