import express, { type Express } from 'express';
import type { ApiDeps } from './deps';
import { requireApiToken } from './middleware/auth';
import { errorHandler, notFound } from './middleware/errors';
import { healthRouter } from './routes/health';
import { qboCallbackRouter } from './routes/qbo-callback';
import { qboConnectionRouter } from './routes/qbo-connection';
import { tenantsRouter } from './routes/tenants';

/** The Express app without `listen`, so tests drive it over HTTP on any port. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));

  const v1 = express.Router();
  // Everything under /api/v1 needs the API token, except the OAuth callback and the BPro hooks,
  // which are mounted before the token check.
  v1.use(qboCallbackRouter(deps));
  v1.use(requireApiToken(deps.config.apiToken));
  v1.use(healthRouter(deps));
  v1.use(tenantsRouter(deps));
  v1.use(qboConnectionRouter(deps));
  app.use('/api/v1', v1);

  app.use(notFound);
  app.use(errorHandler((error) => deps.log.error('unhandled error', { error: String(error) })));
  return app;
}
