// The auth pause: when QuickBooks needs the user to reconnect, a sync workflow waits for the
// `reconnected` signal (sent by a successful reconnect) instead of failing, then resumes.
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { searchAttributes, type SyncState } from './contracts';
import { reconnectedSignal } from './messages';

export const AUTH_REQUIRED = 'QboAuthRequired';

export function isAuthRequired(error: unknown): boolean {
  return (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === AUTH_REQUIRED
  );
}

/** First re-check of the connection while waiting; doubled each time up to the maximum. */
const FIRST_RECHECK_MS = 15_000;
const MAX_RECHECK_MS = 5 * 60_000;

export type AuthPauseHooks = {
  /** Called when the workflow starts waiting for a reconnect, and when it resumes. */
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
    let waiting = false;
    let recheckMs = FIRST_RECHECK_MS;
    for (;;) {
      const seen = this.reconnects;
      try {
        const result = await step();
        if (waiting) await this.setWaiting(false, resumeState);
        return result;
      } catch (error) {
        if (!isAuthRequired(error)) throw error;
        if (!waiting) {
          waiting = true;
          await this.setWaiting(true, resumeState);
        }
        // Woken by the `reconnected` signal; and now and then it tries again anyway (a cheap
        // check: without a connection the step fails before calling QuickBooks), in case the
        // signal was missed: a reconnect landing before this workflow was searchable as waiting.
        await condition(() => this.reconnects > seen, recheckMs);
        recheckMs = Math.min(recheckMs * 2, MAX_RECHECK_MS);
      }
    }
  }

  private async setWaiting(waiting: boolean, resumeState: SyncState): Promise<void> {
    upsertSearchAttributes([
      { key: searchAttributes.syncState, value: waiting ? 'waiting_for_reconnect' : resumeState },
    ]);
    setCurrentDetails(
      waiting
        ? '**Waiting for QuickBooks to be reconnected.** The connection was revoked or expired; reconnect the company from BPro and this resumes on its own.'
        : 'Reconnected; resumed.',
    );
    await this.hooks.onWaitingChange?.(waiting);
  }
}
