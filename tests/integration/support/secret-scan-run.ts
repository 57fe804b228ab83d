// The run the secret scan looks at: a tenant connected through the OAuth flow; its initial sync
// with QuickBooks answering 429s, 5xx and lost answers, and its access token expiring partway (a
// 401, then a refresh); live signed hooks (and a forged one); the grant revoked and the company
// reconnected; support browsing the management page and the API; the company disconnected. Then
// what it left behind, gathered for the scan, and every credential it involved.
import { and, count, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { signHook } from '../../../api/hook-signature';
import { TokenCrypto } from '../../../activities/qbo/token-crypto';
import { findConnection } from '../../../db/queries/qbo-connections';
import { customers, syncLog } from '../../../db/schema';
import { workflowIds, type HookEvent, type SyncEntity } from '../../../workflows/contracts';
import type { TestDatabase } from '../../support/database';
import { until } from './resilience-probes';
import type { Secret } from './secret-scan';
import { browse } from './secret-scan-browse';
import type { IssuedCredentials, ScanStack } from './secret-scan-stack';
import { databaseRows, recordResponses, workflowHistories, type Text } from './secret-scan-sources';
import { seedConnectedTenant } from './sync-harness';
import type { connectTestTemporal } from './temporal';

type Temporal = Awaited<ReturnType<typeof connectTestTemporal>>;
type Ctx = { database: TestDatabase; temporal: Temporal; s: ScanStack; tenantId: string; realmId: string };

export type ScanRun = {
  tenantId: string;
  /** The record syncs the live hooks started. */
  hookWorkflows: string[];
  secrets: Secret[];
  issued: IssuedCredentials;
  apiLog: readonly string[];
  workerLog: string;
  /** Every answer the API gave: the page's HTML, the JSON routes, the OAuth callback, the hooks. */
  responses: Text[];
  metrics: string;
  histories: Text[];
  /** The connection's token columns as stored (before the disconnect), and what they decrypt to. */
  tokenColumns: { stored: string[]; decrypted: string[] };
  rows: Text[];
};

const DATASET: Parameters<typeof seedConnectedTenant>[2] = {
  size: 'tiny',
  seed: 11,
  disabledMethods: ['Account'],
};

export async function runScan(database: TestDatabase, temporal: Temporal, s: ScanStack): Promise<ScanRun> {
  const recorder = recordResponses(s.stack.apiUrl);
  try {
    const { tenantId, realmId, dataset } = await seedConnectedTenant(s.stack, database, DATASET);
    const ctx: Ctx = { database, temporal, s, tenantId, realmId };
    await syncWithFaults(ctx);
    const [customer, other, third] = dataset.customers;
    const [order] = dataset.orders;
    const [payment] = dataset.payments;
    if (!customer || !other || !third || !order || !payment) throw new Error('the dataset is too small');
    const signatures: string[] = [];
    const hookWorkflows: string[] = [];
    // Sent together, as BPro would during a busy minute; each record's workflow settles on its own.
    for (const [entity, id] of [
      ['customer', customer.id],
      ['invoice', order.id],
      ['payment', payment.id],
      ['customer', other.id],
    ] as const) {
      if (entity === 'customer') await editCustomer(ctx, id);
      hookWorkflows.push(await postHook(ctx, entity, id, 'updated', signatures));
    }
    await Promise.all(hookWorkflows.map((id) => resultOf(ctx, id)));
    await forgedHook(ctx, customer.id, signatures);
    // The company is reachable again: the reconnect reads it once, without retries.
    await s.setFaults(realmId, { errorRate: 0, throttleRate: 0, dropAfterCommitRate: 0 });
    // Connect plus at least one refresh: the expired token was refused (401) and renewed.
    expect(s.issued(realmId).accessTokens.length).toBeGreaterThanOrEqual(2);
    hookWorkflows.push(await revokeAndReconnect(ctx, third.id, signatures));
    const tokenColumns = await readTokenColumns(ctx);
    const metrics = await browse(s.stack, s.secrets, tenantId, { customer: customer.id, order: order.id });
    await disconnect(ctx);
    const workerLog = await s.stopWorker();
    const histories = await runHistories(ctx);
    const rows = await databaseRows(database.sql, tenantId);
    const issued = s.issued(realmId);
    const secrets = secretsOf(s, issued, signatures);
    return {
      tenantId,
      hookWorkflows,
      secrets,
      issued,
      apiLog: s.apiLog,
      workerLog,
      responses: recorder.texts,
      metrics,
      histories,
      tokenColumns,
      rows,
    };
  } finally {
    recorder.stop();
  }
}

async function syncWithFaults({ database, temporal, s, tenantId, realmId }: Ctx) {
  await s.setFaults(realmId, { errorRate: 0.06, throttleRate: 0.06, dropAfterCommitRate: 0.02 });
  const res = await s.stack.api(`/api/v1/tenants/${tenantId}/qbo/initial-sync`, { method: 'POST' });
  expect(res.status, await res.clone().text()).toBe(202);
  const handle = temporal.client.workflow.getHandle(workflowIds.initialSync(tenantId));
  await until('10 sync-log entries', async () => {
    const [row] = await database.db
      .select({ n: count() })
      .from(syncLog)
      .where(eq(syncLog.tenantId, tenantId));
    return (row?.n ?? 0) >= 10;
  });
  expect((await s.stack.control('POST', `/realms/${realmId}/expire-tokens`)).ok).toBe(true);
  const result = (await handle.result()) as { entities: Partial<Record<SyncEntity, { synced: number }>> };
  expect(result.entities.customer?.synced).toBeGreaterThan(0);
  const stats = await s.qboStats(realmId);
  expect(stats.throttled, '429s injected').toBeGreaterThan(0);
  expect(stats.faultsInjected - stats.throttled, '5xx and lost answers injected').toBeGreaterThan(0);
}

async function postHook(
  { s, tenantId }: Ctx,
  entity: SyncEntity,
  id: string,
  event: HookEvent,
  signatures: string[],
): Promise<string> {
  const raw = JSON.stringify({ tenantId, entity, id, event, occurredAt: new Date().toISOString() });
  const signature = signHook(s.secrets.hookSecret, raw);
  signatures.push(signature.split('v1=')[1] ?? '');
  const res = await fetch(`${s.stack.apiUrl}/api/v1/hooks/bpro`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-bpro-signature': signature },
    body: raw,
  });
  const body = (await res.json()) as { workflowId?: string };
  expect(res.status, JSON.stringify(body)).toBe(202);
  return body.workflowId ?? '';
}

