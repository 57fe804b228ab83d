import { Router } from 'express';
import { z } from 'zod';
import { listLogPage, type LogPosition } from '../../db/queries/sync-log';
import { logActions, syncEntities } from '../../db/schema';
import type { ApiDeps } from '../deps';
import { HttpError } from '../middleware/errors';
import { temporalUrl } from '../sync-workflows';
import { requireTenant } from '../tenant-guards';
import { tenantIdOf } from '../validation';

export const LOG_PAGE_DEFAULT = 50;
export const LOG_PAGE_MAX = 200;

const logQuery = z
  .object({
    status: z.enum(logActions).optional(),
    entity: z.enum(syncEntities).optional(),
    limit: z.coerce.number().int().min(1).max(LOG_PAGE_MAX).default(LOG_PAGE_DEFAULT),
    cursor: z.string().max(200).optional(),
  })
  .strict();

/** The cursor is opaque to clients: base64url of "<at with microseconds>|<id>". */
export const encodeLogCursor = (p: LogPosition) => Buffer.from(`${p.at}|${p.id}`).toString('base64url');

export function decodeLogCursor(cursor: string): LogPosition {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|(\d{1,19})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match?.[1] || !match[2] || Number.isNaN(Date.parse(match[1])))
    throw new HttpError(400, 'invalid_cursor', 'The cursor is not one this API returned');
  return { at: match[1], id: match[2] };
}

/** `GET /tenants/:tenantId/qbo/log?status=&entity=&limit=&cursor=`, newest first. */
export function syncLogRouter({ db, config }: ApiDeps): Router {
  const router = Router();
  router.get('/tenants/:tenantId/qbo/log', async (req, res) => {
    const tenantId = tenantIdOf(req);
    const query = logQuery.parse(req.query);
    const after = query.cursor === undefined ? undefined : decodeLogCursor(query.cursor);
    await requireTenant(db, tenantId);
    const rows = await listLogPage(db, {
      tenantId,
      action: query.status,
      entity: query.entity,
      limit: query.limit + 1,
      after,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    res.json({
      entries: page.map((r) => ({
        id: r.id.toString(),
        entity: r.entity,
        bproId: r.bproId,
        action: r.action,
        message: r.message,
        qboId: r.qboId,
        workflowId: r.workflowId,
        temporalUrl: r.workflowId ? temporalUrl(config.temporal, r.workflowId) : null,
        at: r.at.toISOString(),
      })),
      nextCursor: rows.length > query.limit && last ? encodeLogCursor(last.position) : null,
    });
  });
  return router;
}
