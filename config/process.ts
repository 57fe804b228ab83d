import { ConfigError } from './load';
import { createLogger } from './logger';

export type RunningProcess = {
  /** One line saying what runs where. */
  description: string;
  /** Resolves when the process has finished its work (after stop()). */
  run: () => Promise<unknown>;
  /** Begin a graceful shutdown. */
  stop: () => void;
  /** Release connections after run() has resolved. */
  cleanup: () => Promise<void>;
};

/**
 * Runs a long-lived process: builds it, logs what runs where, stops gracefully on SIGINT or
 * SIGTERM. A configuration error prints every bad variable and exits 1 without a stack trace.
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
    log.info(`stopping (${signal})`);
    running.stop();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  try {
    await running.run();
  } finally {
    await running.cleanup();
    log.info('stopped');
  }
}
