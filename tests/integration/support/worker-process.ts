// A sync worker in a process of its own, so a test can SIGKILL it mid-sync like a crashed
// deployment. Started by sync-harness.ts with `node --import tsx`; its settings come as JSON in
// QBO_SYNC_TEST_WORKER. Prints "ready" once it polls its task queue.
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { TransientRetryOptions } from '../../../activities/qbo/client';
import { createQboServices } from '../../../activities/qbo/services';
import type { RateLimiterOptions } from '../../../activities/qbo/rate-limiter';
import type { QboSettings } from '../../../config/fragments';
import { createDb } from '../../../db/client';
import { createSyncWorker } from '../../../worker/create-worker';

export type WorkerProcessSettings = {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  qbo: QboSettings;
  tokenEncryptionKeyBase64: string;
  rateLimits?: RateLimiterOptions;
  transientRetries?: TransientRetryOptions;
};

const settings = JSON.parse(process.env.QBO_SYNC_TEST_WORKER ?? '') as WorkerProcessSettings;
Runtime.install({ logger: new DefaultLogger('WARN') });
const database = createDb(settings.databaseUrl, { max: 10, applicationName: 'qbo-sync-test-worker' });
const qbo = createQboServices(
  database.db,
  settings.qbo,
  Buffer.from(settings.tokenEncryptionKeyBase64, 'base64'),
  {
    ...(settings.rateLimits ? { rateLimits: settings.rateLimits } : {}),
    ...(settings.transientRetries ? { transientRetries: settings.transientRetries } : {}),
  },
);
const { worker, connection } = await createSyncWorker(
  { address: settings.temporalAddress, namespace: 'default', taskQueue: settings.taskQueue, uiUrl: '' },
  { db: database.db, qbo },
);
const running = worker.run();
process.stdout.write('ready\n');
process.on('SIGTERM', () => worker.shutdown());
await running;
await connection.close();
await database.close();
