// The transaction log entries one run writes: each record's outcome, and extra warnings.
import type { Database } from '../../db/client';
import { appendLog, latestLogFor } from '../../db/queries/sync-log';
import type { SyncEntity } from '../../workflows/contracts';
import type { RunLog, Step } from './types';

export class RunLogWriter implements RunLog {
  constructor(
    private readonly db: Database,
    private readonly tenantId: string,
    private readonly workflowId: string,
  ) {}

  async record(entity: SyncEntity, bproId: string, step: Step): Promise<void> {
    await appendLog(this.db, {
      tenantId: this.tenantId,
      entity,
      bproId,
      action: step.action,
      message: step.message ?? null,
      qboId: step.qboId ?? null,
      workflowId: this.workflowId,
      awaiting: step.awaiting ?? null,
    });
  }

  warn(entity: SyncEntity, bproId: string, message: string, qboId?: string): Promise<void> {
    return this.record(entity, bproId, { action: 'warning', message, qboId });
  }

  async warnBeforeWrite(entity: SyncEntity, bproId: string, message: string, qboId?: string): Promise<void> {
    const latest = await latestLogFor(this.db, this.tenantId, entity, bproId);
    if (latest?.action === 'warning' && latest.message === message) return;
    await this.warn(entity, bproId, message, qboId);
  }
}
