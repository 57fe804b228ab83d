// API + worker in one process sharing one database pool: `npm start` and the demo. (With
// embedded PGlite, one shared pool of one connection is the only correct arrangement.)
import type { Server } from 'node:http';
import { createQboServices } from '../../activities/qbo/services';
import type { RateLimiterOptions } from '../../activities/qbo/rate-limiter';
import { createApp } from '../../api/app';
import type { ApiConfig } from '../../api/config';
import { connectTemporalClient } from '../../api/temporal-client';
import { createLogger } from '../../config/logger';
import type { Database } from '../../db/client';
import { createSyncWorker } from '../../worker/create-worker';
import type { WorkerConfig } from '../../worker/config';

export type RunningService = {
  apiUrl: string;
  /** Resolves when the worker has stopped. */
  done: Promise<void>;
  stop: () => Promise<void>;
};

export async function startService(
  api: ApiConfig,
  worker: WorkerConfig,
  db: Database,
  options: { rateLimits?: RateLimiterOptions } = {},
): Promise<RunningService> {
  const temporal = await connectTemporalClient(api.temporal);
  const qbo = createQboServices(
    db,
    api.qbo,
    api.tokenEncryptionKey,
    options.rateLimits ? { rateLimits: options.rateLimits } : {},
  );
  const { worker: w, connection } = await createSyncWorker(worker.temporal, {
    db,
    qbo,
    batching: worker.batching,
  });
  const workerDone = w.run();
  const app = createApp({ config: api, db, temporal, qbo, log: createLogger('api', api.logLevel) });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(api.port, (error) => (error ? reject(error) : resolve(s)));
  });
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A browser on the management page keeps spare sockets open (preconnects, keep-alive)
        // that close() would wait out (headersTimeout, 60 s): end them after a short grace.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      // The SDK's own SIGINT/SIGTERM handler (Runtime shutdownSignals) may have begun it already.
      if (w.getState() === 'RUNNING') w.shutdown();
      await workerDone.catch(() => {});
      await connection.close();
      await temporal.connection.close();
    })());
  return { apiUrl: `http://localhost:${api.port}`, done: workerDone.then(() => undefined), stop };
}
