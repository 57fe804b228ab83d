// Every v1 operation (design.md §6) with the zod schemas its route parses and answers with.
import {
  accountsQuerySchema,
  accountsSchema,
  authorizeUrlSchema,
  callbackQuerySchema,
  cancellingSchema,
  connectionSchema,
  connectQuerySchema,
  disconnectedSchema,
  healthSchema,
  hookAcceptedSchema,
  hookBodySchema,
  initialSyncSchema,
  logPageSchema,
  logQuerySchema,
  savedSettingsSchema,
  settingsBodySchema,
  settingsViewSchema,
  tenantBodySchema,
  tenantSchema,
  workflowStartedSchema,
} from '../schemas';
import { common, error, tenantOps, type Operation } from './operation-kit';
import { recordOperations } from './record-operations';
import { taxMappingOperations } from './tax-mapping-operations';

export type { Operation, Security } from './operation-kit';

export const operations: Operation[] = [
  {
    method: 'get',
    path: '/health',
    tag: 'Service',
    summary: 'Health of the API and its dependencies',
    security: 'apiToken',
    responses: {
      '200': { description: 'Everything is up', schema: healthSchema },
      '503': { description: 'A dependency is down', schema: healthSchema },
      '401': common['401'],
    },
  },
  {
    method: 'put',
    path: '/tenants/{tenantId}',
    tag: 'Tenants',
    summary: 'Create or update a tenant (support switches the QuickBooks feature on or off)',
    ...tenantOps,
    body: tenantBodySchema,
    responses: { '200': { description: 'The tenant', schema: tenantSchema }, ...common },
  },
  {
    method: 'get',
    path: '/tenants/{tenantId}/qbo/connect',
    tag: 'Connection',
    summary: "Start connecting: redirect to Intuit's consent page",
    ...tenantOps,
    query: connectQuerySchema,
    responses: {
      '302': { description: 'To the consent page', redirect: true },
      '200': { description: 'With `?format=json`', schema: authorizeUrlSchema },
      '403': error('`feature_disabled`: the tenant has QuickBooks switched off'),
      '404': error('`tenant_not_found`'),
      ...common,
    },
  },
  {
    method: 'get',
    path: '/qbo/callback',
    tag: 'Connection',
    summary: 'OAuth redirect target',
    description:
      'Checks the single-use state, exchanges the code, reads CompanyInfo and Preferences (country, ' +
      'home currency, multicurrency, subscription status) and stores them with the tokens. A company ' +
      'outside the US and Canada is refused (`unsupported_company`): nothing is saved and the new grant ' +
      'is revoked. ' +
      'Redirects to the management page when the connect started there; otherwise a short HTML page.',
    security: 'none',
    query: callbackQuerySchema,
    responses: {
      '200': { description: 'Connected (HTML page)', html: true },
      '303': { description: 'Connected: back to the management page', redirect: true },
      '400': { description: 'Invalid, used or expired state, or consent denied (HTML page)', html: true },
      '403': {
        description:
          '`unsupported_company`: neither a US nor a Canadian company, e.g. "Only US and Canadian QuickBooks ' +
          'companies are supported for now; this company is in GB." (HTML page; from the management page, ' +
          'a 303 back to it with the reason)',
        html: true,
      },
      '409': { description: 'A different company than the linked one (HTML page)', html: true },
      '502': { description: 'QuickBooks unreachable (HTML page)', html: true },
    },
  },
  {
    method: 'get',
    path: '/tenants/{tenantId}/qbo/connection',
    tag: 'Connection',
    summary: 'The QuickBooks connection',
    ...tenantOps,
    responses: { '200': { description: 'Status and company', schema: connectionSchema }, ...common },
  },
  {
    method: 'delete',
    path: '/tenants/{tenantId}/qbo/connection',
    tag: 'Connection',
    summary: 'Revoke the tokens and disconnect',
    ...tenantOps,
    responses: {
      '200': { description: 'Disconnected', schema: disconnectedSchema },
      '404': error('`not_connected`'),
      ...common,
    },
  },
  {
    method: 'get',
    path: '/tenants/{tenantId}/qbo/accounts',
    tag: 'Settings',
    summary: 'QuickBooks accounts (cash-based ones for the refund account)',
    ...tenantOps,
    query: accountsQuerySchema,
    responses: {
      '200': { description: 'Active accounts', schema: accountsSchema },
      '403': error('`feature_disabled`'),
      ...common,
    },
  },
  {
    method: 'get',
    path: '/tenants/{tenantId}/qbo/settings',
    tag: 'Settings',
    summary: 'Sync settings, with the QuickBooks match of each payment method',
    ...tenantOps,
    responses: {
      '200': { description: 'The settings', schema: settingsViewSchema },
      '403': error('`feature_disabled`'),
      ...common,
    },
  },
  {
    method: 'put',
    path: '/tenants/{tenantId}/qbo/settings',
    tag: 'Settings',
    summary: 'Change sync settings (all checks first: a refused request changes nothing)',
    description:
      'A payment method that goes from unchecked to checked brings its payments back: those on or ' +
      'after the start date, not linked, whose latest log entry is `skipped`, are queued for sync as ' +
      'a Re-run would (once the initial sync has started and while connected); `queuedPayments` says how many.',
    ...tenantOps,
    body: settingsBodySchema,
    responses: {
      '200': {
        description:
          'The saved settings, and how many payments were queued because their method went from unchecked to checked',
        schema: savedSettingsSchema,
      },
      '400': error(
        '`invalid_request`, `invalid_refund_account` (not cash-based) or `unknown_payment_method`',
      ),
      '401': common['401'],
      '403': error('`feature_disabled`'),
      '412': error('`not_connected` (choosing a refund account needs the connection)'),
    },
  },
  {
    method: 'post',
    path: '/tenants/{tenantId}/qbo/initial-sync',
    tag: 'Initial sync',
    summary: 'Start the initial sync',
    ...tenantOps,
    responses: {
      '202': { description: 'Started', schema: workflowStartedSchema },
      '409': error('`already_running`'),
      '412': error('`not_connected`'),
      ...common,
    },
  },
  {
    method: 'get',
    path: '/tenants/{tenantId}/qbo/initial-sync',
    tag: 'Initial sync',
    summary: 'Status and progress per entity of the initial sync',
    ...tenantOps,
    responses: { '200': { description: 'Status', schema: initialSyncSchema }, ...common },
  },
  {
    method: 'delete',
    path: '/tenants/{tenantId}/qbo/initial-sync',
    tag: 'Initial sync',
    summary: 'Cancel the running initial sync',
    ...tenantOps,
    responses: {
      '202': { description: 'Cancellation requested', schema: cancellingSchema },
      '404': error('`not_running`'),
      ...common,
    },
  },
  {
    method: 'post',
    path: '/hooks/bpro',
    tag: 'Hooks',
    summary: 'BPro reports a changed record',
    description:
      'Signed instead of token-authenticated: header `X-BPro-Signature: t=<unix>,v1=<hex HMAC-SHA256(HOOK_SECRET, "<t>.<raw body>")>`.',
    security: 'hookSignature',
    body: hookBodySchema,
    responses: {
      '202': { description: 'Accepted (a workflow id) or ignored (the reason)', schema: hookAcceptedSchema },
      '400': error('`invalid_hook`'),
      '401': error('Missing, malformed, stale or wrong signature'),
      '404': error('`tenant_not_found`'),
      '429': error(
        "`rate_limited`: too many hooks for the tenant, or without a valid signature from the address; `tenant_busy`: too many of the tenant's hooks already wait to start their syncs in this API process. Send again after `Retry-After` seconds",
      ),
      '503': error(
        '`shutting_down`: the service is stopping; send the hook again after `Retry-After` seconds',
      ),
    },
  },
  {
    method: 'get',
    path: '/tenants/{tenantId}/qbo/log',
    tag: 'Transaction log',
    summary: 'The transaction log, newest first',
    ...tenantOps,
    query: logQuerySchema,
    responses: { '200': { description: 'One page', schema: logPageSchema }, ...common },
  },
  ...recordOperations,
  ...taxMappingOperations,
];
