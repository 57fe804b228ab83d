import { Context } from '@temporalio/activity';

/** How often a running sync activity tells Temporal it is alive (well inside the heartbeat timeout). */
const HEARTBEAT_EVERY_MS = 3_000;

/**
 * Runs activity code while heartbeating every few seconds with the latest `details()`, so a
 * record that takes long (throttled, dependencies, a slow QuickBooks) does not look like a dead
 * worker, while a dead worker is still noticed within the heartbeat timeout.
 */
export async function heartbeating<T>(details: () => unknown, fn: () => Promise<T>): Promise<T> {
  const context = Context.current();
  const timer = setInterval(() => context.heartbeat(details()), HEARTBEAT_EVERY_MS);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}
