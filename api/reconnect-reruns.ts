// After a successful reconnect, the records that failed for want of the connection (newest log
// entry `failed` with `awaiting` = AWAITING_AUTH) run again, as a Re-run would.
import { AWAITING_AUTH } from '../db/queries/sync-log';
import { rerunFailed, type RerunDeps } from './record-reruns';

/** Re-runs them; returns how many. A failure is logged, not thrown: the connection is saved either way. */
export async function rerunAuthFailures(deps: RerunDeps, tenantId: string): Promise<number> {
  try {
    const { queued } = await rerunFailed(deps, tenantId, { awaiting: AWAITING_AUTH });
    if (queued > 0)
      deps.log.info('records that failed for want of the connection re-run', { tenantId, queued });
    return queued;
  } catch (error) {
    deps.log.error('could not re-run the records that failed for want of the connection', {
      tenantId,
      error: String(error),
    });
    return 0;
  }
}
