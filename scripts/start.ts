// `npm start`: API + worker in one process, configured from the environment.
import { loadApiConfig } from '../api/config';
import { runProcess } from '../config/process';
import { openServiceDatabase } from '../db/open';
import { loadWorkerConfig } from '../worker/config';
import { startService } from './lib/service';
import { createLogger } from '../config/logger';
import { installRuntimeLogging } from '../worker/runtime-logging';

await runProcess('qbo-sync', async () => {
  const api = loadApiConfig();
  const worker = loadWorkerConfig();
  installRuntimeLogging(worker.logLevel, createLogger('worker', worker.logLevel));
  const database = await openServiceDatabase(api.databaseUrl, { applicationName: 'qbo-sync' });
  const service = await startService(api, worker, database.db);
  return {
    description: `API on ${service.apiUrl}/api/v1, worker on task queue "${worker.temporal.taskQueue}" (Temporal ${worker.temporal.address})`,
    run: () => service.done,
    stop: () => void service.stop(),
    cleanup: () => database.close(),
  };
});
