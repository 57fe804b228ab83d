// The operations on records: one record's status, its Re-run, Re-create and Unlink, and the
// Re-run of every failed record.
import {
  queuedSchema,
  recordPathSchema,
  recordStatusSchema,
  retryFailedBodySchema,
  unlinkedSchema,
  workflowStartedSchema,
} from '../schemas';
import { common, error, tenantOps, type Operation } from './operation-kit';

const linkStateConflict = (allowed: string) =>
  error(`\`invalid_link_state\`: the record's link is not ${allowed} (details: \`linkState\`, \`allowed\`)`);

export const recordOperations: Operation[] = [
  {
    method: 'get',
    path: '/tenants/{tenantId}/qbo/records/{entity}/{id}',
    tag: 'Transaction log',
    summary: "One BPro record's sync status",
    security: 'apiToken',
    path_params: recordPathSchema,
    responses: { '200': { description: 'Status', schema: recordStatusSchema }, ...common },
  },
  {
    method: 'post',
    path: '/tenants/{tenantId}/qbo/records/{entity}/{id}/retry',
    tag: 'Transaction log',
    summary: "Re-run one record's sync",
    security: 'apiToken',
    path_params: recordPathSchema,
    responses: {
      '202': { description: 'Started or signalled', schema: workflowStartedSchema },
      '412': error('`not_connected`'),
      ...common,
    },
  },
  {
    method: 'post',
    path: '/tenants/{tenantId}/qbo/records/retry-failed',
    tag: 'Transaction log',
    summary: 'Re-run every record whose latest log entry is `failed`',
    description:
      'Each one is re-run exactly as `POST …/records/{entity}/{id}/retry` does (its workflow started ' +
      'or signalled with a `retry` change), a bounded number at a time. The body is optional.',
    ...tenantOps,
    body: retryFailedBodySchema,
    bodyOptional: true,
    responses: {
      '202': { description: 'How many records were re-run', schema: queuedSchema },
      '403': error('`feature_disabled`'),
      '412': error('`not_connected`'),
      ...common,
    },
  },
  {
    method: 'post',
    path: '/tenants/{tenantId}/qbo/records/{entity}/{id}/recreate',
    tag: 'Transaction log',
    summary: 'Re-create in QuickBooks a record deleted or voided there (or unlinked)',
    description:
      'For a record that needs attention (link `qbo_deleted` or `qbo_voided`) or was unlinked: the ' +
      'link goes, the log says "Re-create requested by support", and the record syncs as a Re-run ' +
      'does, creating a new QuickBooks record.',
    security: 'apiToken',
    path_params: recordPathSchema,
    responses: {
      '202': { description: 'Link removed; the sync started or signalled', schema: workflowStartedSchema },
      '403': error('`feature_disabled`'),
      '409': linkStateConflict('`qbo_deleted`, `qbo_voided` or `unlinked`'),
      '412': error('`not_connected`'),
      ...common,
    },
  },
  {
    method: 'post',
    path: '/tenants/{tenantId}/qbo/records/{entity}/{id}/unlink',
    tag: 'Transaction log',
    summary: 'Leave a record deleted or voided in QuickBooks out of QuickBooks',
    description:
      'The link becomes `unlinked` (the sync skips the record from then on) and the log says ' +
      '"Unlinked from QuickBooks by support". Nothing is sent to QuickBooks.',
    security: 'apiToken',
    path_params: recordPathSchema,
    responses: {
      '200': { description: 'Unlinked', schema: unlinkedSchema },
      '403': error('`feature_disabled`'),
      '409': linkStateConflict('`qbo_deleted` or `qbo_voided`'),
      ...common,
    },
  },
];
