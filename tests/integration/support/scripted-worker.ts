// A scripted worker for one workflow: polls the API's task queue (tasks of other, already closed
// executions are skipped by the server) and answers one workflow or query task by hand.
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { expect } from 'vitest';

const { QueryResultType } = proto.api.enums.v1;

export function scriptedWorker(client: () => Client, taskQueue: string) {
  async function nextTask(workflowId: string) {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const task = await client().withDeadline(Date.now() + 20_000, () =>
        client().workflowService.pollWorkflowTaskQueue({
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
    await client().workflowService.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: task.taskToken,
      identity: 'api-sync-test',
      commands,
    });
  }
  async function answerQuery(workflowId: string, answer: unknown) {
    const task = await nextTask(workflowId);
    expect(task.query?.queryType).toBe('progress');
    await client().workflowService.respondQueryTaskCompleted({
      namespace: 'default',
      taskToken: task.taskToken,
      completedType: QueryResultType.QUERY_RESULT_TYPE_ANSWERED,
      queryResult: { payloads: [defaultPayloadConverter.toPayload(answer)] },
    });
  }
  return { completeTask, answerQuery };
}
