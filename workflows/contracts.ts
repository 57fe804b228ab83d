// What workflows, the worker, the API and the dev-server launcher agree on: names, ids and the
// search attributes support filters by in the Temporal Web UI (design.md §4). Pure constants:
// safe to import from workflow code.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const DEFAULT_TASK_QUEUE = 'qbo-sync';

export const searchAttributes = {
  tenantId: defineSearchAttributeKey('BproTenantId', SearchAttributeType.KEYWORD),
  entity: defineSearchAttributeKey('BproEntity', SearchAttributeType.KEYWORD),
  recordId: defineSearchAttributeKey('BproRecordId', SearchAttributeType.KEYWORD),
  syncState: defineSearchAttributeKey('QboSyncState', SearchAttributeType.KEYWORD),
} as const;

/** Every custom search attribute, for registration on a server. */
export const allSearchAttributes = Object.values(searchAttributes);

export const workflowIds = {
  initialSync: (tenantId: string) => `initial-sync:${tenantId}`,
  recordSync: (tenantId: string, entity: string, bproId: string) =>
    `record-sync:${tenantId}:${entity}:${bproId}`,
  stackCheck: (tenantId: string) => `stack-check:${tenantId}`,
};
