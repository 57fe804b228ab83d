// The sync API over HTTP (design.md §6) against the real Temporal dev server, PostgreSQL and the QBO
// emulator. No worker polls the API's task queue, so executions stay as the API left them: the
// tests check what was started or signalled (ids, inputs, search attributes, summaries, signals).
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHook } from '../../api/hook-signature';
import { saveLink } from '../../db/queries/entity-links';
import { findSyncSettings, markInitialSyncStarted } from '../../db/queries/settings';
import { appendLog, type SyncLogEntry } from '../../db/queries/sync-log';
import { searchAttributes, workflowIds } from '../../workflows/contracts';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../support/database';
import { startQboStack, type QboStack } from './support/qbo-stack';
import { connectTestTemporal, uniqueTaskQueue } from './support/temporal';

const HOOK_SECRET = 'integration-hook-secret-0123456789';
const BPRO_PAYMENT_METHODS = ['Cash', 'Check', 'Debit', 'Visa', 'MasterCard', 'Amex', 'Discover', 'Account'];
/** QBO's defaults (qbo-emulator/seed.ts) have these; not Debit, Amex or Account. */
const IN_QBO = new Set(['Cash', 'Check', 'Visa', 'MasterCard', 'Discover']);

type Json = Record<string, unknown>;
const { CommandType, QueryResultType } = proto.api.enums.v1;
type HistoryEvent = proto.api.history.v1.IHistoryEvent;

