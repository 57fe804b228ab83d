// The chaos run's live BPro activity: seeded simulated changes sent as signed hooks, and hooks the
// API did not accept sent again (as BPro retries them), each counted in the report.
import { Random } from '../../../db/bpro-generator';
import { BproActivity, type ActivityEvent } from '../bpro-activity';
import type { HookSend } from './accountant-bpro';
import type { ChaosReport } from './outcome';
import type { ChaosStack } from './stack';

export type HookSender = {
  /** Sends hooks, one per interval, while `until()` holds. */
  sendWhile: (until: () => boolean) => Promise<void>;
  /** Hooks not accepted yet. */
  readonly pending: number;
};

export function liveHooks(options: {
  stack: ChaosStack;
  tenantId: string;
  seed: number;
  intervalMs: number;
  report: ChaosReport;
  log: (text: string) => void;
  abortIfAsked: () => void;
}): HookSender {
  const { stack, report, log } = options;
  const random = new Random(`chaos-activity/${options.seed}`);
  const activity = new BproActivity(stack.db, options.tenantId, stack.apiUrl, stack.config.hookSecret, () =>
    random.next(),
  );
  const pending: ActivityEvent[] = [];
  const sendOne = async () => {
    const retry = pending.shift();
    const event = retry
      ? await activity.hook(retry.entity, retry.id, retry.event, retry.label)
      : await activity.next();
    report.hooks.sent += 1;
    if (retry) report.hooks.resent += 1;
    if (!event.response.startsWith('error')) {
      report.hooks.accepted += 1;
      return;
    }
    pending.push(event);
    log(`hook ${event.entity}/${event.event} ${event.id} not accepted (${event.response}); will resend`);
  };
  return {
    sendWhile: async (until) => {
      while (until()) {
        options.abortIfAsked();
        await sendOne().catch((error: unknown) =>
          log(`hook failed: ${error instanceof Error ? error.message : String(error)}`),
        );
        await new Promise((r) => setTimeout(r, options.intervalMs));
      }
    },
    get pending() {
      return pending.length;
    },
  };
}

/**
 * Sends one hook for a change the run made itself (the accountant scenario's BPro steps), again
 * each second until the API takes it (at most 30 tries); counted with the live hooks.
 */
export function sendUntilAccepted(options: {
  stack: ChaosStack;
  tenantId: string;
  report: ChaosReport;
  log: (text: string) => void;
}): HookSend {
  const { stack, report } = options;
  const activity = new BproActivity(stack.db, options.tenantId, stack.apiUrl, stack.config.hookSecret);
  return async (entity, id, event, label) => {
    for (let attempt = 0; attempt < 30; attempt += 1) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 1000));
      const response = await activity
        .hook(entity, id, event, label)
        .then((e) => e.response)
        .catch((error: unknown) => `error ${error instanceof Error ? error.message : String(error)}`);
      report.hooks.sent += 1;
      if (attempt > 0) report.hooks.resent += 1;
      if (!response.startsWith('error')) {
        report.hooks.accepted += 1;
        return true;
      }
      options.log(`hook ${entity}/${event} ${id} not accepted (${response}); will resend`);
    }
    return false;
  };
}
