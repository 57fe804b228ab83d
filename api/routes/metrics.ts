import { Router } from 'express';
import { collectConnectionStatesFrom } from '../../config/metrics-connections';
import { METRICS_CONTENT_TYPE, metricsAuthorized, renderMetrics } from '../../config/metrics';
import type { Database } from '../../db/client';

export type MetricsRouterOptions = {
  /** METRICS_TOKEN: when set, a scrape needs `Authorization: Bearer <token>`; unset, /metrics is open. */
  token?: string | undefined;
  /** Connection states are read from it at scrape time (qbo_sync_connections). */
  db?: Database;
};

/**
 * `GET /metrics` on the API's port (not under /api/v1): Prometheus text of this process's
 * registry (config/metrics.ts) and whatever else the process appends (the Temporal SDK's
 * metrics when a worker runs here too, `npm start`).
 */
export function metricsRouter(options: MetricsRouterOptions = {}): Router {
  if (options.db) collectConnectionStatesFrom(options.db);
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (!metricsAuthorized(options.token, req.get('authorization'))) {
      res.status(401).set('www-authenticate', 'Bearer').type('text/plain').send('unauthorized\n');
      return;
    }
    const text = await renderMetrics();
    res.status(200).set('content-type', METRICS_CONTENT_TYPE).send(text);
  });
  return router;
}
