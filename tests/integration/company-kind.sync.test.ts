// A multicurrency US company, end to end: every invoice, payment and refund receipt the sync sends
// names the home currency (CurrencyRef USD); a BPro customer whose QuickBooks namesake is in EUR is
// not linked (needs attention, in plain words), and once that one is renamed a Re-run creates it.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { customerDisplayName } from '../../activities/mapping/customer';
import { loadSnapshot } from '../../activities/sync/snapshot';
import { findLink } from '../../db/queries/entity-links';
import { syncLog } from '../../db/schema';
import { searchAttributes, workflowIds, type InitialSyncResult } from '../../workflows/contracts';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { DOCUMENTS, documentsIn, type Sent } from './support/sent-documents';
import { startSyncHarness, type SyncHarness } from './support/sync-harness';
import { connectTestTemporal } from './support/temporal';

describe('a multicurrency company: documents in the home currency, foreign-currency customers left alone', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let h: SyncHarness;
  let spy: MockInstance<typeof fetch>;
  const sent: Sent[] = [];

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    h = await startSyncHarness(database, temporal, {
      size: 'tiny',
      disabledMethods: ['Account'],
      realm: { multicurrency: true, homeCurrency: 'USD' },
    });
    const realFetch = globalThis.fetch;
    // The in-process worker's QBO calls go through the global fetch: keep what the sync sends.
    spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes(`/v3/company/${h.realmId}/`) && typeof init?.body === 'string')
        sent.push(...documentsIn(url, init.body));
      return realFetch(input, init);
    });
  }, 120_000);
  afterAll(async () => {
    spy?.mockRestore();
    await h?.close();
    await temporal?.close();
    await database?.close();
  });

  const runInitialSync = () =>
    temporal.client.workflow.execute<(i: { tenantId: string }) => Promise<InitialSyncResult>>('initialSync', {
      taskQueue: h.taskQueue,
      workflowId: workflowIds.initialSync(h.tenantId),
      args: [{ tenantId: h.tenantId }],
      typedSearchAttributes: [{ key: searchAttributes.tenantId, value: h.tenantId }],
    });

  const logOf = async (entity: 'customer' | 'invoice', bproId: string) =>
    (
      await database.db
        .select()
        .from(syncLog)
        .where(and(eq(syncLog.tenantId, h.tenantId), eq(syncLog.entity, entity), eq(syncLog.bproId, bproId)))
    ).sort((a, b) => Number(b.id - a.id));

  it('syncs with CurrencyRef USD on every document; the EUR namesake needs attention', async () => {
    expect((await loadSnapshot(database.db, h.tenantId)).homeCurrency).toBe('USD');
    // A top-level customer with a completed order and no refund; QuickBooks has its name, in EUR.
    const { customers, orders, refunds } = h.dataset;
    const euro = customers.find(
      (c) =>
        c.parentId === null &&
        !customers.some((j) => j.parentId === c.id) &&
        orders.some((o) => o.customerId === c.id && o.status === 'completed') &&
        !refunds.some((r) => r.customerId === c.id),
    );
    if (!euro) throw new Error('the tiny dataset has no such customer');
    const name = customerDisplayName(euro);
    const qbo = h.stack.qbo.clientFor(h.tenantId);
    const eurCustomer = await qbo.create(
      'Customer',
      { DisplayName: name, CurrencyRef: { value: 'EUR' } },
      `eur-${h.tenantId}`,
    );
    expect(eurCustomer.CurrencyRef).toMatchObject({ value: 'EUR' });

    const result = await runInitialSync();
    expect(result.entities.invoice?.synced).toBeGreaterThan(0);

    // What the sync sent: each kind of document at least once, every one in USD.
    for (const entity of DOCUMENTS)
      expect(sent.filter((s) => s.entity === entity).length, entity).toBeGreaterThan(0);
    for (const s of sent)
      expect(s.body.CurrencyRef, `${s.entity} ${JSON.stringify(s.body)}`).toEqual({ value: 'USD' });

    // The namesake is not linked; the record says why and what to do.
    expect(await findLink(database.db, h.tenantId, 'customer', euro.id)).toBeNull();
    const expected =
      `QuickBooks customer "${name}" uses EUR; BPro invoices are in USD. Create a USD customer for it ` +
      'in QuickBooks or rename that one, then press Re-run.';
    const entries = await logOf('customer', euro.id);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry.action).toBe('needs_attention');
      expect(entry.qboId).toBeNull();
      // A run for a document that needs it adds "; needed by …".
      expect(entry.message?.slice(0, expected.length)).toBe(expected);
    }
    // Its invoice is not written against the EUR customer: it fails with that reason.
    const order = orders.find((o) => o.customerId === euro.id && o.status === 'completed');
    const [invoiceLog] = await logOf('invoice', order?.id ?? '');
    expect(invoiceLog?.action).toBe('failed');
    expect(invoiceLog?.message).toContain(`uses EUR; BPro invoices are in USD`);

    // Renamed in QuickBooks, a Re-run creates the BPro customer in USD and links it.
    await qbo.update(
      'Customer',
      {
        Id: eurCustomer.Id,
        SyncToken: eurCustomer.SyncToken ?? '0',
        sparse: true,
        DisplayName: `${name} (EUR)`,
      },
      `eur-rename-${h.tenantId}`,
    );
    expect(await h.recordSync('customer', euro.id)).toMatchObject({ status: 'synced' });
    const link = await findLink(database.db, h.tenantId, 'customer', euro.id);
    expect(link?.qboId).toBeDefined();
    expect(link?.qboId).not.toBe(eurCustomer.Id);
    expect(await qbo.read('Customer', link?.qboId ?? '')).toMatchObject({
      DisplayName: name,
      CurrencyRef: { value: 'USD' },
    });
  });
});
