// The sync API's transaction log over HTTP: paging newest first, filters, bad parameters
// (set-up: support/api-sync-stack.ts; no worker polls the API's task queue).
import { describe, expect, it } from 'vitest';
import { appendLog, type SyncLogEntry } from '../../db/queries/sync-log';
import { useApiSyncStack, type Json } from './support/api-sync-stack';

describe('sync API', () => {
  const env = useApiSyncStack();
  const { call, tenant } = env;

  describe('log', () => {
    it('pages newest first with an opaque cursor, filters by status and entity', async () => {
      const tenantId = await tenant();
      const other = await tenant();
      const entries: SyncLogEntry[] = [
        { tenantId, entity: 'customer', bproId: 'cus-1', action: 'created', qboId: '58', workflowId: 'wf-a' },
        { tenantId, entity: 'invoice', bproId: 'o-1', action: 'failed', message: 'Boom' },
        { tenantId, entity: 'invoice', bproId: 'o-2', action: 'created', qboId: '12' },
        { tenantId, entity: 'payment', bproId: 'p-1', action: 'skipped', message: 'Method unchecked' },
        { tenantId, entity: 'invoice', bproId: 'o-3', action: 'failed', message: 'Bad line' },
        { tenantId, entity: 'invoice', bproId: 'o-4', action: 'warning', message: 'Tax differs' },
        { tenantId, entity: 'customer', bproId: 'cus-2', action: 'linked', qboId: '59' },
      ];
      // One statement: every row shares the same `at`, so paging must order by id within it.
      await appendLog(env.database.db, entries);
      await appendLog(env.database.db, { tenantId: other, entity: 'invoice', bproId: 'x', action: 'failed' });

      const url = `/api/v1/tenants/${tenantId}/qbo/log`;
      const seen: string[] = [];
      let cursor: string | null = null;
      const pages: number[] = [];
      do {
        const res = await call(`${url}?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        const page = res.body.entries as Array<{ bproId: string }>;
        pages.push(page.length);
        seen.push(...page.map((e) => e.bproId));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(pages).toEqual([3, 3, 1]);
      expect(seen).toEqual(entries.map((e) => e.bproId).reverse());

      const first = await call(`${url}?limit=200`);
      const newest = (first.body.entries as Json[]).at(-1);
      expect(newest).toMatchObject({
        entity: 'customer',
        bproId: 'cus-1',
        action: 'created',
        qboId: '58',
        workflowId: 'wf-a',
        temporalUrl: 'http://127.0.0.1:8233/namespaces/default/workflows/wf-a',
        message: null,
      });
      expect(typeof newest?.id).toBe('string');
      expect(new Date(String(newest?.at)).getTime()).not.toBeNaN();
      expect(first.body.nextCursor).toBeNull();

      const failed = await call(`${url}?status=failed`);
      expect((failed.body.entries as Json[]).map((e) => e.bproId)).toEqual(['o-3', 'o-1']);
      const invoices = await call(`${url}?entity=invoice&limit=2`);
      expect((invoices.body.entries as Json[]).map((e) => e.bproId)).toEqual(['o-4', 'o-3']);
      const rest = await call(`${url}?entity=invoice&limit=2&cursor=${String(invoices.body.nextCursor)}`);
      expect((rest.body.entries as Json[]).map((e) => e.bproId)).toEqual(['o-2', 'o-1']);
      const both = await call(`${url}?entity=invoice&status=created`);
      expect((both.body.entries as Json[]).map((e) => e.bproId)).toEqual(['o-2']);
    });

    it('refuses bad parameters with 400', async () => {
      const tenantId = await tenant();
      const url = `/api/v1/tenants/${tenantId}/qbo/log`;
      for (const q of ['limit=0', 'limit=201', 'limit=abc', 'status=exploded', 'entity=order', 'other=1'])
        expect((await call(`${url}?${q}`)).body, q).toMatchObject({ error: { code: 'invalid_request' } });
      for (const cursor of ['nope', Buffer.from('2026-01-01|5').toString('base64url')])
        expect((await call(`${url}?cursor=${cursor}`)).body).toMatchObject({
          error: { code: 'invalid_cursor' },
        });
      expect((await call(`/api/v1/tenants/no-such-tenant-log/qbo/log`)).status).toBe(404);
    });
  });
});
