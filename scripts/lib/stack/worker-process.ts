// One sync worker in a process of its own, so a stack can SIGKILL it like a crashed deployment
// (the chaos run, the tests) or measure its CPU and memory (the benchmark). Configured from the
// environment exactly as `npm run worker` (worker/config.ts; SYNC_BATCHING picks batched or
// one-at-a-time pages; SHUTDOWN_GRACE_SECONDS), plus STACK_WORKER (worker-settings.ts). Prints
// "ready" once it polls its task queue; SIGTERM drains it as `npm run worker` (config/process.ts):
// running activities get the grace period, then the process exits 0.
import { createQboServices } from '../../../activities/qbo/services';
import { createLogger } from '../../../config/logger';
import { runProcess } from '../../../config/process';
import { createDb } from '../../../db/client';
import { loadWorkerConfig } from '../../../worker/config';
import { createSyncWorker, shutdownOptions } from '../../../worker/create-worker';
import { installRuntimeLogging } from '../../../worker/runtime-logging';
import { STACK_WORKER_ENV, stackWorkerSettings } from './worker-settings';

await runProcess('worker', async () => {
  const settings = stackWorkerSettings.parse(JSON.parse(process.env[STACK_WORKER_ENV] ?? '{}'));
  const config = loadWorkerConfig();
  if (!config.databaseUrl) throw new Error('a worker process needs DATABASE_URL (a PostgreSQL server)');
  installRuntimeLogging(config.logLevel, createLogger('worker', config.logLevel));
  const database = createDb(config.databaseUrl, { max: 10, applicationName: settings.applicationName });
  const qbo = createQboServices(database.db, config.qbo, config.tokenEncryptionKey, {
    ...(settings.rateLimits ? { rateLimits: settings.rateLimits } : {}),
    ...(settings.transientRetries ? { transientRetries: settings.transientRetries } : {}),
  });
  const { worker, connection } = await createSyncWorker(
    config.temporal,
    { db: database.db, qbo, batching: config.batching },
    {
      ...shutdownOptions(config.shutdownGraceSeconds),
      ...(settings.bundlePath
        ? { workflowsPath: undefined, workflowBundle: { codePath: settings.bundlePath } }
        : {}),
    },
  );
  // `npm run bench` asks for the rate limiter's counters (scripts/lib/bench/worker-child.ts).
  process.on('SIGUSR2', () => {
    const stats = 'stats' in qbo.limiter ? qbo.limiter.stats : null;
    process.stdout.write(`bench-stats ${JSON.stringify({ limiter: stats })}\n`);
  });
  return {
    description: `worker process polling task queue "${config.temporal.taskQueue}"`,
    shutdownGraceSeconds: config.shutdownGraceSeconds,
    run: () => {
      const running = worker.run();
      process.stdout.write('ready\n');
      return running;
    },
    // The SDK's own signal handler (worker/runtime-logging.ts) may have begun it already.
    stop: () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    },
    cleanup: async () => {
      await connection.close();
      await database.close();
    },
  };
});
