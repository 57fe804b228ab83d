// The hooks' abuse limits (issue 16): per tenant for signed hooks and per source address for
// hooks without a valid signature, counted in PostgreSQL so two API replicas on one database share
// them; a refusal is 429 with Retry-After, the RateLimit headers and the error envelope; a window
// ends and the budget is back; 0 switches a limit off; TRUST_PROXY decides whose address counts.
import { describe, expect, it } from 'vitest';
import { loadApiConfig } from '../../api/config';
import { DEFAULT_HOOK_RATE_LIMITS } from '../../config/fragments';
import { hookBody, postHook, uniqueSource, useAbuseApps } from './support/abuse-apps';

const limited = {
  HOOK_RATE_LIMIT_PER_TENANT: '5',
  HOOK_RATE_LIMIT_UNSIGNED_PER_SOURCE: '3',
  TRUST_PROXY: 'loopback',
};

describe('hook rate limits', () => {
  const env = useAbuseApps();

  it('limits a tenant across replicas: 429, Retry-After and the envelope once its budget is spent', async () => {
    const [a, b] = [await env.serve(limited), await env.serve(limited)];
    const tenantId = await env.tenant();
    const answers = [];
    for (const base of [a, b, a, b, a]) answers.push(await postHook(base, hookBody(tenantId)));
    expect(answers.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    expect(answers[0]?.headers.get('ratelimit-policy')).toBe('5;w=60');
    expect(answers[4]?.headers.get('ratelimit')).toMatch(/^limit=5, remaining=0, reset=\d+$/);

    for (const base of [b, a]) {
      const refused = await postHook(base, hookBody(tenantId));
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({
        error: { code: 'rate_limited', details: { limit: 5, windowSeconds: 60 } },
      });
      expect((refused.body as { error: { message: string } }).error.message).toContain(tenantId);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Another tenant has its own budget.
    expect((await postHook(a, hookBody(await env.tenant()))).status).toBe(202);
  });

  it('limits hooks without a valid signature per source address; signed ones from it still pass', async () => {
    const [a, b] = [await env.serve(limited), await env.serve(limited)];
    const source = uniqueSource();
    const tenantId = await env.tenant();
    const unsigned = [
      await postHook(a, hookBody(tenantId), { signature: null, from: source }),
      await postHook(b, hookBody(tenantId), { signature: 't=1,v1=00', from: source }),
      await postHook(a, hookBody(tenantId), { signature: 'junk', from: source }),
    ];
    expect(unsigned.map((r) => r.status)).toEqual([401, 401, 401]);
    const refused = await postHook(b, hookBody(tenantId), { signature: null, from: source });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'rate_limited', details: { limit: 3 } } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    expect((await postHook(a, hookBody(tenantId), { from: source })).status).toBe(202);
    expect((await postHook(a, hookBody(tenantId), { signature: null, from: uniqueSource() })).status).toBe(
      401,
    );
  });

  it('believes X-Forwarded-For only from the proxies TRUST_PROXY names', async () => {
    const tenantId = await env.tenant();
    const remaining = (r: { headers: Headers }) => {
      const [, left, reset] = /remaining=(\d+), reset=(\d+)/.exec(r.headers.get('ratelimit') ?? '') ?? [];
      return { left: Number(left), reset: Number(reset) };
    };
    // Behind a trusted proxy (loopback here), each forwarded address has its own budget.
    const trusting = await env.serve({ ...limited, HOOK_RATE_LIMIT_UNSIGNED_PER_SOURCE: '1000' });
    const [x, y] = [uniqueSource(), uniqueSource()];
    for (const from of [x, y])
      expect(remaining(await postHook(trusting, hookBody(tenantId), { signature: null, from })).left).toBe(
        999,
      );
    // Without TRUST_PROXY the socket's address counts (127.0.0.1): a forged header changes nothing.
    const plain = await env.serve({ HOOK_RATE_LIMIT_UNSIGNED_PER_SOURCE: '1000' });
    const first = remaining(await postHook(plain, hookBody(tenantId), { signature: null, from: x }));
    const second = remaining(await postHook(plain, hookBody(tenantId), { signature: null, from: y }));
    // (Other tests may count against 127.0.0.1 meanwhile, or its window may end: only the order holds.)
    expect(second.left < first.left || second.reset > first.reset).toBe(true);
  });

  it('gives the budget back when the window ends', async () => {
    const base = await env.serve({ HOOK_RATE_LIMIT_PER_TENANT: '1', HOOK_RATE_LIMIT_WINDOW_SECONDS: '1' });
    const tenantId = await env.tenant();
    expect((await postHook(base, hookBody(tenantId))).status).toBe(202);
    const refused = await postHook(base, hookBody(tenantId));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await postHook(base, hookBody(tenantId))).status).toBe(202);
  });

  it('takes 0 as no limit, and has defaults a bulk edit in BPro stays under', async () => {
    const base = await env.serve({
      HOOK_RATE_LIMIT_PER_TENANT: '0',
      HOOK_RATE_LIMIT_UNSIGNED_PER_SOURCE: '0',
    });
    const tenantId = await env.tenant();
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i += 1) statuses.add((await postHook(base, hookBody(tenantId))).status);
    expect([...statuses]).toEqual([202]);
    expect(loadApiConfig({}).hookRateLimits).toEqual(DEFAULT_HOOK_RATE_LIMITS);
    expect(DEFAULT_HOOK_RATE_LIMITS).toEqual({ perTenant: 6000, unsignedPerSource: 600, windowSeconds: 60 });
    expect(() => loadApiConfig({ HOOK_RATE_LIMIT_PER_TENANT: '-1' })).toThrow(/HOOK_RATE_LIMIT_PER_TENANT/);
    expect(() => loadApiConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(loadApiConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadApiConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(loadApiConfig({}).trustProxy).toBe(false);
  });
});
