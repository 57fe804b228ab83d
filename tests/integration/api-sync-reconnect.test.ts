// Reconnecting QuickBooks signals every workflow of the tenant that waits for it, and no other, and
// re-runs the records that failed for want of the connection (set-up: support/api-sync-stack.ts;
// no worker polls the API's task queue).
import { describe, expect, it } from 'vitest';
import { AWAITING_AUTH, appendLog } from '../../db/queries/sync-log';
import { searchAttributes, workflowIds } from '../../workflows/contracts';
import { useApiSyncStack } from './support/api-sync-stack';
import { history, signals, workflowExists } from './support/workflow-history';

describe('sync API', () => {
  const env = useApiSyncStack();
  const { connectedTenant, taskQueue } = env;

  describe('reconnect', () => {
    it('signals `reconnected` to every running workflow of the tenant waiting for it, and to no other', async () => {
      const { tenantId, realmId } = await connectedTenant('reconn');
      const { tenantId: otherTenant } = await connectedTenant('reconn');
      const start = (workflowId: string, tenant: string, state: string) =>
        env.temporal.client.workflow.start('recordSync', {
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
      for (let i = 0; i < 100 && (await env.temporal.client.workflow.count(query)).count < 2; i += 1)
        await new Promise((r) => setTimeout(r, 100));

      await env.database
        .sql`update qbo_sync.qbo_connections set status = 'reauth_required' where tenant_id = ${tenantId}`;
      expect((await env.stack.connect(tenantId, { realmId })).status).toBe(200);

      for (const handle of waiting)
        expect(signals(await history(handle))).toEqual([{ name: 'reconnected', args: [] }]);
      expect(signals(await history(running))).toEqual([]);
      expect(signals(await history(elsewhere))).toEqual([]);
      await Promise.all([...waiting, running, elsewhere].map((h) => h.terminate('test done')));
    });

    it('re-runs the records whose latest entry failed for want of the connection, and no other', async () => {
      const { tenantId, realmId } = await connectedTenant('reconn');
      const db = env.database.db;
      const failed = (bproId: string, awaiting?: string) =>
        appendLog(db, { tenantId, entity: 'invoice', bproId, action: 'failed', message: 'x', awaiting });
      await failed('o-auth', AWAITING_AUTH);
      await failed('o-fixed', AWAITING_AUTH);
      await appendLog(db, { tenantId, entity: 'invoice', bproId: 'o-fixed', action: 'created', qboId: '9' });
      await failed('o-venmo', 'PaymentMethod:Venmo');
      await failed('o-plain');

      await env.database
        .sql`update qbo_sync.qbo_connections set status = 'reauth_required' where tenant_id = ${tenantId}`;
      expect((await env.stack.connect(tenantId, { realmId })).status).toBe(200);

      const handle = env.temporal.client.workflow.getHandle(
        workflowIds.recordSync(tenantId, 'invoice', 'o-auth'),
      );
      expect(signals(await history(handle))).toEqual([
        { name: 'recordChanged', args: [expect.objectContaining({ event: 'retry' })] },
      ]);
      for (const id of ['o-fixed', 'o-venmo', 'o-plain'])
        expect(
          await workflowExists(env.temporal.client, workflowIds.recordSync(tenantId, 'invoice', id)),
          id,
        ).toBe(false);
      await handle.terminate('test done');
    });
  });
});
