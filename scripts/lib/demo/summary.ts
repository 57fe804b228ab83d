// What the demo prints once the initial sync has ended: where everything runs and answers.
import type { Stack } from '../stack/launch';
import type { DemoPlan } from './plan';

export function printDemoSummary(options: {
  stack: Stack;
  plan: DemoPlan;
  tenantId: string;
  realmId: string;
  pageLink: string;
}): void {
  const { stack, plan, tenantId, realmId, pageLink } = options;
  const { api } = plan;
  const { apiUrl, emulator, database } = stack;
  const uiUrl = stack.temporal.uiUrl ?? api.temporal.uiUrl;
  const uiLink = `${uiUrl}/namespaces/${api.temporal.namespace}/workflows?query=${encodeURIComponent(`BproTenantId="${tenantId}"`)}`;
  const token = api.apiToken === 'dev-api-token' ? 'dev-api-token' : '<API_TOKEN>';
  const quickBooks = emulator
    ? `QBO emulator     ${emulator.url}   (stats: ${emulator.url}/__emulator/realms/${realmId}/stats)`
    : `QuickBooks       ${api.qbo.testIntuitBaseUrl ?? 'https://app.sandbox.qbo.intuit.com/app/homepage'}   (sandbox company, realm ${realmId}: records are created there)`;
  const postgres = database.embedded
    ? `embedded PGlite, data in ${database.embedded.dataDir}`
    : 'DATABASE_URL';
  console.log(`
qbo-sync demo is up
  API              ${apiUrl}/api/v1   (Authorization: Bearer ${token})
  Management page  ${pageLink}
  API reference    ${apiUrl}/api/v1/reference
  Sync log         ${apiUrl}/api/v1/tenants/${tenantId}/qbo/log
  Temporal Web UI  ${uiUrl}   (this tenant: ${uiLink})
  ${quickBooks}
  PostgreSQL       ${postgres}
`);
}
