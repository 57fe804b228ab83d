import { Router } from 'express';
import { sql } from 'drizzle-orm';
import type { ApiDeps } from '../deps';

/** `GET /health` → `{ status, db, temporal }`; 503 when a dependency is down. */
export function healthRouter({ db, temporal }: ApiDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const [dbOk, temporalOk] = await Promise.all([
      db.execute(sql`select 1`).then(
        () => true,
        () => false,
      ),
      temporal.connection.workflowService.getSystemInfo({}).then(
        () => true,
        () => false,
      ),
    ]);
    const ok = dbOk && temporalOk;
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      db: dbOk ? 'ok' : 'down',
      temporal: temporalOk ? 'ok' : 'down',
    });
  });
  return router;
}
