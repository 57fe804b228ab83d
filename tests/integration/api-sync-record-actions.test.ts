// The sync API's record actions over HTTP: Re-run every failed record (optionally of one type),
// and Re-create / Unlink a record deleted or voided in QuickBooks (set-up:
// support/api-sync-stack.ts; no worker polls the API's task queue, so executions stay as started).
import { describe, expect, it } from 'vitest';
import { findLink, saveLink } from '../../db/queries/entity-links';
import { findPendingCreate, notePendingCreate } from '../../db/queries/pending-creates';
import { appendLog, latestLogFor, type SyncLogEntry } from '../../db/queries/sync-log';
import { workflowIds, type SyncEntity } from '../../workflows/contracts';
import { jsonInit, useApiSyncStack } from './support/api-sync-stack';
import { history, signals, workflowExists } from './support/workflow-history';

describe('sync API', () => {
  const env = useApiSyncStack();
  const { call, tenant, connectedTenant } = env;
  const db = () => env.database.db;
  const exists = (workflowId: string) => workflowExists(env.temporal.client, workflowId);
  const handleOf = (tenantId: string, entity: SyncEntity, id: string) =>
    env.temporal.client.workflow.getHandle(workflowIds.recordSync(tenantId, entity, id));
  const log = (tenantId: string, entity: SyncEntity, bproId: string, action: SyncLogEntry['action']) =>
    appendLog(db(), { tenantId, entity, bproId, action, message: `${action} ${bproId}` });
  const terminate = (tenantId: string, records: Array<[SyncEntity, string]>) =>
    Promise.all(records.map(([entity, id]) => handleOf(tenantId, entity, id).terminate('test done')));

  describe('retry-failed', () => {
    it('re-runs every record whose latest entry is failed, as a single Re-run does, and only those', async () => {
      const { tenantId } = await connectedTenant('bulk');
      await log(tenantId, 'invoice', 'o-1', 'failed');
      await log(tenantId, 'invoice', 'o-2', 'failed');
      await log(tenantId, 'invoice', 'o-2', 'created'); // fixed since: not re-run
      await log(tenantId, 'payment', 'p-1', 'created');
      await log(tenantId, 'payment', 'p-1', 'failed');
      await log(tenantId, 'customer', 'c-1', 'skipped');
      await log(tenantId, 'refund', 'r-1', 'needs_attention');

      const url = `/api/v1/tenants/${tenantId}/qbo/records/retry-failed`;
      const res = await call(url, { method: 'POST' }); // no body at all
      expect(res).toEqual({ status: 202, body: { queued: 2 } });
      for (const [entity, id] of [
        ['invoice', 'o-1'],
        ['payment', 'p-1'],
      ] as const) {
        const sent = signals(await history(handleOf(tenantId, entity, id)));
        expect(sent).toHaveLength(1);
        expect(sent[0]).toMatchObject({ name: 'recordChanged', args: [{ event: 'retry' }] });
      }
      for (const [entity, id] of [
        ['invoice', 'o-2'],
        ['customer', 'c-1'],
        ['refund', 'r-1'],
      ] as const)
        expect(await exists(workflowIds.recordSync(tenantId, entity, id)), id).toBe(false);

      // One type only: the running payment workflow gets a second retry signal; the invoice none.
      const payments = await call(url, jsonInit('POST', { entity: 'payment' }));
      expect(payments).toEqual({ status: 202, body: { queued: 1 } });
      expect(signals(await history(handleOf(tenantId, 'payment', 'p-1')))).toHaveLength(2);
      expect(signals(await history(handleOf(tenantId, 'invoice', 'o-1')))).toHaveLength(1);
      expect(await call(url, jsonInit('POST', { entity: 'refund' }))).toEqual({
        status: 202,
        body: { queued: 0 },
      });
      await terminate(tenantId, [
        ['invoice', 'o-1'],
        ['payment', 'p-1'],
      ]);
    });

    it('starts many records in bounded parallel from one query', async () => {
      const { tenantId } = await connectedTenant('bulk');
      const ids = Array.from({ length: 60 }, (_, i) => `p-${i + 1}`);
      await appendLog(
        db(),
        ids.map((bproId) => ({ tenantId, entity: 'payment' as const, bproId, action: 'failed' as const })),
      );
      const res = await call(`/api/v1/tenants/${tenantId}/qbo/records/retry-failed`, { method: 'POST' });
      expect(res).toEqual({ status: 202, body: { queued: 60 } });
      const started = await Promise.all(
        ids.map((id) => exists(workflowIds.recordSync(tenantId, 'payment', id))),
      );
      expect(started.every(Boolean)).toBe(true);
      await terminate(
        tenantId,
        ids.map((id) => ['payment', id]),
      );
    });

    it('refuses a bad body (400), a tenant switched off (403) and one not connected (412)', async () => {
      const { tenantId } = await connectedTenant('bulk');
      const url = (t: string) => `/api/v1/tenants/${t}/qbo/records/retry-failed`;
      for (const bad of [{ entity: 'order' }, { entity: 'payment', extra: 1 }, []]) {
        const res = await call(url(tenantId), jsonInit('POST', bad));
        expect(res.status, JSON.stringify(bad)).toBe(400);
        expect(res.body).toMatchObject({ error: { code: 'invalid_request' } });
      }
      const off = await tenant({ enabled: false });
      expect((await call(url(off), { method: 'POST' })).body).toMatchObject({
        error: { code: 'feature_disabled' },
      });
      const notConnected = await tenant();
      await log(notConnected, 'invoice', 'o-1', 'failed');
      expect(await call(url(notConnected), { method: 'POST' })).toMatchObject({
        status: 412,
        body: { error: { code: 'not_connected' } },
      });
      expect(await exists(workflowIds.recordSync(notConnected, 'invoice', 'o-1'))).toBe(false);
    });
  });

  describe('recreate and unlink', () => {
    const recordUrl = (tenantId: string, entity: string, id: string, action: string) =>
      `/api/v1/tenants/${tenantId}/qbo/records/${entity}/${id}/${action}`;

    it('re-creates a record deleted in QuickBooks: link and pending create gone, logged, synced as a Re-run', async () => {
      const { tenantId } = await connectedTenant('attn');
      const key = { tenantId, entity: 'invoice' as const, bproId: 'o-9' };
      await saveLink(db(), { ...key, qboId: '130', state: 'qbo_deleted' });
      await notePendingCreate(db(), {
        ...key,
        qboEntity: 'Invoice',
        customerQboId: '58',
        txnDate: '2026-01-02',
        docNumber: 'A-9',
        marker: 'bpro:o-9',
      });
      await appendLog(db(), {
        ...key,
        action: 'needs_attention',
        message: 'Deleted in QuickBooks',
        qboId: '130',
      });
      const status = await call(`/api/v1/tenants/${tenantId}/qbo/records/invoice/o-9`);
      expect(status.body).toMatchObject({ status: 'needs_attention', qboId: '130' });

      const res = await call(recordUrl(tenantId, 'invoice', 'o-9', 'recreate'), { method: 'POST' });
      const workflowId = workflowIds.recordSync(tenantId, 'invoice', 'o-9');
      expect(res).toMatchObject({ status: 202, body: { workflowId } });
      expect(await findLink(db(), tenantId, 'invoice', 'o-9')).toBeNull();
      expect(await findPendingCreate(db(), key)).toBeNull();
      expect(await latestLogFor(db(), tenantId, 'invoice', 'o-9')).toMatchObject({
        action: 'skipped',
        message: 'Re-create requested by support',
        qboId: '130',
        workflowId,
      });
      const sent = signals(await history(handleOf(tenantId, 'invoice', 'o-9')));
      expect(sent).toEqual([{ name: 'recordChanged', args: [expect.objectContaining({ event: 'retry' })] }]);
      await terminate(tenantId, [['invoice', 'o-9']]);

      // Nothing left to re-create: 409 with what the link is now.
      const again = await call(recordUrl(tenantId, 'invoice', 'o-9', 'recreate'), { method: 'POST' });
      expect(again).toMatchObject({
        status: 409,
        body: { error: { code: 'invalid_link_state', details: { linkState: null } } },
      });
    });

    it('unlinks a record voided in QuickBooks without calling it, and re-creates an unlinked one later', async () => {
      const { tenantId } = await connectedTenant('attn');
      await saveLink(db(), { tenantId, entity: 'payment', bproId: 'p-4', qboId: '77', state: 'qbo_voided' });
      await log(tenantId, 'payment', 'p-4', 'needs_attention');

      const res = await call(recordUrl(tenantId, 'payment', 'p-4', 'unlink'), { method: 'POST' });
      expect(res).toEqual({ status: 200, body: { linkState: 'unlinked', qboId: '77' } });
      expect(await findLink(db(), tenantId, 'payment', 'p-4')).toMatchObject({
        state: 'unlinked',
        qboId: '77',
      });
      expect(await latestLogFor(db(), tenantId, 'payment', 'p-4')).toMatchObject({
        action: 'skipped',
        message: 'Unlinked from QuickBooks by support',
      });
      expect(await exists(workflowIds.recordSync(tenantId, 'payment', 'p-4'))).toBe(false);
      const twice = await call(recordUrl(tenantId, 'payment', 'p-4', 'unlink'), { method: 'POST' });
      expect(twice).toMatchObject({
        status: 409,
        body: { error: { code: 'invalid_link_state', details: { linkState: 'unlinked' } } },
      });
      expect((twice.body.error as { message: string }).message).toContain('already unlinked');

      const recreate = await call(recordUrl(tenantId, 'payment', 'p-4', 'recreate'), { method: 'POST' });
      expect(recreate.status).toBe(202);
      expect(await findLink(db(), tenantId, 'payment', 'p-4')).toBeNull();
      await terminate(tenantId, [['payment', 'p-4']]);
    });

    it('refuses an active link or none (409), a bad entity (400) and Re-create while not connected (412)', async () => {
      const { tenantId } = await connectedTenant('attn');
      await saveLink(db(), { tenantId, entity: 'customer', bproId: 'c-1', qboId: '58' });
      for (const action of ['recreate', 'unlink']) {
        const res = await call(recordUrl(tenantId, 'customer', 'c-1', action), { method: 'POST' });
        expect(res, action).toMatchObject({
          status: 409,
          body: { error: { code: 'invalid_link_state', details: { linkState: 'active' } } },
        });
        const none = await call(recordUrl(tenantId, 'customer', 'c-2', action), { method: 'POST' });
        expect(none.body, action).toMatchObject({ error: { details: { linkState: null } } });
        expect((await call(recordUrl(tenantId, 'order', 'o-1', action), { method: 'POST' })).status).toBe(
          400,
        );
      }
      expect(await findLink(db(), tenantId, 'customer', 'c-1')).toMatchObject({ state: 'active' });
      expect(await exists(workflowIds.recordSync(tenantId, 'customer', 'c-1'))).toBe(false);

      const notConnected = await tenant();
      await saveLink(db(), {
        tenantId: notConnected,
        entity: 'invoice',
        bproId: 'o-1',
        qboId: '9',
        state: 'qbo_deleted',
      });
      const res = await call(recordUrl(notConnected, 'invoice', 'o-1', 'recreate'), { method: 'POST' });
      expect(res).toMatchObject({ status: 412, body: { error: { code: 'not_connected' } } });
      expect(await findLink(db(), notConnected, 'invoice', 'o-1')).toMatchObject({ state: 'qbo_deleted' });
      // Unlinking needs no connection: nothing is sent to QuickBooks.
      expect(
        (await call(recordUrl(notConnected, 'invoice', 'o-1', 'unlink'), { method: 'POST' })).status,
      ).toBe(200);
    });
  });
});
