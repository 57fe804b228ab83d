import { ConfigError } from './load';
import { createLogger } from './logger';

export type RunningProcess = {
  /** One line saying what runs where. */
  description: string;
  /** Resolves when the process has finished its work (after stop()). */
  run: () => Promise<unknown>;
  /** Begin a graceful shutdown: finish what runs within the grace period, take nothing new. */
  stop: () => void;
  /** Release connections after run() has resolved. */
  cleanup: () => Promise<void>;
  /** SHUTDOWN_GRACE_SECONDS: how long stop() may take before the process exits regardless. */
  shutdownGraceSeconds: number;
};

/** Past the grace period, this long more for the connections to close, then a hard exit. */
export const HARD_EXIT_MARGIN_SECONDS = 10;

/**
 * Runs a long-lived process: builds it, logs what runs where, stops gracefully on SIGINT or
 * SIGTERM and exits 0 once stopped and cleaned up. A stop still unfinished after the grace period
 * plus a margin exits 1 anyway. A configuration error prints every bad variable and exits 1
 * without a stack trace; a run() that fails exits 1 with its error.
 */
export async function runProcess(name: string, build: () => Promise<RunningProcess>): Promise<void> {
  const log = createLogger(name);
  let running: RunningProcess;
  try {
    running = await build();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${name}: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  log.info(`started: ${running.description}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const graceSeconds = running.shutdownGraceSeconds;
    log.info(`stopping (${signal})`, { graceSeconds });
    // Not unref'd: whatever hangs (a request, an activity ignoring its cancellation), this fires.
    setTimeout(
      () => {
        log.error('still stopping after the grace period: exiting', { graceSeconds });
        process.exit(1);
      },
      (graceSeconds + HARD_EXIT_MARGIN_SECONDS) * 1000,
    );
    try {
      running.stop();
    } catch (error) {
      log.error('stop failed', { error: String(error) });
    }
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  try {
    await running.run();
  } finally {
    await running.cleanup();
    log.info('stopped');
  }
  // Stopped cleanly: exit now rather than wait on a handle something left open (the hard-exit timer).
  process.exit(0);
}
