import { freeLoopbackPort } from '../config/free-port';
import { DefaultLogger, type LogLevel as TemporalLogLevel, Runtime } from '@temporalio/worker';
import type { Logger, LogLevel } from '../config/logger';
import { addMetricsTextSource, type MetricsTextSource } from '../config/metrics';

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

export type RuntimeOptions = {
  /** The SDK's Prometheus exporter listens on 127.0.0.1 at this port (unset: no SDK metrics). */
  sdkMetricsPort?: number;
};

/**
 * Routes the Temporal SDK's logs (worker, workflow and activity `log`) through our JSON logger
 * at LOG_LEVEL. Call once per process, before creating a worker.
 */
export function installRuntimeLogging(level: LogLevel, logger: Logger, options: RuntimeOptions = {}): void {
  const port = options.sdkMetricsPort;
  // The SDK's native (Rust core) logs too, instead of printed straight to the console: warnings and
  // errors only (its info level is chatty), one line each through our logger.
  const native: TemporalLogLevel = level === 'error' ? 'ERROR' : 'WARN';
  Runtime.install({
    telemetryOptions: {
      logging: { filter: { core: native, other: native }, forward: {} },
      ...(port === undefined ? {} : { metrics: { prometheus: { bindAddress: `127.0.0.1:${port}` } } }),
    },
    // The SDK's default list also has SIGUSR2, which would shut the worker down when
    // `npm run bench` asks a worker process for its counters (scripts/lib/stack/worker-process.ts).
    shutdownSignals: ['SIGINT', 'SIGTERM', 'SIGQUIT'],
    logger: new DefaultLogger(toTemporal[level], (entry) => {
      logger[fromTemporal[entry.level]](entry.message, entry.meta ?? {});
    }),
  });
}

/** Where the SDK's exporter answers, and its text (read per scrape). */
export type SdkMetrics = MetricsTextSource & { url: string };

const SDK_SCRAPE_TIMEOUT_MS = 2_000;

/**
 * installRuntimeLogging, plus (when `metrics`) the SDK's Prometheus exporter on a free loopback
 * port, appended to every scrape of this process (config/metrics.ts renderMetrics): the worker's
 * endpoint, and the API's GET /metrics when the worker runs in the API's process (`npm start`).
 * Returns the SDK's source, or null without metrics.
 */
export async function installRuntime(
  level: LogLevel,
  logger: Logger,
  metrics: boolean,
): Promise<SdkMetrics | null> {
  if (!metrics) {
    installRuntimeLogging(level, logger);
    return null;
  }
  const port = await freeLoopbackPort();
  installRuntimeLogging(level, logger, { sdkMetricsPort: port });
  const source = sdkMetricsSource(`http://127.0.0.1:${port}/metrics`);
  addMetricsTextSource(source);
  return source;
}

/** The SDK exporter's text at `url`. */
export function sdkMetricsSource(url: string): SdkMetrics {
  return {
    name: 'temporal-sdk',
    url,
    async text() {
      const res = await fetch(url, { signal: AbortSignal.timeout(SDK_SCRAPE_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`the Temporal SDK's exporter answered ${res.status}`);
      return res.text();
    },
  };
}

export { freeLoopbackPort };
