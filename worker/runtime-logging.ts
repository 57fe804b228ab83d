import { DefaultLogger, type LogLevel as TemporalLogLevel, Runtime } from '@temporalio/worker';
import type { Logger, LogLevel } from '../config/logger';

const toTemporal: Record<LogLevel, TemporalLogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
};
const fromTemporal: Record<TemporalLogLevel, LogLevel> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Routes the Temporal SDK's logs (worker, workflow and activity `log`) through our JSON logger
 * at LOG_LEVEL. Call once per process, before creating a worker.
 */
export function installRuntimeLogging(level: LogLevel, logger: Logger): void {
  Runtime.install({
    // The SDK's default list also has SIGUSR2, which would shut the worker down when
    // `npm run bench` asks a worker process for its counters (scripts/lib/stack/worker-process.ts).
    shutdownSignals: ['SIGINT', 'SIGTERM', 'SIGQUIT'],
    logger: new DefaultLogger(toTemporal[level], (entry) => {
      logger[fromTemporal[entry.level]](entry.message, entry.meta ?? {});
    }),
  });
}
