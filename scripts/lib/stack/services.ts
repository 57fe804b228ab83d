// The stack's services, once its parts are up: the API serving on its port (on the stack's
// database pool or one of its own) and the workers asked for.
import { createQboServices } from '../../../activities/qbo/services';
import { createLogger } from '../../../config/logger';
import { createDb } from '../../../db/client';
import type { Closers } from './closers';
import type { StackOptions, StartedParts } from './launch';
import type { WorkerLife } from './worker-life';
import type { WorkerPool } from './worker-pool';
import { createWorkerPool, spawnStackWorker, type WorkerContext, type WorkerSpawnOptions } from './workers';

export async function startServices(
  options: StackOptions,
  parts: StartedParts,
  closers: Closers,
  killers: Set<() => void>,
): Promise<{ workers: WorkerPool | null; spawnWorker: (options?: WorkerSpawnOptions) => WorkerLife }> {
  serveApi(options, parts, closers);
  const { config, env, database, qbo } = parts.prepared;
  const context: WorkerContext = { env, temporal: config.temporal, database, qbo, ...parts.qboOptions };

  let workers: WorkerPool | null = null;
  if (options.workers) {
    const pool = await createWorkerPool(options.workers, context);
    workers = pool;
    killers.add(() => pool.killAllNow());
    closers.add(() => pool.stop());
    if (options.workers.start !== false) await pool.start();
  }
  const spawnWorker = (spawnOptions: WorkerSpawnOptions = {}) => {
    const life = spawnStackWorker(context, spawnOptions);
    killers.add(life.kill);
    void life.ended.then(() => killers.delete(life.kill));
    return life;
  };
  return { workers, spawnWorker };
}

function serveApi(options: StackOptions, parts: StartedParts, closers: Closers): void {
  const { config, database, client, qbo } = parts.prepared;
  const pool = options.api?.pool;
  let db = database.db;
  let apiQbo = qbo;
  if (pool) {
    if (!database.serverUrl) throw new Error('an API pool of its own needs a PostgreSQL server');
    const own = createDb(database.serverUrl, pool);
    closers.add(own.close);
    db = own.db;
    apiQbo = createQboServices(db, config.qbo, config.tokenEncryptionKey, parts.qboOptions);
  }
  const log = options.api?.log ?? createLogger('api', config.logLevel);
  parts.listener.serve({ config, db, temporal: client, qbo: apiQbo, log });
}
