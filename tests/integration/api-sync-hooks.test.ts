// BPro's hooks over HTTP: signature and body checks, ignored hooks, and the recordSync they start
// or signal (set-up: support/api-sync-stack.ts; no worker polls the API's task queue).
import { describe, expect, it } from 'vitest';
import { signHook } from '../../api/hook-signature';
import { markInitialSyncStarted } from '../../db/queries/settings';
import { searchAttributes, workflowIds } from '../../workflows/contracts';
import { HOOK_SECRET, useApiSyncStack, type Json } from './support/api-sync-stack';
import { history, signals, startedInput, workflowExists } from './support/workflow-history';

describe('sync API', () => {
  const env = useApiSyncStack();
  const { tenant, connectedTenant, taskQueue } = env;
  const exists = (workflowId: string) => workflowExists(env.temporal.client, workflowId);

  function postHook(
    body: unknown,
    options: { secret?: string; at?: number; header?: string | null; raw?: string } = {},
  ) {
    const raw = options.raw ?? JSON.stringify(body);
    const header =
      options.header === undefined
        ? signHook(options.secret ?? HOOK_SECRET, raw, options.at ?? Math.floor(Date.now() / 1000))
        : options.header;
    return fetch(`${env.stack.apiUrl}/api/v1/hooks/bpro`, {
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

  describe('hooks', () => {
    it('refuses a bad, missing or stale signature (401) and starts nothing', async () => {
      const { tenantId } = await connectedTenant();
      await markInitialSyncStarted(env.database.db, tenantId);
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
      await markInitialSyncStarted(env.database.db, tenantId);
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
      await markInitialSyncStarted(env.database.db, tenantId);
      const hook = hookFor(tenantId);
      // Pretty-printed on purpose: the signature covers the raw bytes, not a re-serialisation.
      const raw = JSON.stringify(hook, null, 2);
      const first = await postHook(hook, { raw });
      const workflowId = workflowIds.recordSync(tenantId, 'invoice', '10042');
      expect(first).toEqual({ status: 202, body: { workflowId } });

      const handle = env.temporal.client.workflow.getHandle(workflowId);
      const description = await handle.describe();
      expect(description.type).toBe('recordSync');
      expect(description.taskQueue).toBe(taskQueue);
      const attrs = description.typedSearchAttributes;
      expect(attrs.get(searchAttributes.tenantId)).toBe(tenantId);
      expect(attrs.get(searchAttributes.entity)).toBe('invoice');
      expect(attrs.get(searchAttributes.recordId)).toBe('10042');
      expect(attrs.get(searchAttributes.syncState)).toBe('running');
      expect(await description.staticSummary()).toBe('Order 10042 → QuickBooks');

      const second = await postHook(hook);
      expect(second).toEqual({ status: 202, body: { workflowId } });
      const events = await history(handle);
      expect(events.filter((e) => e.workflowExecutionStartedEventAttributes)).toHaveLength(1);
      // receivedAt: when the API took the hook (the hook-to-QuickBooks latency metric).
      const receivedAt = expect.any(String) as unknown;
      expect(startedInput(events)).toEqual([{ tenantId, entity: 'invoice', bproId: '10042', receivedAt }]);
      expect(signals(events)).toEqual([
        { name: 'recordChanged', args: [{ event: 'completed', occurredAt: hook.occurredAt, receivedAt }] },
        { name: 'recordChanged', args: [{ event: 'completed', occurredAt: hook.occurredAt, receivedAt }] },
      ]);
      expect((await handle.describe()).runId).toBe(description.runId);
      await handle.terminate('test done');
    });

    it('still takes hooks while the connection awaits reauthorisation (the workflow waits for it)', async () => {
      const { tenantId } = await connectedTenant();
      await markInitialSyncStarted(env.database.db, tenantId);
      await env.database
        .sql`update qbo_sync.qbo_connections set status = 'reauth_required' where tenant_id = ${tenantId}`;
      const res = await postHook(
        hookFor(tenantId, { entity: 'customer', id: 'cus-00001', event: 'updated' }),
      );
      expect(res).toEqual({
        status: 202,
        body: { workflowId: workflowIds.recordSync(tenantId, 'customer', 'cus-00001') },
      });
      await env.temporal.client.workflow
        .getHandle(workflowIds.recordSync(tenantId, 'customer', 'cus-00001'))
        .terminate();
    });
  });
});
