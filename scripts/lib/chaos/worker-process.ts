// One sync worker in a process of its own, so the chaos run can SIGKILL it like a crashed
// deployment. Configured from the environment exactly as `npm run worker` (worker/config.ts),
// plus CHAOS_WORKER (JSON, no secrets): a workflow bundle built once by the parent (so a restart
// does not re-bundle) and the rate-limit time scale matching the emulator's. Prints "ready" once
// it polls its task queue.
import { createQboServices } from '../../../activities/qbo/services';
import { createLogger } from '../../../config/logger';
import { createDb } from '../../../db/client';
import { loadWorkerConfig } from '../../../worker/config';
import { createSyncWorker } from '../../../worker/create-worker';
import { installRuntimeLogging } from '../../../worker/runtime-logging';
import { CHAOS_WORKER_ENV, chaosWorkerSettings } from './worker-settings';

async function main() {
  const settings = chaosWorkerSettings.parse(JSON.parse(process.env[CHAOS_WORKER_ENV] ?? '{}'));
  const config = loadWorkerConfig();
  if (!config.databaseUrl) throw new Error('the chaos worker needs DATABASE_URL (a PostgreSQL server)');
  installRuntimeLogging(config.logLevel, createLogger('worker', config.logLevel));
  const database = createDb(config.databaseUrl, { max: 10, applicationName: settings.applicationName });
  const qbo = createQboServices(database.db, config.qbo, config.tokenEncryptionKey, {
    rateLimits: { timeScale: settings.timeScale },
  });
  const { worker, connection } = await createSyncWorker(
    config.temporal,
    { db: database.db, qbo },
    { workflowsPath: undefined, workflowBundle: { codePath: settings.bundlePath } },
  );
  const running = worker.run();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => worker.shutdown());
  try {
    await running;
  } finally {
    await connection.close();
    await database.close();
  }
}

await main();
