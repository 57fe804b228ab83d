// The management page's log buttons over plain HTTP: "Re-run N failed records" (all, or of the
// filtered type), and Re-create in QuickBooks / Unlink on the newest entry of a record deleted or
// voided in QuickBooks; each a CSRF-checked form post that comes back to the log with a notice.
import { describe, expect, it } from 'vitest';
import { signPageLink } from '../../api/pages/access';
import { findLink, saveLink } from '../../db/queries/entity-links';
import { appendLog, type SyncLogEntry } from '../../db/queries/sync-log';
import { workflowIds, type SyncEntity } from '../../workflows/contracts';
import { useApiSyncStack } from './support/api-sync-stack';
import { API_TOKEN } from './support/qbo-stack';
import { history, signals, workflowExists } from './support/workflow-history';

describe('QuickBooks Management page (HTTP): log actions', () => {
  const env = useApiSyncStack();
  const pageUrl = (tenantId: string, rest = '') =>
    `${env.stack.apiUrl}/tenants/${tenantId}/quickbooks${rest}`;
  const get = async (url: string, cookie: string) => {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie } });
    return { status: res.status, text: await res.text() };
  };
  const post = (url: string, form: Record<string, string>, cookie: string) =>
    fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams(form).toString(),
    });
  const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const squash = (s: string) => s.replace(/\s+/g, ' ');

  async function signIn(tenantId: string): Promise<string> {
    const res = await fetch(`${env.stack.apiUrl}${signPageLink(API_TOKEN, tenantId)}`, {
      redirect: 'manual',
    });
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }
  const log = (tenantId: string, entity: SyncEntity, bproId: string, action: SyncLogEntry['action']) =>
    appendLog(env.database.db, { tenantId, entity, bproId, action, message: `${action} ${bproId}` });

  it('offers "Re-run N failed records" with the count, and re-runs them', async () => {
    const { tenantId } = await env.connectedTenant('page-bulk');
    await log(tenantId, 'invoice', 'o-1', 'failed');
    await log(tenantId, 'payment', 'p-1', 'failed');
    await log(tenantId, 'payment', 'p-2', 'failed');
    await log(tenantId, 'payment', 'p-2', 'created');
    const cookie = await signIn(tenantId);
    const page = await get(pageUrl(tenantId), cookie);
    expect(squash(page.text)).toContain('Re-run 2 failed records');
    expect(page.text).toContain(`action="/tenants/${tenantId}/quickbooks/records/retry-failed"`);
    expect(page.text).toMatch(/<option value="needs_attention"[^>]*>Needs attention<\/option>/);
    const filtered = await get(pageUrl(tenantId, '?entity=payment'), cookie);
    expect(squash(filtered.text)).toContain('Re-run 1 failed payment record');

    expect((await post(pageUrl(tenantId, '/records/retry-failed'), { csrf: 'forged' }, cookie)).status).toBe(
      403,
    );
    const res = await post(
      pageUrl(tenantId, '/records/retry-failed'),
      { csrf: csrfOf(page.text), entity: '', back: 'status=failed' },
      cookie,
    );
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toBe(`/tenants/${tenantId}/quickbooks?status=failed&done=rerun-failed&n=2#log`);
    const after = await get(`${env.stack.apiUrl}${location}`, cookie);
    expect(squash(after.text)).toContain('Re-run requested for 2 failed records.');
    for (const [entity, id] of [
      ['invoice', 'o-1'],
      ['payment', 'p-1'],
    ] as const) {
      const handle = env.temporal.client.workflow.getHandle(workflowIds.recordSync(tenantId, entity, id));
      expect(signals(await history(handle))).toEqual([
        { name: 'recordChanged', args: [expect.objectContaining({ event: 'retry' })] },
      ]);
      await handle.terminate('test done');
    }
    expect(
      await workflowExists(env.temporal.client, workflowIds.recordSync(tenantId, 'payment', 'p-2')),
    ).toBe(false);
  });

  it('offers Re-create and Unlink on the newest entry of a record deleted or voided in QuickBooks', async () => {
    const { tenantId } = await env.connectedTenant('page-attn');
    await saveLink(env.database.db, {
      tenantId,
      entity: 'invoice',
      bproId: 'o-7',
      qboId: '130',
      state: 'qbo_deleted',
    });
    await log(tenantId, 'invoice', 'o-7', 'needs_attention');
    // Fixed since (re-created): its older needs_attention entry offers nothing.
    await saveLink(env.database.db, { tenantId, entity: 'payment', bproId: 'p-3', qboId: '88' });
    await log(tenantId, 'payment', 'p-3', 'needs_attention');
    await log(tenantId, 'payment', 'p-3', 'created');
    const cookie = await signIn(tenantId);
    const page = await get(pageUrl(tenantId), cookie);
    expect(page.text).toContain('aria-label="Re-create in QuickBooks Order o-7"');
    expect(page.text).toContain('aria-label="Unlink Order o-7"');
    expect(page.text).not.toContain('Re-create in QuickBooks Payment p-3');
    expect(page.text).not.toContain('Unlink Payment p-3');

    const unlink = await post(
      pageUrl(tenantId, '/records/invoice/o-7/unlink'),
      { csrf: csrfOf(page.text), back: 'status=needs_attention' },
      cookie,
    );
    expect(unlink.status).toBe(303);
    expect(unlink.headers.get('location')).toBe(
      `/tenants/${tenantId}/quickbooks?status=needs_attention&done=unlink#log`,
    );
    expect(await findLink(env.database.db, tenantId, 'invoice', 'o-7')).toMatchObject({ state: 'unlinked' });
    const unlinked = await get(pageUrl(tenantId, '?done=unlink'), cookie);
    expect(unlinked.text).toContain('Unlinked from QuickBooks. The sync leaves this record out');
    expect(unlinked.text).toContain('Unlinked from QuickBooks by support');
    expect(unlinked.text).toContain('aria-label="Re-create in QuickBooks Order o-7"');
    expect(unlinked.text).not.toContain('aria-label="Unlink Order o-7"');

    // Unlinking twice is refused with the reason, on the page.
    const twice = await post(
      pageUrl(tenantId, '/records/invoice/o-7/unlink'),
      { csrf: csrfOf(page.text) },
      cookie,
    );
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('already unlinked');

    const recreate = await post(
      pageUrl(tenantId, '/records/invoice/o-7/recreate'),
      { csrf: csrfOf(page.text), back: '' },
      cookie,
    );
    expect(recreate.status).toBe(303);
    expect(recreate.headers.get('location')).toBe(`/tenants/${tenantId}/quickbooks?done=recreate#log`);
    expect(await findLink(env.database.db, tenantId, 'invoice', 'o-7')).toBeNull();
    const handle = env.temporal.client.workflow.getHandle(workflowIds.recordSync(tenantId, 'invoice', 'o-7'));
    expect(signals(await history(handle))).toHaveLength(1);
    await handle.terminate('test done');
  });
});
