// `npm run worker`: the Temporal worker process (workflows + activities).
import { openServiceDatabase } from '../db/open';
import { loadWorkerConfig } from './config';
import { createSyncWorker } from './create-worker';
import { createQboServices } from '../activities/qbo/services';
import { runProcess } from '../config/process';
import { createLogger } from '../config/logger';
import { installRuntimeLogging } from './runtime-logging';

await runProcess('worker', async () => {
  const config = loadWorkerConfig();
  installRuntimeLogging(config.logLevel, createLogger('worker', config.logLevel));
  const database = await openServiceDatabase(config.databaseUrl, { applicationName: 'qbo-sync-worker' });
  const qbo = createQboServices(database.db, config.qbo, config.tokenEncryptionKey);
  const { worker, connection } = await createSyncWorker(config.temporal, {
    db: database.db,
    qbo,
    batching: config.batching,
  });
  return {
    description: `worker polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`,
    run: () => worker.run(),
    stop: () => worker.shutdown(),
    cleanup: async () => {
      await connection.close();
      await database.close();
    },
  };
});
