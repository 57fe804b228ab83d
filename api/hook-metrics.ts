// qbo_sync_hooks_received_total for the BPro hooks route (routes/bpro-hooks.ts): what it answered
// is counted there; what it refused (an error on its way to the app's error handler) here.
import type { ErrorRequestHandler } from 'express';
import { countHook, type HookResult } from '../config/metrics';
import { HttpError } from './middleware/errors';

export { countHook };

/** Why a hook was refused, from the error the route threw. */
export function refusalOf(error: unknown): HookResult {
  if (error instanceof HttpError) {
    if (error.code === 'invalid_signature' || error.code === 'stale_signature') return 'rejected_signature';
    if (error.code === 'invalid_hook') return 'invalid';
    if (error.code === 'tenant_not_found') return 'tenant_not_found';
    if (error.code === 'tenant_busy') return 'tenant_busy';
    if (error.status === 429) return 'rate_limited';
    if (error.status === 503) return 'unavailable';
    if (error.status >= 400 && error.status < 500) return 'invalid';
    return 'error';
  }
  // The raw-body reader's own refusals (too large, bad encoding) carry a 4xx status.
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? 'invalid' : 'error';
}

/** Counts a refused hook and passes the error on, untouched. */
export const countRefusedHooks: ErrorRequestHandler = (error: unknown, req, _res, next) => {
  if (req.method === 'POST' && req.path === '/hooks/bpro') countHook(undefined, refusalOf(error));
  next(error);
};
