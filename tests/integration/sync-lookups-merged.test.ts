// Calls per record near 1 (issue 13): a page of an initial sync looks its records up with one
// query per lookup kind (`DisplayName IN (…)`, `DocNumber IN (…)`, `Id IN (…)` for the invoices
// payments apply to), and not at all for a kind the company had none of when the sync started;
// an existing customer of the same name (another case) is linked, not duplicated, either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncActivities } from '../../activities/sync';
import { loadSnapshot } from '../../activities/sync/snapshot';
import { createSyncRun } from '../../activities/sync/sync-run';
import { invoiceBalances } from '../../activities/sync/invoice-balances';
import { findLink } from '../../db/queries/entity-links';
import { customers } from '../../db/schema';
import { PAYMENT_METHODS } from '../../qbo-emulator/seed-data';
import type { SyncEntity, SyncSnapshot } from '../../workflows/contracts';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { startSyncHarness, type SyncHarness } from './support/sync-harness';
import { connectTestTemporal } from './support/temporal';

import { runPageNoting } from './support/lookup-statements';

describe('lookups of an initial-sync page', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let h: SyncHarness;
  let snapshot: SyncSnapshot;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    h = await startSyncHarness(database, temporal, { size: 'tiny', seed: 13, disabledMethods: [] });
    snapshot = await loadSnapshot(database.db, h.tenantId);
  });
  afterAll(async () => {
    await h?.close();
    await temporal?.close();
    await database?.close();
  });

  /** One page as the entity set runs it: its own batching run; returns outcomes and lookups. */
  const page = (entity: SyncEntity, ids: string[], pageSnapshot: SyncSnapshot = snapshot) =>
    runPageNoting(
      { db: database.db, qbo: h.stack.qbo },
      { tenantId: h.tenantId, snapshot: pageSnapshot, entity, ids },
    );

  const qbo = () => h.stack.qbo.clientFor(h.tenantId);
  const newCustomers = async (prefix: string, n: number) => {
    const ids = Array.from({ length: n }, (_, i) => `${prefix.replace(/\W/g, '-')}-${i + 1}`);
    await database.db
      .insert(customers)
      .values(ids.map((id, i) => ({ tenantId: h.tenantId, id, displayName: `${prefix} ${i + 1}` })));
    return ids;
  };
  const inQbo = async (prefix: string) =>
    (await qbo().queryAll('Customer', [{ field: 'DisplayName', op: 'LIKE', value: `${prefix}%` }])).length;

  it('the start of an initial sync notes the kinds the company has none of (a new company: invoices)', async () => {
    const started = await createSyncActivities({ db: database.db, qbo: h.stack.qbo }).startInitialSync(
      h.tenantId,
    );
    expect(started.emptyAtStart).toEqual(['Invoice']);
    expect(started).toMatchObject({ ...snapshot, emptyAtStart: ['Invoice'] });
  });

  it('a page of customers: one DisplayName query; one named alike in another case is linked', async () => {
    const ids = await newCustomers('Merge Rentals', 12);
    const existing = await qbo().create('Customer', { DisplayName: 'MERGE RENTALS 4' }, 'merge-existing-4');
    const { outcomes, lookups } = await page('customer', ids);
    expect(lookups['Customer.DisplayName']).toHaveLength(1);
    expect(lookups['Customer.DisplayName']?.[0]).toContain('DisplayName IN (');
    expect(outcomes[3]).toMatchObject({ status: 'synced', qboId: existing.Id });
    expect(outcomes.filter((o) => o.status === 'synced')).toHaveLength(12);
    expect(await inQbo('Merge Rentals')).toBe(12);
  });

  it('none at the start, one made since: not looked up, and the 6240 links the one made since', async () => {
    const ids = await newCustomers('Fresh Events', 6);
    // Made after the (simulated) count found no customers: e.g. by a person in QuickBooks.
    const since = await qbo().create('Customer', { DisplayName: 'fresh events 3' }, 'fresh-since-3');
    const { outcomes, lookups } = await page('customer', ids, { ...snapshot, emptyAtStart: ['Customer'] });
    // The only lookup is the one after QBO's 6240 for the name that was taken.
    expect(lookups['Customer.DisplayName']).toEqual([
      expect.stringContaining("DisplayName = 'Fresh Events 3'"),
    ]);
    expect(outcomes[2]).toMatchObject({ status: 'synced', qboId: since.Id });
    expect(outcomes.filter((o) => o.status === 'synced')).toHaveLength(6);
    expect(await inQbo('Fresh Events')).toBe(6);
    // A hook (no emptyAtStart in its snapshot) still looks its record up.
    const [hookId] = await newCustomers('Fresh Hook', 1);
    await qbo().create('Customer', { DisplayName: 'FRESH HOOK 1' }, 'fresh-hook-1');
    const hook = createSyncRun(
      { db: database.db, qbo: h.stack.qbo },
      { tenantId: h.tenantId, snapshot, workflowId: 'test-hook' },
    );
    expect(await hook.runOne('customer', hookId ?? '', 'created')).toMatchObject({ status: 'synced' });
    expect(await inQbo('Fresh Hook')).toBe(1);
  });

  it('pages of invoices and payments: one DocNumber query; payments read no invoice this worker wrote, one Id query for the others', async () => {
    const d = h.dataset;
    await page(
      'productCategory',
      d.productCategories.map((c) => c.id),
    );
    await page(
      'product',
      d.products.map((p) => p.id),
    );
    await page(
      'customer',
      d.customers.filter((c) => !c.parentId).map((c) => c.id),
    );
    await page(
      'customer',
      d.customers.filter((c) => c.parentId).map((c) => c.id),
    );

    const orders = d.orders.slice(0, d.orders.length / 2);
    const invoices = await page(
      'invoice',
      orders.map((o) => o.id),
    );
    const synced = invoices.outcomes.filter((o) => o.status === 'synced');
    expect(synced.length).toBeGreaterThan(5);
    expect(Object.keys(invoices.lookups)).toEqual(['Invoice.DocNumber']);
    expect(invoices.lookups['Invoice.DocNumber']).toHaveLength(1);

    // One payment per invoice (payments of one invoice go one after the other), by a method the
    // company has (the others fail: a person creates the method in QuickBooks).
    const inQboMethods = new Set(PAYMENT_METHODS.map(([name]) => name));
    const methodOf = new Map(d.paymentMethods.map((m) => [m.id, m.name]));
    const syncedOrders = new Set(
      orders.filter((_, i) => invoices.outcomes[i]?.status === 'synced').map((o) => o.id),
    );
    const seen = new Set<string>();
    const payments = d.payments.filter((p) => {
      if (!p.orderId || !syncedOrders.has(p.orderId) || seen.has(p.orderId)) return false;
      if (!inQboMethods.has(methodOf.get(p.paymentMethodId) ?? '')) return false;
      seen.add(p.orderId);
      return true;
    });
    expect(payments.length).toBeGreaterThan(2);
    const third = Math.ceil(payments.length / 3);
    // This worker wrote their invoices: the balances QBO answered cover the payments, no read.
    const known = await page(
      'payment',
      payments.slice(0, third).map((p) => p.id),
    );
    expect(known.outcomes.every((o) => o.status === 'synced')).toBe(true);
    expect(known.lookups).toEqual({});
    // Invoices another worker wrote (their balances unknown here): one merged Id query.
    const others = payments.slice(third);
    for (const p of others) {
      const link = await findLink(database.db, h.tenantId, 'invoice', p.orderId ?? '');
      invoiceBalances.forget(h.tenantId, link?.qboId ?? '');
    }
    const paid = await page(
      'payment',
      others.map((p) => p.id),
    );
    expect(paid.outcomes.every((o) => o.status === 'synced')).toBe(true);
    expect(Object.keys(paid.lookups)).toEqual(['Invoice.Id']);
    expect(paid.lookups['Invoice.Id']).toHaveLength(1);
    expect(paid.lookups['Invoice.Id']?.[0]).toContain('Id IN (');
  });

  it('an initial sync that found no invoices at its start does not look invoices up', async () => {
    const orders = h.dataset.orders.slice(h.dataset.orders.length / 2);
    const { outcomes, lookups } = await page(
      'invoice',
      orders.map((o) => o.id),
      { ...snapshot, emptyAtStart: ['Invoice'] },
    );
    expect(outcomes.filter((o) => o.status === 'synced').length).toBeGreaterThan(5);
    expect(outcomes.every((o) => o.status !== 'failed')).toBe(true);
    expect(lookups['Invoice.DocNumber']).toBeUndefined();
  });
});