/** A change BPro made to a customer, so its hook writes to QuickBooks. */
let edits = 0;
async function editCustomer({ database, tenantId }: Ctx, id: string) {
  const phone = `555-01${String(++edits).padStart(2, '0')}`;
  await database.db
    .update(customers)
    .set({ phone })
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, id)));
}

const resultOf = ({ temporal }: Ctx, workflowId: string) =>
  temporal.client.workflow.getHandle(workflowId).result();

/** A hook signed with the wrong secret: refused, and nothing may show the right signature of its body. */
async function forgedHook({ s, tenantId }: Ctx, id: string, signatures: string[]) {
  const raw = JSON.stringify({ tenantId, entity: 'customer', id, event: 'updated' });
  signatures.push(signHook(s.secrets.hookSecret, raw).split('v1=')[1] ?? '');
  const res = await fetch(`${s.stack.apiUrl}/api/v1/hooks/bpro`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-bpro-signature': signHook('a-forged-secret-0123456789', raw),
    },
    body: raw,
  });
  expect(res.status).toBe(401);
}

/** The grant revoked: the next write finds it out, the connection waits for the user, who reconnects. */
async function revokeAndReconnect(ctx: Ctx, customerId: string, signatures: string[]): Promise<string> {
  const { database, s, tenantId, realmId } = ctx;
  expect((await s.stack.control('POST', `/realms/${realmId}/revoke`)).ok).toBe(true);
  await editCustomer(ctx, customerId);
  const workflowId = await postHook(ctx, 'customer', customerId, 'updated', signatures);
  await until('the connection to need a reconnect', async () => {
    return (await findConnection(database.db, tenantId))?.status === 'reauth_required';
  });
  const reconnected = await s.stack.connect(tenantId, { realmId });
  expect(reconnected.status, await reconnected.clone().text()).toBe(200);
  await resultOf(ctx, workflowId);
  return workflowId;
}

async function readTokenColumns({ database, s, tenantId }: Ctx): Promise<ScanRun['tokenColumns']> {
  const row = await findConnection(database.db, tenantId);
  const stored = [row?.accessTokenEnc ?? '', row?.refreshTokenEnc ?? ''];
  const crypto = new TokenCrypto(Buffer.from(s.secrets.tokenEncryptionKey, 'base64'));
  return { stored, decrypted: stored.map((value) => crypto.decrypt(value, tenantId)) };
}

async function disconnect({ s, tenantId }: Ctx) {
  const res = await s.stack.api(`/api/v1/tenants/${tenantId}/qbo/connection`, { method: 'DELETE' });
  expect(res.status, await res.clone().text()).toBe(200);
  expect((await s.stack.api(`/api/v1/tenants/${tenantId}/qbo/connection`)).status).toBe(200);
}

/** Every execution of the run (its task queue's and its tenant's), then the ones still running ended. */
async function runHistories({ temporal, s, tenantId }: Ctx): Promise<Text[]> {
  const query = `TaskQueue = ${JSON.stringify(s.taskQueue)} OR BproTenantId = ${JSON.stringify(tenantId)}`;
  const histories = await workflowHistories(temporal.client, query);
  for await (const w of temporal.client.workflow.list({
    query: `(${query}) AND ExecutionStatus = "Running"`,
  }))
    await temporal.client.workflow.getHandle(w.workflowId, w.runId).terminate('secret scan done');
  return histories;
}

function secretsOf(s: ScanStack, issued: IssuedCredentials, signatures: string[]): Secret[] {
  const { clientId, clientSecret, tokenEncryptionKey } = s.secrets;
  const key = Buffer.from(tokenEncryptionKey, 'base64');
  const numbered = (name: string, values: string[]) =>
    values.map((value, i) => ({ name: `${name} #${i + 1}`, value }));
  return [
    ...numbered('access token', issued.accessTokens),
    ...numbered('refresh token', issued.refreshTokens),
    ...numbered('OAuth authorization code', issued.codes),
    {
      name: 'OAuth client secret',
      value: clientSecret,
      forms: [
        {
          form: 'HTTP Basic credentials',
          value: Buffer.from(`${clientId}:${clientSecret}`).toString('base64'),
        },
      ],
    },
    { name: 'API token', value: s.secrets.apiToken },
    { name: 'hook secret', value: s.secrets.hookSecret },
    { name: 'metrics token', value: s.secrets.metricsToken },
    {
      name: 'token-encryption key',
      value: tokenEncryptionKey,
      forms: [{ form: 'hex', value: key.toString('hex') }],
    },
    ...numbered('hook signature', signatures),
  ];
}
