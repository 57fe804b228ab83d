// The API's "shutting down" flag: set once when its process begins to stop (SIGTERM), read by
// the BPro hooks route (503 + Retry-After, so BPro sends the hook again later) and by /readyz.
import type { RequestHandler } from 'express';
import { HttpError } from './middleware/errors';

export type ShutdownState = {
  /** True from begin() on. */
  readonly shuttingDown: boolean;
  begin: () => void;
};

export function createShutdownState(): ShutdownState {
  let shuttingDown = false;
  return {
    get shuttingDown() {
      return shuttingDown;
    },
    begin: () => {
      shuttingDown = true;
    },
  };
}

/**
 * While shutting down: 503 in the error envelope with `Retry-After` (seconds, at least 1), and the
 * connection closed after the answer, so the client's retry reaches a process that stays up.
 */
export function refuseWhileShuttingDown(
  state: ShutdownState | undefined,
  retryAfterSeconds: number,
): RequestHandler {
  return (_req, res, next) => {
    if (!state?.shuttingDown) return next();
    res.set('Retry-After', String(Math.max(1, Math.ceil(retryAfterSeconds))));
    res.set('Connection', 'close');
    next(new HttpError(503, 'shutting_down', 'The service is shutting down: send the request again later'));
  };
}
