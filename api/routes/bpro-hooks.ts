import express, { Router, type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import { findConnection } from '../../db/queries/qbo-connections';
import { findSyncSettings } from '../../db/queries/settings';
import { findTenant } from '../../db/queries/tenants';
import type { ApiDeps } from '../deps';
import { HOOK_SIGNATURE_HEADER, verifyHookSignature, type HookSignatureCheck } from '../hook-signature';
import { hookRateLimiters, sourceOf } from '../hook-rate-limit';
import { HttpError } from '../middleware/errors';
import { refuseWhileShuttingDown, type ShutdownState } from '../shutdown-state';
import { countHook, countRefusedHooks } from '../hook-metrics';
import { signalRecordSync } from '../sync-workflows';
import { isIntakeRefusal, TenantIntake } from '../tenant-intake';
import { hooksWaiting } from '../../config/metrics';
import { hookBodySchema } from '../schemas';

export const hookBody = hookBodySchema;
type Hook = z.infer<typeof hookBodySchema>;

/** Why an authentic, well-formed hook is acknowledged without syncing anything. */
export type HookIgnoredReason = 'feature_disabled' | 'not_connected' | 'initial_sync_not_started';

/** What the route's steps learnt about a request, for the next ones. */
const signatures = new WeakMap<Request, HookSignatureCheck>();
const hooks = new WeakMap<Request, Hook>();

const rawBodyOf = (req: Request) => (Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));

/** The signature check over the exact bytes received (design.md §6), kept for the next steps. */
const checkSignature =
  (secret: string): RequestHandler =>
  (req, _res, next) => {
    const check = verifyHookSignature(
      secret,
      req.get(HOOK_SIGNATURE_HEADER),
      rawBodyOf(req),
      Math.floor(Date.now() / 1000),
    );
    signatures.set(req, check);
    next();
  };

const refuseUnsigned: RequestHandler = (req, _res, next) => {
  const check = signatures.get(req);
  if (check?.ok) return next();
  next(new HttpError(401, check?.code ?? 'invalid_signature', check?.message ?? 'Unsigned hook'));
};

const readHook: RequestHandler = (req, _res, next) => {
  let json: unknown;
  try {
    json = JSON.parse(rawBodyOf(req).toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_hook', 'The hook body is not valid JSON');
  }
  const parsed = hookBody.safeParse(json);
  if (!parsed.success)
    throw new HttpError(400, 'invalid_hook', 'The hook body is not a valid BPro hook', parsed.error.issues);
  hooks.set(req, parsed.data);
  next();
};

/**
 * `POST /hooks/bpro`: BPro tells us a record changed. Authenticated by its HMAC signature over the
 * raw body (no API token), so this router parses its own body and is mounted before the JSON parser.
 * Steps: the signature (a request without a valid one counts against its source address's limit,
 * then 401), the body (400), the tenant's limit (429), then the hook. Once the process is
 * shutting down it takes no more hooks: 503 with `Retry-After`.
 */
export function bproHooksRouter(deps: ApiDeps, shutdown?: ShutdownState): Router {
  const { config } = deps;
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: '64kb' });
  const notWhileShuttingDown = refuseWhileShuttingDown(shutdown, config.shutdownGraceSeconds);
  const intake = new TenantIntake(config.hookIntake, (delta) => hooksWaiting.inc(delta));
  const limits = hookRateLimiters(deps, {
    unsignedSource: (req) => (signatures.get(req)?.ok ? undefined : sourceOf(req)),
    tenant: (req) => hooks.get(req)?.tenantId,
  });

  router.post(
    '/hooks/bpro',
    notWhileShuttingDown,
    rawBody,
    checkSignature(config.hookSecret),
    limits.unsigned,
    refuseUnsigned,
    readHook,
    limits.tenant,
    async (req, res) => {
      const hook = hooks.get(req);
      if (!hook) throw new Error('readHook did not run');
      await takeHook(deps, intake, hook, res);
    },
  );
  // Hooks refused (signature, body, tenant, limits, …) counted by why, then answered by the app's error handler.
  router.use(countRefusedHooks);

  return router;
}

/** An authentic, well-formed hook within its tenant's limit: starts or signals the record's sync. */
async function takeHook(
  { db, temporal, config, log }: ApiDeps,
  intake: TenantIntake,
  hook: Hook,
  res: express.Response,
) {
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
  const started = await intake.run(hook.tenantId, () =>
    signalRecordSync(
      temporal,
      config.temporal,
      { tenantId: hook.tenantId, entity: hook.entity, bproId: hook.id, receivedAt },
      { event: hook.event, occurredAt: hook.occurredAt, receivedAt },
    ),
  );
  if (isIntakeRefusal(started)) {
    // Nothing started: BPro sends the hook again after Retry-After (README "Scaling workers").
    res.set('Retry-After', String(started.retryAfterSeconds));
    throw new HttpError(
      429,
      'tenant_busy',
      `${started.waiting} hooks of this tenant are waiting to start their syncs; send this one again after Retry-After seconds`,
      { waiting: started.waiting, retryAfterSeconds: started.retryAfterSeconds },
    );
  }
  log.info('hook accepted', {
    tenantId: hook.tenantId,
    entity: hook.entity,
    id: hook.id,
    event: hook.event,
    workflowId: started,
  });
  res.status(202).json({ workflowId: started });
  countHook(hook.entity, 'accepted');
}
