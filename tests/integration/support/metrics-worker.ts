// A worker process wired for metrics the way worker/main.ts is (README "Metrics"): the Temporal
// runtime with the SDK's Prometheus exporter, a sync worker, and the worker's endpoint on
// WORKER_METRICS_PORT. Spawned by tests/integration/metrics.test.ts; prints "metrics <url>" once
// its worker polls; SIGTERM drains it.
import { createQboServices } from '../../../activities/qbo/services';
import { loadConfig } from '../../../config/load';
import { createLogger } from '../../../config/logger';
import { metricsFragment } from '../../../config/fragments';
import { createDb } from '../../../db/client';
import { loadWorkerConfig } from '../../../worker/config';
import { createSyncWorker } from '../../../worker/create-worker';
import { startWorkerMetricsServer } from '../../../worker/metrics-server';
import { installRuntime } from '../../../worker/runtime-logging';

const config = loadWorkerConfig();
const metrics = loadConfig(metricsFragment);
const log = createLogger('worker', config.logLevel);
await installRuntime(config.logLevel, log, metrics.WORKER_METRICS_PORT !== 0);
if (!config.databaseUrl) throw new Error('the metrics worker needs DATABASE_URL');
const database = createDb(config.databaseUrl, { max: 2, applicationName: 'qbo-sync-test-metrics-worker' });
const qbo = createQboServices(database.db, config.qbo, config.tokenEncryptionKey);
const { worker, connection } = await createSyncWorker(config.temporal, { db: database.db, qbo });
const server = await startWorkerMetricsServer(metrics.WORKER_METRICS_PORT, {
  token: metrics.METRICS_TOKEN,
  host: '127.0.0.1',
  onError: (error) => log.warn('metrics scrape failed', { error: String(error) }),
});
const running = worker.run();
process.once('SIGTERM', () => {
  if (worker.getState() === 'RUNNING') worker.shutdown();
});
// Polling starts with run(); give it a moment so the SDK has pollers to report.
setTimeout(() => process.stdout.write(`metrics ${server?.url ?? 'off'}\n`), 500);
try {
  await running;
} finally {
  await server?.close();
  await connection.close();
  await database.close();
}
