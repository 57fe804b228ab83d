// Abuse resistance beyond the rate limits (issue 16): the hook replay window (a replay inside it
// is idempotent: one execution, the change signalled again and coalesced; outside it, 401), body
// limits on every route that reads a body, the security headers (helmet, with the page's strict
// CSP and its per-response nonce), and the OAuth callback's state checked by shape before any
// database query.
import { describe, expect, it } from 'vitest';
import { HOOK_TOLERANCE_SECONDS, signHook } from '../../api/hook-signature';
import { signPageLink } from '../../api/pages/access';
import type { Database } from '../../db/client';
import { workflowIds } from '../../workflows/contracts';
import { ABUSE_API_TOKEN, ABUSE_HOOK_SECRET, hookBody, postHook, useAbuseApps } from './support/abuse-apps';
import { history, signals } from './support/workflow-history';

const now = () => Math.floor(Date.now() / 1000);
const auth = { authorization: `Bearer ${ABUSE_API_TOKEN}` };

describe('abuse resistance', () => {
  const env = useAbuseApps();

  it('takes a replayed hook inside the window idempotently and refuses it outside (401)', async () => {
    const base = await env.serve();
    const tenantId = await env.tenant({ enabled: true, connected: true });
    const raw = hookBody(tenantId, 'replayed-1');
    const workflowId = workflowIds.recordSync(tenantId, 'invoice', 'replayed-1');
    // Captured 4½ minutes ago and sent again, twice: both taken, one execution.
    const captured = signHook(ABUSE_HOOK_SECRET, raw, now() - (HOOK_TOLERANCE_SECONDS - 30));
    const first = await postHook(base, raw, { signature: captured });
    const replay = await postHook(base, raw, { signature: captured });
    expect([first, replay].map((r) => [r.status, r.body])).toEqual([
      [202, { workflowId }],
      [202, { workflowId }],
    ]);
    const handle = env.temporal.client.workflow.getHandle(workflowId);
    const events = await history(handle);
    expect(events.filter((e) => e.workflowExecutionStartedEventAttributes)).toHaveLength(1);
    // The workflow coalesces changes and syncs the record's current state: a replay is one more pass.
    expect(signals(events).map((s) => s.name)).toEqual(['recordChanged', 'recordChanged']);

    // The same bytes with a signature just outside the window, either way: refused, nothing sent.
    for (const at of [now() - HOOK_TOLERANCE_SECONDS - 5, now() + HOOK_TOLERANCE_SECONDS + 5]) {
      const late = await postHook(base, raw, { signature: signHook(ABUSE_HOOK_SECRET, raw, at) });
      expect(late).toMatchObject({ status: 401, body: { error: { code: 'stale_signature' } } });
    }
    expect(signals(await history(handle))).toHaveLength(2);
    await handle.terminate('test done');
  });

  it('refuses a body over the limit of every route that reads one, with 413', async () => {
    const base = await env.serve();
    const tenantId = await env.tenant({ enabled: true });
    const link = await fetch(`${base}${signPageLink(ABUSE_API_TOKEN, tenantId)}`, { redirect: 'manual' });
    const cookie = (link.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const json = (kb: number) => JSON.stringify({ name: 'x'.repeat(kb * 1024), qboEnabled: true });
    const formOf = (kb: number) => `csrf=x&startDate=${'1'.repeat(kb * 1024)}`;
    const cases: Array<[string, string, Record<string, string>, string, 'json' | 'html']> = [
      [
        'PUT',
        `/api/v1/tenants/${tenantId}`,
        { ...auth, 'content-type': 'application/json' },
        json(257),
        'json',
      ],
      [
        'PUT',
        `/api/v1/tenants/${tenantId}/qbo/settings`,
        { ...auth, 'content-type': 'application/json' },
        json(257),
        'json',
      ],
      [
        'POST',
        `/api/v1/tenants/${tenantId}/qbo/records/retry-failed`,
        { ...auth, 'content-type': 'application/json' },
        json(257),
        'json',
      ],
      [
        'POST',
        '/api/v1/hooks/bpro',
        { 'content-type': 'application/json', 'x-bpro-signature': 't=1,v1=00' },
        json(65),
        'json',
      ],
      [
        'POST',
        `/tenants/${tenantId}/quickbooks/settings`,
        { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        formOf(65),
        'html',
      ],
      [
        'POST',
        `/tenants/${tenantId}/quickbooks/sign-in`,
        { 'content-type': 'application/x-www-form-urlencoded' },
        formOf(65),
        'html',
      ],
      [
        'POST',
        `/tenants/${tenantId}/quickbooks/settings`,
        { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        Array.from({ length: 5001 }, (_, i) => `m${i}=1`).join('&'),
        'html',
      ],
    ];
    for (const [method, path, headers, body, kind] of cases) {
      const res = await fetch(`${base}${path}`, { method, headers, body });
      expect(res.status, `${method} ${path}`).toBe(413);
      if (kind === 'json') expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
      else expect(await res.text()).toMatch(/^<!doctype html>/i);
    }
  });

  it('sends the standard security headers, and the page its nonce-based CSP', async () => {
    const base = await env.serve();
    const tenantId = await env.tenant();
    const link = await fetch(`${base}${signPageLink(ABUSE_API_TOKEN, tenantId)}`, { redirect: 'manual' });
    const cookie = (link.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await fetch(`${base}/tenants/${tenantId}/quickbooks`, { headers: { cookie } });
    const html = await page.text();
    expect(page.status).toBe(200);
    const answers = [
      page,
      await fetch(`${base}/livez`),
      await fetch(`${base}/api/v1/health`, { headers: auth }),
      await fetch(`${base}/api/v1/nothing-here`, { headers: auth }),
      await fetch(`${base}/api/v1/reference`),
    ];
    for (const res of answers) {
      const h = res.headers;
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('x-frame-options')).toBe('DENY');
      expect(h.get('referrer-policy')).toBe('same-origin');
      expect(h.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(h.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(h.get('x-dns-prefetch-control')).toBe('off');
      expect(h.get('x-permitted-cross-domain-policies')).toBe('none');
      expect(h.get('x-powered-by')).toBeNull();
      expect(h.get('content-security-policy')).toMatch(
        /^default-src 'none';style-src 'nonce-[A-Za-z0-9+/=]{24}';script-src 'nonce-[A-Za-z0-9+/=]{24}';connect-src 'self';img-src 'self';base-uri 'none';frame-ancestors 'none'$/,
      );
    }
    // The page's inline style and script carry this response's nonce; the next response has another.
    const nonce = /'nonce-([^']+)'/.exec(page.headers.get('content-security-policy') ?? '')?.[1] ?? '';
    expect(html).toContain(`<style nonce="${nonce}">`);
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const again = await fetch(`${base}/tenants/${tenantId}/quickbooks`, { headers: { cookie } });
    expect(again.headers.get('content-security-policy')).not.toContain(nonce);
  });

  it("checks the OAuth callback's state by shape before any database query", async () => {
    let queried = 0;
    // A database that counts every use and fails it.
    const db = new Proxy({} as Database, {
      get: () => {
        queried += 1;
        throw new Error('this test has no database');
      },
    });
    const base = await env.serve({}, db);
    const before = queried;
    for (const query of [
      'state=%00',
      'state=a%00b&code=x&realmId=1',
      'state=short',
      `state=${'a'.repeat(129)}`,
    ]) {
      const res = await fetch(`${base}/api/v1/qbo/callback?${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.text()).toContain('The QuickBooks redirect was malformed');
    }
    expect(queried).toBe(before);
    // A state of the right shape is looked up: the database is reached (and fails, here).
    const res = await fetch(`${base}/api/v1/qbo/callback?state=${'A'.repeat(43)}&code=x&realmId=1`);
    expect(res.status).toBe(500);
    expect(queried).toBeGreaterThan(before);
  });
});
