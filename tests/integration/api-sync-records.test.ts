// The sync API's records over HTTP: one record's status (from links, the log and Temporal) and
// its retry (set-up: support/api-sync-stack.ts; no worker polls the API's task queue).
import { describe, expect, it } from 'vitest';
import { saveLink } from '../../db/queries/entity-links';
import { appendLog } from '../../db/queries/sync-log';
import { searchAttributes, workflowIds } from '../../workflows/contracts';
import { useApiSyncStack } from './support/api-sync-stack';
import { history, signals, startedInput, workflowExists } from './support/workflow-history';

describe('sync API', () => {
  const env = useApiSyncStack();
  const { call, tenant, connectedTenant } = env;
  const exists = (workflowId: string) => workflowExists(env.temporal.client, workflowId);

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

      await saveLink(env.database.db, { tenantId, entity: 'invoice', bproId: 'o-1', qboId: '130' });
      const wf = workflowIds.recordSync(tenantId, 'invoice', 'o-1');
      await appendLog(env.database.db, {
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

      await appendLog(env.database.db, {
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
      await appendLog(env.database.db, {
        tenantId,
        entity: 'invoice',
        bproId: 'o-1',
        action: 'warning',
        message: 'Tax differs by 0.01',
      });
      expect((await call(url('invoice', 'o-1'))).body).toMatchObject({ status: 'warning', lastError: null });
      await appendLog(env.database.db, {
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
      const handle = env.temporal.client.workflow.getHandle(retryId);
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
});
