// A signed BPro hook POSTed to a harness's API the way the BPro app sends it; answers the record's workflow id.
import { expect } from 'vitest';
import { signHook } from '../../../api/hook-signature';
import type { HookEvent, SyncEntity } from '../../../workflows/contracts';
import type { SyncHarness } from './sync-harness';

export async function postSignedHook(
  h: SyncHarness,
  entity: SyncEntity,
  id: string,
  event: HookEvent,
): Promise<string> {
  const raw = JSON.stringify({
    tenantId: h.tenantId,
    entity,
    id,
    event,
    occurredAt: new Date().toISOString(),
  });
  const res = await fetch(`${h.stack.apiUrl}/api/v1/hooks/bpro`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-bpro-signature': signHook(h.stack.config.hookSecret, raw),
    },
    body: raw,
  });
  const body = (await res.json()) as Record<string, unknown>;
  expect(res.status, JSON.stringify(body)).toBe(202);
  expect(body.workflowId, JSON.stringify(body)).toEqual(expect.any(String));
  return body.workflowId as string;
}
