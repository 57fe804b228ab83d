// API + worker in one process sharing one database pool: `npm start`. (With embedded PGlite,
// one shared pool of one connection is the only correct arrangement.)
import { createQboServices } from '../../activities/qbo/services';
import type { ApiConfig } from '../../api/config';
import { connectTemporalClient } from '../../api/temporal-client';
import { createLogger } from '../../config/logger';
import type { Database } from '../../db/client';
import type { WorkerConfig } from '../../worker/config';
import { listenApi } from './stack/api';
import { startInProcessWorker } from './stack/worker-in-process';

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
): Promise<RunningService> {
  const temporal = await connectTemporalClient(api.temporal);
  const qbo = createQboServices(db, api.qbo, api.tokenEncryptionKey);
  const running = await startInProcessWorker({
    temporal: worker.temporal,
    db,
    qbo,
    batching: worker.batching,
  });
  const listener = await listenApi(api.port);
  listener.serve({ config: api, db, temporal, qbo, log: createLogger('api', api.logLevel) });
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      await listener.close();
      await running.stop();
      await temporal.connection.close();
    })());
  return { apiUrl: listener.url, done: running.done, stop };
}
