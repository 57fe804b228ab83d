// `npm start`: API + worker in one process, configured from the environment.
import { loadApiConfig } from '../api/config';
import { runProcess } from '../config/process';
import { openServiceDatabase } from '../db/open';
import { loadWorkerConfig } from '../worker/config';
import { startService } from './lib/service';
import { createLogger } from '../config/logger';
import { installRuntime } from '../worker/runtime-logging';

await runProcess('qbo-sync', async () => {
  const api = loadApiConfig();
  const worker = loadWorkerConfig();
  await installRuntime(worker.logLevel, createLogger('worker', worker.logLevel), true);
  const database = await openServiceDatabase(api.databaseUrl, { applicationName: 'qbo-sync' });
  const service = await startService(api, worker, database.db);
  return {
    description: `API on ${service.apiUrl}/api/v1, worker on task queue "${worker.temporal.taskQueue}" (Temporal ${worker.temporal.address})`,
    // One variable for both halves: the API and the worker read the same environment.
    shutdownGraceSeconds: worker.shutdownGraceSeconds,
    // Once the worker has stopped, the rest of the stop (API, connections) before the pool closes.
    run: async () => {
      await service.done;
      await service.stop();
    },
    stop: () => void service.stop(),
    cleanup: () => database.close(),
  };
});
