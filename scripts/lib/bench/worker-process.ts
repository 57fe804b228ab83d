// The benchmark's worker: the production worker (same workflows, activities and QBO client), run
// as its own process so `npm run bench` can measure its CPU and memory. It differs from
// worker/main.ts only in what a benchmark needs: the rate limiter runs at the emulator's time
// scale (BENCH_TIME_SCALE). SYNC_BATCHING=on|off (worker config) picks batched or one-at-a-time
// page syncs, as in production.
// Prints one line `{"ready":true}` on stdout once it polls.
import { z } from 'zod';
import { createQboServices } from '../../../activities/qbo/services';
import { createLogger } from '../../../config/logger';
import { runProcess } from '../../../config/process';
import { openServiceDatabase } from '../../../db/open';
import { loadWorkerConfig } from '../../../worker/config';
import { createSyncWorker } from '../../../worker/create-worker';
import { installRuntimeLogging } from '../../../worker/runtime-logging';

const benchEnv = z
  .object({
    BENCH_TIME_SCALE: z.coerce.number().positive(),
  })
  .parse(process.env);

await runProcess('bench-worker', async () => {
  const config = loadWorkerConfig();
  installRuntimeLogging(config.logLevel, createLogger('worker', config.logLevel));
  const database = await openServiceDatabase(config.databaseUrl, {
    applicationName: 'qbo-sync-bench-worker',
  });
  const qbo = createQboServices(database.db, config.qbo, config.tokenEncryptionKey, {
    rateLimits: { timeScale: benchEnv.BENCH_TIME_SCALE },
  });
  const { worker, connection } = await createSyncWorker(config.temporal, {
    db: database.db,
    qbo,
    batching: config.batching,
  });
  return {
    description: `bench worker (batching ${config.batching ? 'on' : 'off'}, time × ${benchEnv.BENCH_TIME_SCALE})`,
    run: () => {
      const running = worker.run();
      process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
      return running;
    },
    stop: () => worker.shutdown(),
    cleanup: async () => {
      await connection.close();
      await database.close();
    },
  };
});
