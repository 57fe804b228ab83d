import express, { Router } from 'express';
import { findConnection } from '../../db/queries/qbo-connections';
import { findSyncSettings } from '../../db/queries/settings';
import { findTenant } from '../../db/queries/tenants';
import type { ApiDeps } from '../deps';
import { HOOK_SIGNATURE_HEADER, verifyHookSignature } from '../hook-signature';
import { HttpError } from '../middleware/errors';
import { refuseWhileShuttingDown, type ShutdownState } from '../shutdown-state';
import { countHook, countRefusedHooks } from '../hook-metrics';
import { signalRecordSync } from '../sync-workflows';
import { hookBodySchema } from '../schemas';

export const hookBody = hookBodySchema;

/** Why an authentic, well-formed hook is acknowledged without syncing anything. */
export type HookIgnoredReason = 'feature_disabled' | 'not_connected' | 'initial_sync_not_started';

/**
 * `POST /hooks/bpro`: BPro tells us a record changed. Authenticated by its HMAC signature over the
 * raw body (no API token), so this router parses its own body and is mounted before the JSON parser.
 * Once the process is shutting down it takes no more hooks: 503 with `Retry-After`.
 */
export function bproHooksRouter({ db, temporal, config, log }: ApiDeps, shutdown?: ShutdownState): Router {
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: '64kb' });
  const notWhileShuttingDown = refuseWhileShuttingDown(shutdown, config.shutdownGraceSeconds);

  router.post('/hooks/bpro', notWhileShuttingDown, rawBody, async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const check = verifyHookSignature(
      config.hookSecret,
      req.get(HOOK_SIGNATURE_HEADER),
      raw,
      Math.floor(Date.now() / 1000),
    );
    if (!check.ok) throw new HttpError(401, check.code, check.message);

    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError(400, 'invalid_hook', 'The hook body is not valid JSON');
    }
    const parsed = hookBody.safeParse(json);
    if (!parsed.success)
      throw new HttpError(400, 'invalid_hook', 'The hook body is not a valid BPro hook', parsed.error.issues);
    const hook = parsed.data;

    const tenant = await findTenant(db, hook.tenantId);
    if (!tenant) throw new HttpError(404, 'tenant_not_found', `No tenant "${hook.tenantId}"`);

    const ignore = (ignored: HookIgnoredReason) => {
      log.info('hook ignored', {
        ignored,
        tenantId: hook.tenantId,
        entity: hook.entity,
        id: hook.id,
        event: hook.event,
      });
      res.status(202).json({ ignored });
      countHook(hook.entity, ignored);
    };
    if (!tenant.qboEnabled) return ignore('feature_disabled');
    // A connection waiting for reauthorisation still takes hooks: the workflow waits for the reconnect.
    const connection = await findConnection(db, hook.tenantId);
    if (!connection || connection.status === 'disconnected') return ignore('not_connected');
    const settings = await findSyncSettings(db, hook.tenantId);
    if (!settings?.initialSyncStartedAt) return ignore('initial_sync_not_started');

    // The start of qbo_sync_hook_to_qbo_seconds (travels in the workflow's input and the signal).
    const receivedAt = new Date().toISOString();
    const workflowId = await signalRecordSync(
      temporal,
      config.temporal,
      { tenantId: hook.tenantId, entity: hook.entity, bproId: hook.id, receivedAt },
      { event: hook.event, occurredAt: hook.occurredAt, receivedAt },
    );
    log.info('hook accepted', {
      tenantId: hook.tenantId,
      entity: hook.entity,
      id: hook.id,
      event: hook.event,
      workflowId,
    });
    res.status(202).json({ workflowId });
    countHook(hook.entity, 'accepted');
  });
  // Hooks refused (signature, body, tenant, …) counted by why, then answered by the app's error handler.
  router.use(countRefusedHooks);

  return router;
}
