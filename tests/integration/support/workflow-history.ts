// Reading what the API did to a workflow execution from its history: its input, the signals it
// got, whether it exists at all.
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal as proto } from '@temporalio/proto';

export type HistoryEvent = proto.api.history.v1.IHistoryEvent;

export async function history(handle: WorkflowHandle): Promise<HistoryEvent[]> {
  return (await handle.fetchHistory()).events ?? [];
}

const decode = (payloads: proto.api.common.v1.IPayloads | null | undefined): unknown[] =>
  (payloads?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p));

/** The arguments the execution was started with. */
export const startedInput = (events: HistoryEvent[]) =>
  decode(
    events.find((e) => e.workflowExecutionStartedEventAttributes)?.workflowExecutionStartedEventAttributes
      ?.input,
  );

/** Every signal the execution got, in order. */
export const signals = (events: HistoryEvent[]) =>
  events
    .map((e) => e.workflowExecutionSignaledEventAttributes)
    .filter((s) => s != null)
    .map((s) => ({ name: s.signalName, args: decode(s.input) }));

export async function workflowExists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
