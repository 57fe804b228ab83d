import { Router } from 'express';
import { sql } from 'drizzle-orm';
import type { ApiDeps } from '../deps';

export type DependencyStatus = { db: boolean; temporal: boolean };

/**
 * Whether the database and Temporal answer (`select 1`, GetSystemInfo). With `timeoutMs`, a
 * check still waiting then counts as down (a probe must answer quickly).
 */
export async function checkDependencies(
  { db, temporal }: Pick<ApiDeps, 'db' | 'temporal'>,
  timeoutMs?: number,
): Promise<DependencyStatus> {
  let timer: NodeJS.Timeout | undefined;
  const expired =
    timeoutMs === undefined
      ? null
      : new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  const within = (check: Promise<unknown>) => {
    const ok = check.then(
      () => true,
      () => false,
    );
    return expired ? Promise.race([ok, expired]) : ok;
  };
  try {
    const [dbOk, temporalOk] = await Promise.all([
      within(db.execute(sql`select 1`)),
      within(temporal.connection.workflowService.getSystemInfo({})),
    ]);
    return { db: dbOk, temporal: temporalOk };
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /health` → `{ status, db, temporal }`; 503 when a dependency is down. */
export function healthRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const status = await checkDependencies(deps);
    const ok = status.db && status.temporal;
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      db: status.db ? 'ok' : 'down',
      temporal: status.temporal ? 'ok' : 'down',
    });
  });
  return router;
}
