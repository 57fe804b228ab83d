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

export class AuthPause {
  private reconnects = 0;

  constructor() {
    setHandler(reconnectedSignal, () => {
      this.reconnects += 1;
    });
  }

  /** Runs `step`; while it fails for want of a QuickBooks connection, waits for a reconnect and tries again. */
  async run<T>(step: () => Promise<T>, resumeState: SyncState = 'running'): Promise<T> {
    for (;;) {
      const seen = this.reconnects;
      try {
        return await step();
      } catch (error) {
        if (!isAuthRequired(error)) throw error;
        upsertSearchAttributes([{ key: searchAttributes.syncState, value: 'waiting_for_reconnect' }]);
        setCurrentDetails(
          '**Waiting for QuickBooks to be reconnected.** The connection was revoked or expired; reconnect the company from BPro and this resumes on its own.',
        );
        // Woken by the `reconnected` signal; and every few minutes it checks again anyway, in case
        // the signal was missed (a reconnect landing before this workflow was searchable as waiting).
        await condition(() => this.reconnects > seen, '5 minutes');
        upsertSearchAttributes([{ key: searchAttributes.syncState, value: resumeState }]);
        setCurrentDetails('Reconnected; resuming.');
      }
    }
  }
}
