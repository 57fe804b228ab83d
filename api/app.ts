import express, { type Express } from 'express';
import type { ApiDeps } from './deps';
import { requireApiToken } from './middleware/auth';
import { errorHandler, notFound } from './middleware/errors';
import { jsonBody } from './middleware/json-body';
import { securityHeaders } from './middleware/security-headers';
import { openApiRouter } from './openapi/routes';
import { managementPageRouter } from './pages/routes';
import { bproHooksRouter } from './routes/bpro-hooks';
import { metricsRouter } from './routes/metrics';
import { healthRouter } from './routes/health';
import { probesRouter } from './routes/probes';
import { initialSyncRouter } from './routes/initial-sync';
import { qboCallbackRouter } from './routes/qbo-callback';
import { qboConnectionRouter } from './routes/qbo-connection';
import { qboSettingsRouter } from './routes/qbo-settings';
import { taxMappingRouter } from './routes/tax-mapping';
import { recordActionsRouter } from './routes/record-actions';
import { recordsRouter } from './routes/records';
import { syncLogRouter } from './routes/sync-log';
import { tenantsRouter } from './routes/tenants';
import type { ShutdownState } from './shutdown-state';

export type AppOptions = {
  /** Set when the process begins to stop: hooks answer 503, /readyz "not ready". */
  shutdown?: ShutdownState;
};

/** The Express app without `listen`, so tests drive it over HTTP on any port. */
export function createApp(deps: ApiDeps, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer: whose X-Forwarded-For to believe (req.ip keys the unsigned-hook limit).
  app.set('trust proxy', deps.config.trustProxy);
  app.use(securityHeaders());
  app.use(metricsRouter({ token: deps.config.metricsToken, db: deps.db }));
  // The orchestrator's probes (/livez, /readyz): at the root, no token.
  app.use(probesRouter(deps, options.shutdown));
  // The BPro hooks are signed over their raw bytes: that route reads its own body, before JSON parsing.
  app.use('/api/v1', bproHooksRouter(deps, options.shutdown));
  app.use(jsonBody);

  const v1 = express.Router();
  // Everything under /api/v1 needs the API token, except the BPro hooks (mounted above, signed
  // instead), the OAuth callback and the API's own description, which come before the token check.
  v1.use(qboCallbackRouter(deps));
  v1.use(openApiRouter());
  v1.use(requireApiToken(deps.config.apiToken));
  v1.use(healthRouter(deps));
  v1.use(tenantsRouter(deps));
  v1.use(qboConnectionRouter(deps));
  v1.use(qboSettingsRouter(deps));
  v1.use(taxMappingRouter(deps));
  v1.use(initialSyncRouter(deps));
  v1.use(syncLogRouter(deps));
  v1.use(recordsRouter(deps));
  v1.use(recordActionsRouter(deps));
  app.use('/api/v1', v1);
  // The QuickBooks Management page: its own access (signed link → session cookie), HTML errors.
  app.use(managementPageRouter(deps));

  app.use(notFound);
  app.use(errorHandler((error) => deps.log.error('unhandled error', { error: String(error) })));
  return app;
}
