// Items at the start of an initial sync (activities/sync/items-at-start.ts): while it runs, a
// product's Sku or name, or a category's name, that no item had at its start is not looked up, in
// pages and hooks alike; one an item had is looked up and linked; a name taken since is linked
// after QBO's 6240; once the sync completes, everything is looked up again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncActivities } from '../../activities/sync';
import { loadSnapshot } from '../../activities/sync/snapshot';
import { createSyncRun } from '../../activities/sync/sync-run';
import { findSyncSettings } from '../../db/queries/settings';
import { productCategories, products } from '../../db/schema';
import type { SyncEntity } from '../../workflows/contracts';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { lookupsByKind, notingServices, runPageNoting } from './support/lookup-statements';
import { startSyncHarness, type SyncHarness } from './support/sync-harness';
import { connectTestTemporal } from './support/temporal';

describe('items at the start of an initial sync', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let h: SyncHarness;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    h = await startSyncHarness(database, temporal, { size: 'tiny', seed: 17, disabledMethods: [] });
  });
  afterAll(async () => {
    await h?.close();
    await temporal?.close();
    await database?.close();
  });

  /** One page as the entity set runs it, with the snapshot of now. */
  const page = async (entity: SyncEntity, ids: string[]) =>
    runPageNoting(
      { db: database.db, qbo: h.stack.qbo },
      { tenantId: h.tenantId, snapshot: await loadSnapshot(database.db, h.tenantId), entity, ids },
    );

  const qbo = () => h.stack.qbo.clientFor(h.tenantId);

  it("products while an initial sync runs: a Sku or name no item had at its start is not looked up; one an item had is, and linked; a name taken since is linked after QBO's 6240", async () => {
    const item = (Name: string, extra: object, key: string) =>
      qbo().create('Item', { Name, Type: 'Service', IncomeAccountRef: { value: '1' }, ...extra }, key);
    const had = await item('Tent 20x40 (QB)', { Sku: 'TENT-2040' }, 'sku-at-start-1');
    const lounge = await item('Lounge Set', {}, 'name-at-start-1');
    const linens = await qbo().create('Item', { Name: 'Linens (QB)', Type: 'Category' }, 'cat-at-start-1');
    const activities = createSyncActivities({ db: database.db, qbo: h.stack.qbo });
    await activities.startInitialSync(h.tenantId);
    const saved = await findSyncSettings(database.db, h.tenantId);
    expect(saved?.skusAtStart).toContain('tent-2040');
    expect(saved?.itemNamesAtStart).toEqual(expect.arrayContaining(['tent 20x40 (qb)', 'lounge set']));
    // Made by a person in QuickBooks after the start.
    const since = await item('Heater Tower', {}, 'name-since-1');
    await database.db.insert(products).values([
      {
        tenantId: h.tenantId,
        id: 'sku-new-1',
        name: 'Dance Floor 12x12',
        productNumber: 'FLOOR-1212',
        kind: 'rental',
      },
      {
        tenantId: h.tenantId,
        id: 'sku-had-1',
        name: 'Tent Twenty',
        productNumber: 'TENT-2040',
        kind: 'rental',
      },
    ]);
    const statements: string[] = [];
    const hook = createSyncRun(
      {
        db: database.db,
        qbo: notingServices(h.stack.qbo, statements),
      },
      {
        tenantId: h.tenantId,
        snapshot: await loadSnapshot(database.db, h.tenantId),
        workflowId: 'test-sku-hook',
        priority: 'hook',
      },
    );
    expect(await hook.runOne('product', 'sku-new-1', 'created')).toMatchObject({ status: 'synced' });
    expect(lookupsByKind(statements)['Item.Sku']).toBeUndefined();
    expect(await hook.runOne('product', 'sku-had-1', 'created')).toMatchObject({
      status: 'synced',
      qboId: had.Id,
    });
    expect(lookupsByKind(statements)['Item.Sku']).toHaveLength(1);

    // A page: only the name an item had at the start is looked up (and linked); the name taken
    // since answers the create with 6240, then is looked up and linked.
    await database.db.insert(products).values([
      {
        tenantId: h.tenantId,
        id: 'pg-new',
        name: 'Photo Booth Deluxe',
        productNumber: 'PB-1',
        kind: 'rental',
      },
      { tenantId: h.tenantId, id: 'pg-had', name: 'lounge  set', kind: 'rental' },
      { tenantId: h.tenantId, id: 'pg-since', name: 'Heater Tower', kind: 'rental' },
    ]);
    const { outcomes, lookups } = await page('product', ['pg-new', 'pg-had', 'pg-since']);
    expect(outcomes.map((o) => o.status)).toEqual(['synced', 'synced', 'synced']);
    expect(outcomes[1]?.qboId).toBe(lounge.Id);
    expect(outcomes[2]?.qboId).toBe(since.Id);
    expect(lookups['Item.Sku']).toBeUndefined();
    expect(lookups['Item.Name']?.join(' | ')).toMatch(/lounge +set/i);
    expect(lookups['Item.Name']?.join(' | ')).toMatch(/Heater Tower/);
    expect(lookups['Item.Name']?.join(' | ')).not.toMatch(/Photo Booth/);

    // Categories likewise: a new name is created unlooked-up; one an item had is linked.
    await database.db.insert(productCategories).values([
      { tenantId: h.tenantId, id: 'cat-new', name: 'Chair Covers' },
      { tenantId: h.tenantId, id: 'cat-had', name: 'linens (qb)' },
    ]);
    const cats = await page('productCategory', ['cat-new', 'cat-had']);
    expect(cats.outcomes.map((o) => o.status)).toEqual(['synced', 'synced']);
    expect(cats.outcomes[1]?.qboId).toBe(linens.Id);
    expect(cats.lookups['Item.Name']?.join(' | ')).toMatch(/linens \(qb\)/i);
    expect(cats.lookups['Item.Name']?.join(' | ')).not.toMatch(/Chair Covers/);
    // Once the initial sync is done, a hook looks every Sku up again.
    await activities.finishInitialSync(h.tenantId, {});
    expect(await findSyncSettings(database.db, h.tenantId)).toMatchObject({
      skusAtStart: null,
      itemNamesAtStart: null,
    });
  });
});
