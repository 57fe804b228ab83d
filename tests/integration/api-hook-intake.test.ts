// A tenant's lane for starting record syncs in the API (api/tenant-intake.ts): its hooks reach
// Temporal HOOK_STARTS_PER_TENANT at a time, in order; once HOOK_WAITING_PER_TENANT wait, more get
// 429 `tenant_busy` with Retry-After and start nothing; another tenant's hook does not wait behind
// them. Temporal is the run's real server; tenant A's starts are held at a gate the test opens.
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { hookBody, postHook, useAbuseApps } from './support/abuse-apps';

/** The client, with `signalWithStart` of workflow ids containing `heldFor` held until `open()`. */
function gatedClient(client: Client, heldFor: string) {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  const seen: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const workflow = new Proxy(client.workflow, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (key !== 'signalWithStart' || typeof value !== 'function') return value;
      return async (...args: [string, { workflowId: string }]) => {
        const held = args[1].workflowId.includes(heldFor);
        if (held) {
          seen.push(args[1].workflowId);
          running += 1;
          mostAtOnce = Math.max(mostAtOnce, running);
          await opened;
        }
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          if (held) running -= 1;
        }
      };
    },
  });
  const gated = new Proxy(client, {
    get: (target, key, receiver): unknown =>
      key === 'workflow' ? workflow : (Reflect.get(target, key, receiver) as unknown),
  });
  return { client: gated, open, seen, mostAtOnce: () => mostAtOnce };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('a tenant lane for starting record syncs', () => {
  const env = useAbuseApps();

  it("queues a tenant's starts, refuses past its waiting line, and lets another tenant through", async () => {
    const [a, b] = [
      await env.tenant({ enabled: true, connected: true }),
      await env.tenant({ enabled: true, connected: true }),
    ];
    const gate = gatedClient(env.temporal.client, a);
    const base = await env.serve(
      { HOOK_STARTS_PER_TENANT: '1', HOOK_WAITING_PER_TENANT: '1', HOOK_RATE_LIMIT_PER_TENANT: '0' },
      undefined,
      gate.client,
    );
    const first = postHook(base, hookBody(a, 'a-1'));
    await until(() => gate.seen.length === 1);
    const second = postHook(base, hookBody(a, 'a-2'));
    await new Promise((r) => setTimeout(r, 100));
    // a-2 waits in the lane, behind a-1: not yet at Temporal.
    expect(gate.seen).toHaveLength(1);

    const refused = await postHook(base, hookBody(a, 'a-3'));
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'tenant_busy', details: { waiting: 1 } } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // Tenant B's hook is not behind A's line.
    const other = await postHook(base, hookBody(b, 'b-1'));
    expect(other.status).toBe(202);
    expect(gate.seen).toHaveLength(1);

    gate.open();
    const answers = await Promise.all([first, second]);
    expect(answers.map((r) => r.status)).toEqual([202, 202]);
    expect(gate.seen.map((id) => id.split(':').pop())).toEqual(['a-1', 'a-2']);
    expect(gate.mostAtOnce()).toBe(1);
    // a-3 never reached Temporal; sent again now, it is taken.
    expect((await postHook(base, hookBody(a, 'a-3'))).status).toBe(202);
  });
});
