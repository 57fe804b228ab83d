// The sync API's initial sync over HTTP: start, refuse, cancel, and its status from the workflow,
// answered by a scripted worker (set-up: support/api-sync-stack.ts; no other worker polls the API's
// task queue).
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { findSyncSettings } from '../../db/queries/settings';
import { searchAttributes, workflowIds } from '../../workflows/contracts';
import { useApiSyncStack } from './support/api-sync-stack';
import { scriptedWorker } from './support/scripted-worker';
import { history, startedInput, workflowExists } from './support/workflow-history';

const { CommandType } = proto.api.enums.v1;

describe('sync API', () => {
  const env = useApiSyncStack();
  const { call, tenant, connectedTenant, taskQueue } = env;
  const { completeTask, answerQuery } = scriptedWorker(() => env.temporal.client, taskQueue);
  const exists = (workflowId: string) => workflowExists(env.temporal.client, workflowId);

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

      const handle = env.temporal.client.workflow.getHandle(workflowId);
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
      const settings = await findSyncSettings(env.database.db, tenantId);
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
});
