// QBO request ids of one run's writes: stable for the same payload (a retried call is replayed,
// not applied twice), new when the payload changes or support re-runs the record (`runKey`).
import { createHash } from 'node:crypto';
import type { SyncEntity } from '../../workflows/contracts';
import { requestIdFor } from '../qbo/request-id';
import type { RequestIds } from './types';

export function runRequestIds(tenantId: string, runKey: string): RequestIds {
  const requestId = (operation: string, entity: SyncEntity, bproId: string, body: unknown) => {
    const payload = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16);
    return requestIdFor({ tenantId, entity, bproId, operation, sourceVersion: `${payload}:${runKey}` });
  };
  return {
    create: (entity, bproId, body) => requestId('create', entity, bproId, body),
    update: (entity, bproId, body) => requestId('update', entity, bproId, body),
  };
}
