// API + worker in one process sharing one database pool: `npm start`. (With embedded PGlite,
// one shared pool of one connection is the only correct arrangement.)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createQboServices } from '../../activities/qbo/services';
import { createApp } from '../../api/app';
import type { ApiConfig } from '../../api/config';
import { createShutdownState } from '../../api/shutdown-state';
import { connectTemporalClient } from '../../api/temporal-client';
import { createLogger } from '../../config/logger';
import type { Database } from '../../db/client';
import type { WorkerConfig } from '../../worker/config';
import { createSyncWorker, shutdownOptions } from '../../worker/create-worker';

export type RunningService = {
  apiUrl: string;
  /** Resolves when the worker has stopped (rejects when it failed). */
  done: Promise<void>;
  /**
   * The graceful stop: hooks answer 503 and /readyz "not ready" at once; the worker drains
   * (running activities get the grace period); then the API closes and the connections.
   */
  stop: () => Promise<void>;
};

export async function startService(
  api: ApiConfig,
  worker: WorkerConfig,
  db: Database,
): Promise<RunningService> {
  const temporal = await connectTemporalClient(api.temporal);
  const qbo = createQboServices(db, api.qbo, api.tokenEncryptionKey);
  const shutdown = createShutdownState();
  const sync = await createSyncWorker(
    worker.temporal,
    { db, qbo, batching: worker.batching },
    shutdownOptions(worker.shutdownGraceSeconds),
  );
  const done = sync.worker.run();
  const log = createLogger('api', api.logLevel);
  const server = createServer(createApp({ config: api, db, temporal, qbo, log }, { shutdown }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(api.port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const closeApi = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Requests under way had the worker's drain to finish: end the connections left.
      setTimeout(() => server.closeAllConnections(), 1000).unref();
    });
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      shutdown.begin();
      // The SDK's own signal handler (worker/runtime-logging.ts) may have begun it already.
      if (sync.worker.getState() === 'RUNNING') sync.worker.shutdown();
      await done.catch(() => {});
      await closeApi();
      await sync.connection.close();
      await temporal.connection.close();
    })());
  const port = (server.address() as AddressInfo).port;
  return { apiUrl: `http://localhost:${port}`, done, stop };
}
