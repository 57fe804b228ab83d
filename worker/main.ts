// `npm run worker`: the Temporal worker process (workflows + activities).
import { openServiceDatabase } from '../db/open';
import { loadWorkerConfig } from './config';
import { createSyncWorker, shutdownOptions } from './create-worker';
import { createQboServices } from '../activities/qbo/services';
import { runProcess } from '../config/process';
import { createLogger } from '../config/logger';
import { installRuntime } from './runtime-logging';
import { startWorkerMetricsServer } from './metrics-server';

await runProcess('worker', async () => {
  const config = loadWorkerConfig();
  const log = createLogger('worker', config.logLevel);
  await installRuntime(config.logLevel, log, config.metricsPort !== 0);
  const database = await openServiceDatabase(config.databaseUrl, { applicationName: 'qbo-sync-worker' });
  const qbo = createQboServices(database.db, config.qbo, config.tokenEncryptionKey);
  const { worker, connection } = await createSyncWorker(
    config.temporal,
    { db: database.db, qbo, batching: config.batching },
    shutdownOptions(config.shutdownGraceSeconds),
  );
  const metrics = await startWorkerMetricsServer(config.metricsPort, {
    token: config.metricsToken,
    onError: (error) => log.warn('metrics scrape failed', { error: String(error) }),
  });
  return {
    description: `worker polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`,
    shutdownGraceSeconds: config.shutdownGraceSeconds,
    run: () => worker.run(),
    // The SDK's own signal handler (worker/runtime-logging.ts) may have begun it already.
    stop: () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    },
    cleanup: async () => {
      await metrics?.close();
      await connection.close();
      await database.close();
    },
  };
});
