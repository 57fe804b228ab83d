// `npm run api`: the HTTP API.
import type { Server } from 'node:http';
import { createLogger } from '../config/logger';
import { runProcess } from '../config/process';
import { openServiceDatabase } from '../db/open';
import { createQboServices } from '../activities/qbo/services';
import { createApp } from './app';
import { loadApiConfig } from './config';
import { createShutdownState } from './shutdown-state';
import { connectTemporalClient } from './temporal-client';

await runProcess('api', async () => {
  const config = loadApiConfig();
  const database = await openServiceDatabase(config.databaseUrl, { applicationName: 'qbo-sync-api' });
  const temporal = await connectTemporalClient(config.temporal);
  const qbo = createQboServices(database.db, config.qbo, config.tokenEncryptionKey);
  const shutdown = createShutdownState();
  const app = createApp(
    { config, db: database.db, temporal, qbo, log: createLogger('api', config.logLevel) },
    { shutdown },
  );
  let server: Server | undefined;
  let closed: Promise<void> = Promise.resolve();
  await new Promise<void>((resolve, reject) => {
    server = app.listen(config.port, (error) => (error ? reject(error) : resolve()));
    closed = new Promise((done) => server?.once('close', () => done()));
  });
  return {
    description: `API on http://localhost:${config.port}/api/v1 (Temporal ${config.temporal.address})`,
    shutdownGraceSeconds: config.shutdownGraceSeconds,
    run: () => closed,
    // Hooks now answer 503 and /readyz "not ready"; no new connections; requests under way
    // finish within the grace period, then their connections are closed.
    stop: () => {
      shutdown.begin();
      server?.close();
      const force = setTimeout(() => server?.closeAllConnections(), config.shutdownGraceSeconds * 1000);
      void closed.then(() => clearTimeout(force));
    },
    cleanup: async () => {
      await temporal.connection.close();
      await database.close();
    },
  };
});
