import { Router } from 'express';
import type { ApiDeps } from '../deps';
import type { ShutdownState } from '../shutdown-state';
import { checkDependencies } from './health';

/** A readiness check still waiting on a dependency after this long answers "not ready". */
const READY_CHECK_TIMEOUT_MS = 3_000;

/**
 * The orchestrator's probes, at the root and without the API token; their bodies say nothing
 * more than the status (which dependency is down is `GET /api/v1/health`'s, behind the token).
 * `GET /livez`: the process answers. `GET /readyz`: the database and Temporal answer and the
 * process is not shutting down (else 503).
 */
export function probesRouter(deps: ApiDeps, shutdown?: ShutdownState): Router {
  const router = Router();
  router.use(['/livez', '/readyz'], (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.get('/livez', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const up = !shutdown?.shuttingDown && (await checkDependencies(deps, READY_CHECK_TIMEOUT_MS));
    // Shutting down may have begun while the checks ran.
    const ready = up && up.db && up.temporal && !shutdown?.shuttingDown;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready' });
  });
  return router;
}
