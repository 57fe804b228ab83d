// After the initial sync, the demo keeps BPro busy: a simulated change every --hook-interval
// seconds, sent through the signed hook, with a summary of the sync log every fifth one.
import type { Database } from '../../../db/client';
import { countLogByAction } from '../../../db/queries/sync-log';
import { BproActivity } from '../bpro-activity';

export type SimulationOptions = {
  db: Database;
  tenantId: string;
  apiUrl: string;
  hookSecret: string;
  intervalSeconds: number;
  step: (text: string) => void;
  /** Stops the loop (the demo is shutting down). */
  stopping: () => boolean;
};

export function simulateBproActivity(options: SimulationOptions): void {
  const { db, tenantId, step } = options;
  const activity = new BproActivity(db, tenantId, options.apiUrl, options.hookSecret);
  let hooks = 0;
  const tick = async () => {
    if (options.stopping()) return;
    try {
      const event = await activity.next();
      hooks += 1;
      step(`hook ${event.entity}/${event.event}: ${event.label} → ${event.response}`);
      if (hooks % 5 === 0) step(await logSummary(db, tenantId, hooks));
    } catch (error) {
      step(`simulation error: ${error instanceof Error ? error.message : String(error)}`);
    }
    setTimeout(() => void tick(), options.intervalSeconds * 1000);
  };
  void tick();
}

async function logSummary(db: Database, tenantId: string, hooks: number): Promise<string> {
  const rows = await countLogByAction(db, tenantId);
  const by = (action: string) => rows.filter((r) => r.action === action).reduce((s, r) => s + r.n, 0);
  return `summary: ${hooks} hooks sent; log: ${by('created')} created, ${by('updated')} updated, ${by('linked')} linked, ${by('voided')} voided, ${by('skipped')} skipped, ${by('failed')} failed, ${by('warning')} warnings`;
}