describe('sync API: settings, initial sync, hooks, log, records, reconnect', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let stack: QboStack;
  const taskQueue = uniqueTaskQueue('api-sync');

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    stack = await startQboStack(
      database.db,
      temporal.client,
      {},
      { env: { HOOK_SECRET, TEMPORAL_TASK_QUEUE: taskQueue } },
    );
  });
  afterAll(async () => {
    await stack?.close();
    await temporal?.close();
    await database?.close();
  });

  // ---- helpers ------------------------------------------------------------------------------

  const jsonInit = (method: string, body: unknown): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  async function call(path: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
    const res = await stack.api(path, init);
    return { status: res.status, body: (await res.json()) as Json };
  }

  async function tenant(options: { enabled?: boolean; prefix?: string } = {}): Promise<string> {
    const tenantId = uniqueTenantId(options.prefix ?? 'sync');
    const res = await call(
      `/api/v1/tenants/${tenantId}`,
      jsonInit('PUT', { name: 'Party Rentals', qboEnabled: options.enabled ?? true }),
    );
    expect(res.status).toBe(200);
    return tenantId;
  }

  async function connectedTenant(prefix?: string): Promise<{ tenantId: string; realmId: string }> {
    const tenantId = await tenant(prefix ? { prefix } : {});
    const realmId = await stack.createRealm('Party Rentals LLC');
    expect((await stack.connect(tenantId, { realmId })).status).toBe(200);
    return { tenantId, realmId };
  }

  async function seedPaymentMethods(tenantId: string) {
    for (const [i, name] of BPRO_PAYMENT_METHODS.entries())
      await database.sql`insert into bpro.payment_methods (tenant_id, id, name) values (${tenantId}, ${`pm-${i + 1}`}, ${name})`;
  }

  const pmId = (name: string) => `pm-${BPRO_PAYMENT_METHODS.indexOf(name) + 1}`;

  function postHook(
    body: unknown,
    options: { secret?: string; at?: number; header?: string | null; raw?: string } = {},
  ) {
    const raw = options.raw ?? JSON.stringify(body);
    const header =
      options.header === undefined
        ? signHook(options.secret ?? HOOK_SECRET, raw, options.at ?? Math.floor(Date.now() / 1000))
        : options.header;
    return fetch(`${stack.apiUrl}/api/v1/hooks/bpro`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(header === null ? {} : { 'x-bpro-signature': header }),
      },
      body: raw,
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as Json }));
  }

  const hookFor = (tenantId: string, over: Json = {}) => ({
    tenantId,
    entity: 'invoice',
    id: '10042',
    event: 'completed',
    occurredAt: '2026-11-25T19:00:00.000Z',
    ...over,
  });

  async function history(handle: WorkflowHandle): Promise<HistoryEvent[]> {
    return (await handle.fetchHistory()).events ?? [];
  }
  const decode = (payloads: proto.api.common.v1.IPayloads | null | undefined): unknown[] =>
    (payloads?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p));
  const startedInput = (events: HistoryEvent[]) =>
    decode(
      events.find((e) => e.workflowExecutionStartedEventAttributes)?.workflowExecutionStartedEventAttributes
        ?.input,
    );
  const signals = (events: HistoryEvent[]) =>
    events
      .map((e) => e.workflowExecutionSignaledEventAttributes)
      .filter((s) => s != null)
      .map((s) => ({ name: s.signalName, args: decode(s.input) }));

  async function exists(workflowId: string): Promise<boolean> {
    try {
      await temporal.client.workflow.getHandle(workflowId).describe();
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  /**
   * A scripted worker for one workflow: polls the API's task queue (tasks of other, already closed
   * executions are skipped by the server) and answers one workflow or query task by hand.
   */
  async function nextTask(workflowId: string) {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const task = await temporal.client.withDeadline(Date.now() + 20_000, () =>
        temporal.client.workflowService.pollWorkflowTaskQueue({
          namespace: 'default',
          taskQueue: { name: taskQueue },
          identity: 'api-sync-test',
        }),
      );
      if (task.taskToken?.length && task.workflowExecution?.workflowId === workflowId) return task;
    }
    throw new Error(`no task for ${workflowId}`);
  }
  async function completeTask(workflowId: string, commands: proto.api.command.v1.ICommand[]) {
    const task = await nextTask(workflowId);
    expect(task.query).toBeFalsy();
    await temporal.client.workflowService.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: task.taskToken,
      identity: 'api-sync-test',
      commands,
    });
  }
  async function answerQuery(workflowId: string, answer: unknown) {
    const task = await nextTask(workflowId);
    expect(task.query?.queryType).toBe('progress');
    await temporal.client.workflowService.respondQueryTaskCompleted({
      namespace: 'default',
      taskToken: task.taskToken,
      completedType: QueryResultType.QUERY_RESULT_TYPE_ANSWERED,
      queryResult: { payloads: [defaultPayloadConverter.toPayload(answer)] },
    });
  }

  // ---- settings -----------------------------------------------------------------------------

  describe('settings', () => {
    it('shows defaults and, per BPro payment method, whether QuickBooks has one of exactly that name', async () => {
      const { tenantId } = await connectedTenant();
      await seedPaymentMethods(tenantId);
      const { status, body } = await call(`/api/v1/tenants/${tenantId}/qbo/settings`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ startDate: null, refundAccount: null });
      const methods = body.paymentMethods as Array<{
        bproId: string;
        name: string;
        enabled: boolean;
        qboMatch: boolean;
      }>;
      expect(methods).toHaveLength(BPRO_PAYMENT_METHODS.length);
      for (const m of methods) {
        expect(m.bproId).toBe(pmId(m.name));
        expect(m.enabled).toBe(true);
        expect(m.qboMatch, m.name).toBe(IN_QBO.has(m.name));
      }
    });

    it('says qboMatch null while not connected', async () => {
      const tenantId = await tenant();
      await seedPaymentMethods(tenantId);
      const { body } = await call(`/api/v1/tenants/${tenantId}/qbo/settings`);
      expect((body.paymentMethods as Array<{ qboMatch: unknown }>).every((m) => m.qboMatch === null)).toBe(
        true,
      );
    });

    it('saves start date, cash refund account (with its name) and checkboxes; clears them with null', async () => {
      const { tenantId } = await connectedTenant();
      await seedPaymentMethods(tenantId);
      const cash = await stack.qbo.clientFor(tenantId).accounts('cash');
      const checking = cash.find((a) => a.Name === 'Checking');
      expect(checking).toBeDefined();

      const saved = await call(
        `/api/v1/tenants/${tenantId}/qbo/settings`,
        jsonInit('PUT', {
          startDate: '2026-01-01',
          refundAccountId: checking?.Id,
          paymentMethods: [
            { bproId: pmId('Amex'), enabled: false },
            { bproId: pmId('Account'), enabled: false },
          ],
        }),
      );
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({
        startDate: '2026-01-01',
        refundAccount: { id: checking?.Id, name: 'Checking' },
      });
      const enabled = Object.fromEntries(
        (saved.body.paymentMethods as Array<{ name: string; enabled: boolean }>).map((m) => [
          m.name,
          m.enabled,
        ]),
      );
      expect(enabled).toMatchObject({ Amex: false, Account: false, Cash: true, Visa: true });
      expect(await findSyncSettings(database.db, tenantId)).toMatchObject({
        startDate: '2026-01-01',
        refundAccountId: checking?.Id,
        refundAccountName: 'Checking',
      });

      // A partial update touches only what it names.
      const partial = await call(
        `/api/v1/tenants/${tenantId}/qbo/settings`,
        jsonInit('PUT', { paymentMethods: [{ bproId: pmId('Amex'), enabled: true }] }),
      );
      expect(partial.body).toMatchObject({ startDate: '2026-01-01', refundAccount: { id: checking?.Id } });

      const cleared = await call(
        `/api/v1/tenants/${tenantId}/qbo/settings`,
        jsonInit('PUT', { startDate: null, refundAccountId: null }),
      );
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ startDate: null, refundAccount: null });
      expect(await findSyncSettings(database.db, tenantId)).toMatchObject({ refundAccountName: null });
    });

    it('refuses a non-cash refund account, an unknown payment method and malformed input, changing nothing', async () => {
      const { tenantId } = await connectedTenant();
      await seedPaymentMethods(tenantId);
      await call(`/api/v1/tenants/${tenantId}/qbo/settings`, jsonInit('PUT', { startDate: '2025-06-01' }));
      const all = await stack.qbo.clientFor(tenantId).accounts('all');
      const income = all.find((a) => a.AccountType === 'Income');
      expect(income).toBeDefined();
      const url = `/api/v1/tenants/${tenantId}/qbo/settings`;

      const nonCash = await call(
        url,
        jsonInit('PUT', { startDate: '2026-02-02', refundAccountId: income?.Id }),
      );
      expect(nonCash.status).toBe(400);
      expect(nonCash.body).toMatchObject({ error: { code: 'invalid_refund_account' } });
      const message = (nonCash.body.error as { message: string }).message;
      expect(message).toContain('Bank');
      expect(message).toContain('Other Current Asset');

      const missing = await call(url, jsonInit('PUT', { refundAccountId: '999999' }));
      expect(missing.body).toMatchObject({ error: { code: 'invalid_refund_account' } });

      const unknown = await call(
        url,
        jsonInit('PUT', { startDate: '2026-02-02', paymentMethods: [{ bproId: 'pm-nope', enabled: false }] }),
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({
        error: { code: 'unknown_payment_method', details: { unknown: ['pm-nope'] } },
      });

      for (const bad of [
        { startDate: '2026-13-01' },
        { startDate: '01/02/2026' },
        { refundAccountId: 42 },
        { paymentMethods: [{ bproId: pmId('Cash') }] },
        { paymentMethods: [{ bproId: pmId('Cash'), enabled: true, extra: 1 }] },
        {
          paymentMethods: [
            { bproId: pmId('Cash'), enabled: true },
            { bproId: pmId('Cash'), enabled: false },
          ],
        },
        { somethingElse: true },
      ]) {
        const res = await call(url, jsonInit('PUT', bad));
        expect(res.status, JSON.stringify(bad)).toBe(400);
        expect(res.body).toMatchObject({ error: { code: 'invalid_request' } });
      }

      const after = await call(url);
      expect(after.body).toMatchObject({ startDate: '2025-06-01', refundAccount: null });
      expect((after.body.paymentMethods as Array<{ enabled: boolean }>).every((m) => m.enabled)).toBe(true);
    });

    it('needs an enabled tenant, and a connection to choose a refund account', async () => {
      const off = await tenant({ enabled: false });
      expect((await call(`/api/v1/tenants/${off}/qbo/settings`)).body).toMatchObject({
        error: { code: 'feature_disabled' },
      });
      expect((await call(`/api/v1/tenants/no-such-tenant-x/qbo/settings`)).status).toBe(404);
      const notConnected = await tenant();
      const res = await call(
        `/api/v1/tenants/${notConnected}/qbo/settings`,
        jsonInit('PUT', { refundAccountId: '35' }),
      );
      expect(res.status).toBe(412);
      expect(res.body).toMatchObject({ error: { code: 'not_connected' } });
    });
  });

  // ---- initial sync -------------------------------------------------------------------------

  describe('initial sync', () => {
    it('refuses to start while not connected (412) and reports not_started', async () => {
      const tenantId = await tenant();
      const res = await call(`/api/v1/tenants/${tenantId}/qbo/initial-sync`, { method: 'POST' });
      expect(res.status).toBe(412);
      expect(res.body).toMatchObject({ error: { code: 'not_connected' } });
      const status = await call(`/api/v1/tenants/${tenantId}/qbo/initial-sync`);
      expect(status.body).toMatchObject({
        status: 'not_started',
        phase: null,
        entities: {},
        startedAt: null,
        completedAt: null,
      });
      expect(await exists(workflowIds.initialSync(tenantId))).toBe(false);
      expect((await call(`/api/v1/tenants/${tenantId}/qbo/initial-sync`, { method: 'DELETE' })).status).toBe(
        404,
      );
    });

    it('starts initialSync (202), refuses a second start while it runs (409), cancels, and may run again', async () => {
      const { tenantId } = await connectedTenant();
      const url = `/api/v1/tenants/${tenantId}/qbo/initial-sync`;
      const started = await call(url, { method: 'POST' });
      expect(started.status).toBe(202);
      const workflowId = workflowIds.initialSync(tenantId);
      expect(started.body).toMatchObject({ workflowId });

      const handle = temporal.client.workflow.getHandle(workflowId);
      const description = await handle.describe();
      expect(description.type).toBe('initialSync');
      expect(description.taskQueue).toBe(taskQueue);
      expect(description.status.name).toBe('RUNNING');
      expect(description.typedSearchAttributes.get(searchAttributes.tenantId)).toBe(tenantId);
      expect(description.typedSearchAttributes.get(searchAttributes.entity)).toBe('tenant');
      expect(description.typedSearchAttributes.get(searchAttributes.syncState)).toBe('running');
      expect(await description.staticSummary()).toBe(
        `Initial sync of Party Rentals (${tenantId}) → QuickBooks`,
      );
      expect(startedInput(await history(handle))).toEqual([{ tenantId }]);
      const settings = await findSyncSettings(database.db, tenantId);
      expect(settings?.initialSyncStartedAt).toBeInstanceOf(Date);

      const again = await call(url, { method: 'POST' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: { code: 'already_running' } });

      const status = await call(url);
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({
        status: 'running',
        startedAt: settings?.initialSyncStartedAt?.toISOString(),
        completedAt: null,
      });

      const cancelled = await call(url, { method: 'DELETE' });
      expect(cancelled.status).toBe(202);
      expect((await history(handle)).some((e) => e.workflowExecutionCancelRequestedEventAttributes)).toBe(
        true,
      );

      // Without a worker the cancellation is only requested; end the run as a worker's cancel would.
      await handle.terminate('test: no worker');
      expect((await call(url)).body).toMatchObject({ status: 'failed' });
      expect((await call(url, { method: 'DELETE' })).status).toBe(404);
      const rerun = await call(url, { method: 'POST' });
      expect(rerun.status).toBe(202);
      const second = await handle.describe();
      expect(second.runId).not.toBe(description.runId);
      expect(second.status.name).toBe('RUNNING');
      await handle.terminate('test done');
    });

    it('reports progress from the running workflow, then its cancelled or completed result', async () => {
      const { tenantId } = await connectedTenant();
      const url = `/api/v1/tenants/${tenantId}/qbo/initial-sync`;
      const workflowId = workflowIds.initialSync(tenantId);
      expect((await call(url, { method: 'POST' })).status).toBe(202);
      await completeTask(workflowId, []); // the first workflow task: the "workflow" is now running

      const progress = {
        status: 'running',
        phase: 'customer',
        entities: { customer: { total: 10, synced: 4, skipped: 1, failed: 0 } },
      };
      const [running] = await Promise.all([call(url), answerQuery(workflowId, progress)]);
      expect(running.body).toMatchObject({ ...progress, workflowId, completedAt: null });
      expect(running.body.startedAt).toEqual(expect.any(String));

      expect((await call(url, { method: 'DELETE' })).status).toBe(202);
      await completeTask(workflowId, [
        {
          commandType: CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
          cancelWorkflowExecutionCommandAttributes: {},
        },
      ]);
      expect((await call(url)).body).toMatchObject({ status: 'cancelled', phase: null, completedAt: null });

      // A new run after the cancelled one; it completes with its counts.
      expect((await call(url, { method: 'POST' })).status).toBe(202);
      const result = { tenantId, entities: { term: { total: 3, synced: 3, skipped: 0, failed: 0 } } };
      await completeTask(workflowId, [
        {
          commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
          completeWorkflowExecutionCommandAttributes: {
            result: { payloads: [defaultPayloadConverter.toPayload(result)] },
          },
        },
      ]);
      const completed = await call(url);
      expect(completed.body).toMatchObject({ status: 'completed', phase: 'done', entities: result.entities });
      expect(completed.body.completedAt).toEqual(expect.any(String));
    });

    it('refuses a tenant whose feature is off', async () => {
      const tenantId = await tenant({ enabled: false });
      const res = await call(`/api/v1/tenants/${tenantId}/qbo/initial-sync`, { method: 'POST' });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'feature_disabled' } });
    });
  });

  // ---- hooks --------------------------------------------------------------------------------

  describe('hooks', () => {
    it('refuses a bad, missing or stale signature (401) and starts nothing', async () => {
      const { tenantId } = await connectedTenant();
      await markInitialSyncStarted(database.db, tenantId);
      const body = hookFor(tenantId, { id: 'sig-1' });
      const wrong = await postHook(body, { secret: 'not-the-hook-secret-000000' });
      expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'invalid_signature' } } });
      expect(await postHook(body, { header: null })).toMatchObject({
        status: 401,
        body: { error: { code: 'invalid_signature' } },
      });
      // Signed over other bytes than those sent.
      const tampered = await postHook(body, {
        header: signHook(HOOK_SECRET, JSON.stringify(hookFor(tenantId, { id: 'sig-2' }))),
      });
      expect(tampered.status).toBe(401);
      const stale = await postHook(body, { at: Math.floor(Date.now() / 1000) - 6 * 60 });
      expect(stale).toMatchObject({ status: 401, body: { error: { code: 'stale_signature' } } });
      const future = await postHook(body, { at: Math.floor(Date.now() / 1000) + 6 * 60 });
      expect(future).toMatchObject({ status: 401, body: { error: { code: 'stale_signature' } } });
      expect(await exists(workflowIds.recordSync(tenantId, 'invoice', 'sig-1'))).toBe(false);
    });

    it('refuses malformed hooks with 400 invalid_hook and the details', async () => {
      const { tenantId } = await connectedTenant();
      await markInitialSyncStarted(database.db, tenantId);
      const notJson = await postHook(null, { raw: '{"tenantId": ' });
      expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'invalid_hook' } } });
      for (const bad of [
        hookFor(tenantId, { entity: 'order' }),
        hookFor(tenantId, { event: 'exploded' }),
        hookFor(tenantId, { id: '' }),
        hookFor(tenantId, { id: 'a:b' }),
        hookFor(tenantId, { occurredAt: 'yesterday' }),
        hookFor(tenantId, { extra: true }),
        { tenantId, entity: 'invoice', id: '1', event: 'created' },
        [],
      ]) {
        const res = await postHook(bad);
        expect(res.status, JSON.stringify(bad)).toBe(400);
        expect(res.body).toMatchObject({ error: { code: 'invalid_hook' } });
        expect(Array.isArray((res.body.error as { details?: unknown }).details)).toBe(true);
      }
      const huge = await postHook(null, {
        raw: JSON.stringify({ ...hookFor(tenantId), pad: 'x'.repeat(70_000) }),
      });
      expect(huge).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
      expect(await exists(workflowIds.recordSync(tenantId, 'invoice', '10042'))).toBe(false);
    });

    it('answers 404 tenant_not_found for an unknown tenant', async () => {
      const res = await postHook(hookFor('no-such-tenant-hooks'));
      expect(res).toMatchObject({ status: 404, body: { error: { code: 'tenant_not_found' } } });
    });

    it('acknowledges but ignores hooks for a disabled, unconnected or not-yet-synced tenant', async () => {
      const off = await tenant({ enabled: false });
      expect(await postHook(hookFor(off))).toEqual({ status: 202, body: { ignored: 'feature_disabled' } });
      const unconnected = await tenant();
      expect(await postHook(hookFor(unconnected))).toEqual({
        status: 202,
        body: { ignored: 'not_connected' },
      });
      const { tenantId: fresh } = await connectedTenant();
      expect(await postHook(hookFor(fresh))).toEqual({
        status: 202,
        body: { ignored: 'initial_sync_not_started' },
      });
      for (const t of [off, unconnected, fresh])
        expect(await exists(workflowIds.recordSync(t, 'invoice', '10042'))).toBe(false);
    });

    it('starts recordSync through signalWithStart, and a duplicate hook signals the same execution', async () => {
      const { tenantId } = await connectedTenant();
      await markInitialSyncStarted(database.db, tenantId);
      const hook = hookFor(tenantId);
      // Pretty-printed on purpose: the signature covers the raw bytes, not a re-serialisation.
      const raw = JSON.stringify(hook, null, 2);
      const first = await postHook(hook, { raw });
      const workflowId = workflowIds.recordSync(tenantId, 'invoice', '10042');
      expect(first).toEqual({ status: 202, body: { workflowId } });

      const handle = temporal.client.workflow.getHandle(workflowId);
      const description = await handle.describe();
      expect(description.type).toBe('recordSync');
      expect(description.taskQueue).toBe(taskQueue);
      const attrs = description.typedSearchAttributes;
      expect(attrs.get(searchAttributes.tenantId)).toBe(tenantId);
      expect(attrs.get(searchAttributes.entity)).toBe('invoice');
      expect(attrs.get(searchAttributes.recordId)).toBe('10042');
      expect(attrs.get(searchAttributes.syncState)).toBe('running');
      expect(await description.staticSummary()).toBe('Invoice 10042 → QuickBooks');

      const second = await postHook(hook);
      expect(second).toEqual({ status: 202, body: { workflowId } });
      const events = await history(handle);
      expect(events.filter((e) => e.workflowExecutionStartedEventAttributes)).toHaveLength(1);
      expect(startedInput(events)).toEqual([{ tenantId, entity: 'invoice', bproId: '10042' }]);
      expect(signals(events)).toEqual([
        { name: 'recordChanged', args: [{ event: 'completed', occurredAt: hook.occurredAt }] },
        { name: 'recordChanged', args: [{ event: 'completed', occurredAt: hook.occurredAt }] },
      ]);
      expect((await handle.describe()).runId).toBe(description.runId);
      await handle.terminate('test done');
    });

    it('still takes hooks while the connection awaits reauthorisation (the workflow waits for it)', async () => {
      const { tenantId } = await connectedTenant();
      await markInitialSyncStarted(database.db, tenantId);
      await database.sql`update qbo_sync.qbo_connections set status = 'reauth_required' where tenant_id = ${tenantId}`;
      const res = await postHook(
        hookFor(tenantId, { entity: 'customer', id: 'cus-00001', event: 'updated' }),
      );
      expect(res).toEqual({
        status: 202,
        body: { workflowId: workflowIds.recordSync(tenantId, 'customer', 'cus-00001') },
      });
      await temporal.client.workflow
        .getHandle(workflowIds.recordSync(tenantId, 'customer', 'cus-00001'))
        .terminate();
    });
  });

  // ---- log ----------------------------------------------------------------------------------

  describe('log', () => {
    it('pages newest first with an opaque cursor, filters by status and entity', async () => {
      const tenantId = await tenant();
      const other = await tenant();
      const entries: SyncLogEntry[] = [
        { tenantId, entity: 'customer', bproId: 'cus-1', action: 'created', qboId: '58', workflowId: 'wf-a' },
        { tenantId, entity: 'invoice', bproId: 'o-1', action: 'failed', message: 'Boom' },
        { tenantId, entity: 'invoice', bproId: 'o-2', action: 'created', qboId: '12' },
        { tenantId, entity: 'payment', bproId: 'p-1', action: 'skipped', message: 'Method unchecked' },
        { tenantId, entity: 'invoice', bproId: 'o-3', action: 'failed', message: 'Bad line' },
        { tenantId, entity: 'invoice', bproId: 'o-4', action: 'warning', message: 'Tax differs' },
        { tenantId, entity: 'customer', bproId: 'cus-2', action: 'linked', qboId: '59' },
      ];
      // One statement: every row shares the same `at`, so paging must order by id within it.
      await appendLog(database.db, entries);
      await appendLog(database.db, { tenantId: other, entity: 'invoice', bproId: 'x', action: 'failed' });

      const url = `/api/v1/tenants/${tenantId}/qbo/log`;
      const seen: string[] = [];
      let cursor: string | null = null;
      const pages: number[] = [];
      do {
        const res = await call(`${url}?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        const page = res.body.entries as Array<{ bproId: string }>;
        pages.push(page.length);
        seen.push(...page.map((e) => e.bproId));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(pages).toEqual([3, 3, 1]);
      expect(seen).toEqual(entries.map((e) => e.bproId).reverse());

      const first = await call(`${url}?limit=200`);
      const newest = (first.body.entries as Json[]).at(-1);
      expect(newest).toMatchObject({
        entity: 'customer',
        bproId: 'cus-1',
        action: 'created',
        qboId: '58',
        workflowId: 'wf-a',
        temporalUrl: 'http://127.0.0.1:8233/namespaces/default/workflows/wf-a',
        message: null,
      });
      expect(typeof newest?.id).toBe('string');
      expect(new Date(String(newest?.at)).getTime()).not.toBeNaN();
      expect(first.body.nextCursor).toBeNull();

      const failed = await call(`${url}?status=failed`);
      expect((failed.body.entries as Json[]).map((e) => e.bproId)).toEqual(['o-3', 'o-1']);
      const invoices = await call(`${url}?entity=invoice&limit=2`);
      expect((invoices.body.entries as Json[]).map((e) => e.bproId)).toEqual(['o-4', 'o-3']);
      const rest = await call(`${url}?entity=invoice&limit=2&cursor=${String(invoices.body.nextCursor)}`);
      expect((rest.body.entries as Json[]).map((e) => e.bproId)).toEqual(['o-2', 'o-1']);
      const both = await call(`${url}?entity=invoice&status=created`);
      expect((both.body.entries as Json[]).map((e) => e.bproId)).toEqual(['o-2']);
    });

    it('refuses bad parameters with 400', async () => {
      const tenantId = await tenant();
      const url = `/api/v1/tenants/${tenantId}/qbo/log`;
      for (const q of ['limit=0', 'limit=201', 'limit=abc', 'status=exploded', 'entity=order', 'other=1'])
        expect((await call(`${url}?${q}`)).body, q).toMatchObject({ error: { code: 'invalid_request' } });
      for (const cursor of ['nope', Buffer.from('2026-01-01|5').toString('base64url')])
        expect((await call(`${url}?cursor=${cursor}`)).body).toMatchObject({
          error: { code: 'invalid_cursor' },
        });
      expect((await call(`/api/v1/tenants/no-such-tenant-log/qbo/log`)).status).toBe(404);
    });
  });

  // ---- records ------------------------------------------------------------------------------

  describe('records', () => {
    it('reports never, pending, synced, failed and warning from links, the log and Temporal', async () => {
      const { tenantId } = await connectedTenant();
      const url = (entity: string, id: string) => `/api/v1/tenants/${tenantId}/qbo/records/${entity}/${id}`;
      expect((await call(url('invoice', 'o-1'))).body).toMatchObject({
        status: 'never',
        qboId: null,
        syncedAt: null,
        lastError: null,
        workflowId: null,
        temporalUrl: null,
      });

      await saveLink(database.db, { tenantId, entity: 'invoice', bproId: 'o-1', qboId: '130' });
      const wf = workflowIds.recordSync(tenantId, 'invoice', 'o-1');
      await appendLog(database.db, {
        tenantId,
        entity: 'invoice',
        bproId: 'o-1',
        action: 'created',
        qboId: '130',
        workflowId: wf,
      });
      const synced = await call(url('invoice', 'o-1'));
      expect(synced.body).toMatchObject({
        status: 'synced',
        qboId: '130',
        lastError: null,
        workflowId: wf,
        temporalUrl: `http://127.0.0.1:8233/namespaces/default/workflows/${encodeURIComponent(wf)}`,
      });
      expect(new Date(String(synced.body.syncedAt)).getTime()).not.toBeNaN();

      await appendLog(database.db, {
        tenantId,
        entity: 'invoice',
        bproId: 'o-1',
        action: 'failed',
        message: 'QuickBooks refused the invoice: Business Validation Error',
        workflowId: wf,
      });
      expect((await call(url('invoice', 'o-1'))).body).toMatchObject({
        status: 'failed',
        qboId: '130',
        lastError: 'QuickBooks refused the invoice: Business Validation Error',
      });
      await appendLog(database.db, {
        tenantId,
        entity: 'invoice',
        bproId: 'o-1',
        action: 'warning',
        message: 'Tax differs by 0.01',
      });
      expect((await call(url('invoice', 'o-1'))).body).toMatchObject({ status: 'warning', lastError: null });
      await appendLog(database.db, {
        tenantId,
        entity: 'payment',
        bproId: 'p-1',
        action: 'skipped',
        message: 'Method unchecked',
      });
      expect((await call(url('payment', 'p-1'))).body).toMatchObject({ status: 'skipped', qboId: null });

      // Retry: signalWithStart with the `retry` event; with nothing logged yet the record is pending.
      const retry = await call(`${url('customer', 'cus-7')}/retry`, { method: 'POST' });
      const retryId = workflowIds.recordSync(tenantId, 'customer', 'cus-7');
      expect(retry.status).toBe(202);
      expect(retry.body).toMatchObject({ workflowId: retryId });
      const handle = temporal.client.workflow.getHandle(retryId);
      const events = await history(handle);
      expect(startedInput(events)).toEqual([{ tenantId, entity: 'customer', bproId: 'cus-7' }]);
      const sent = signals(events);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ name: 'recordChanged', args: [{ event: 'retry' }] });
      expect((await handle.describe()).typedSearchAttributes.get(searchAttributes.recordId)).toBe('cus-7');
      expect((await call(url('customer', 'cus-7'))).body).toMatchObject({
        status: 'pending',
        workflowId: retryId,
      });
      await handle.terminate('test done');
    });

    it('refuses an unknown entity or id (400), and a retry while not connected (412)', async () => {
      const tenantId = await tenant();
      const base = `/api/v1/tenants/${tenantId}/qbo/records`;
      expect((await call(`${base}/order/o-1`)).body).toMatchObject({ error: { code: 'unknown_entity' } });
      expect((await call(`${base}/order/o-1/retry`, { method: 'POST' })).status).toBe(400);
      expect((await call(`${base}/invoice/a:b`)).status).toBe(400);
      const res = await call(`${base}/invoice/o-1/retry`, { method: 'POST' });
      expect(res).toMatchObject({ status: 412, body: { error: { code: 'not_connected' } } });
      expect(await exists(workflowIds.recordSync(tenantId, 'invoice', 'o-1'))).toBe(false);
    });
  });

  // ---- reconnect ----------------------------------------------------------------------------

  describe('reconnect', () => {
    it('signals `reconnected` to every running workflow of the tenant waiting for it, and to no other', async () => {
      const { tenantId, realmId } = await connectedTenant('reconn');
      const { tenantId: otherTenant } = await connectedTenant('reconn');
      const start = (workflowId: string, tenant: string, state: string) =>
        temporal.client.workflow.start('recordSync', {
          workflowId,
          taskQueue,
          args: [{ tenantId: tenant, entity: 'invoice', bproId: workflowId }],
          typedSearchAttributes: [
            { key: searchAttributes.tenantId, value: tenant },
            { key: searchAttributes.syncState, value: state },
          ],
        });
      const waiting = [
        await start(`${tenantId}-w1`, tenantId, 'waiting_for_reconnect'),
        await start(`${tenantId}-w2`, tenantId, 'waiting_for_reconnect'),
      ];
      const running = await start(`${tenantId}-r`, tenantId, 'running');
      const elsewhere = await start(`${otherTenant}-w`, otherTenant, 'waiting_for_reconnect');

      // Visibility is eventually consistent: wait until the server lists them.
      const query = `BproTenantId = "${tenantId}" AND QboSyncState = "waiting_for_reconnect" AND ExecutionStatus = "Running"`;
      for (let i = 0; i < 100 && (await temporal.client.workflow.count(query)).count < 2; i += 1)
        await new Promise((r) => setTimeout(r, 100));

      await database.sql`update qbo_sync.qbo_connections set status = 'reauth_required' where tenant_id = ${tenantId}`;
      expect((await stack.connect(tenantId, { realmId })).status).toBe(200);

      for (const handle of waiting)
        expect(signals(await history(handle))).toEqual([{ name: 'reconnected', args: [] }]);
      expect(signals(await history(running))).toEqual([]);
      expect(signals(await history(elsewhere))).toEqual([]);
      await Promise.all([...waiting, running, elsewhere].map((h) => h.terminate('test done')));
    });
  });
});
