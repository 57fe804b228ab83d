// Record sync of customers and products (issue 5), through the real path: signed BPro hooks over
// HTTP → the API's signalWithStart → recordSync on a real worker → the QBO emulator over HTTP.
// New and edited customers, jobs and products; QBO records made active again or inactive; a
// customer name a vendor already uses. Shared set-up and helpers: ./support/record-*.ts.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { disambiguatedName, QBO_LIMITS } from '../../activities/mapping/names';
import { customers, products } from '../../db/schema';
import { counts, hookAndWait, linkOf, logOf, recordOf } from './support/record-hooks';
import { insertCustomer, insertOrder, newId, productB } from './support/record-rows';
import { database, h, qbo, useRecordSyncTenant } from './support/record-sync-tenant';

describe('record sync: hooks for new, edited, cancelled and voided records reach QuickBooks', () => {
  useRecordSyncTenant();

  // ---- new and edited customers ------------------------------------------------------------

  it('creates a new customer from its hook, then applies an edit as a sparse update (and a new job, an edited product)', async () => {
    const before = await counts('Customer');
    const id = await insertCustomer({
      displayName: 'Hook Harbor Rentals',
      firstName: 'Hana',
      lastName: 'Harbor',
      email: 'hana@harbor.example',
      phone: '555-0101',
    });

    expect(await hookAndWait('customer', id, 'created')).toMatchObject({ status: 'synced' });
    const qboId = await linkOf('customer', id);
    const created = await qbo().read('Customer', qboId);
    expect(created).toMatchObject({
      DisplayName: 'Hook Harbor Rentals',
      GivenName: 'Hana',
      PrimaryEmailAddr: { Address: 'hana@harbor.example' },
    });
    expect((await logOf('customer', id))[0]).toMatchObject({ action: 'created', qboId });
    expect(await recordOf('customer', id)).toMatchObject({ status: 'synced', qboId, running: false });

    // Someone adds a note in QuickBooks by hand: a sparse update leaves fields BPro does not own alone.
    await qbo().update(
      'Customer',
      { Id: qboId, SyncToken: created.SyncToken, sparse: true, Notes: 'Gate code 1234' },
      `hk-notes-${h.tenantId}`,
    );
    await database.db
      .update(customers)
      .set({ phone: '555-0199', companyName: 'Harbor Holdings', updatedAt: new Date() })
      .where(and(eq(customers.tenantId, h.tenantId), eq(customers.id, id)));

    // At the same time: a new job of that customer, and an edited product.
    const jobId = await insertCustomer({ displayName: 'Harbor Summer Fair', parentId: id });
    const productId = 'prd-00003';
    const itemId = await linkOf('product', productId);
    await database.db
      .update(products)
      .set({ salePrice: '55.25', description: 'Setup, per crew hour', updatedAt: new Date() })
      .where(and(eq(products.tenantId, h.tenantId), eq(products.id, productId)));
    const itemsBefore = await counts('Item');

    const [edit, job, product] = await Promise.all([
      hookAndWait('customer', id, 'updated'),
      hookAndWait('customer', jobId, 'created'),
      hookAndWait('product', productId, 'updated'),
    ]);
    expect(edit).toMatchObject({ status: 'synced', qboId });
    expect(job).toMatchObject({ status: 'synced' });
    expect(product).toMatchObject({ status: 'synced', qboId: itemId });
    expect(await qbo().read('Customer', await linkOf('customer', jobId))).toMatchObject({
      DisplayName: 'Harbor Summer Fair',
      Job: true,
      ParentRef: { value: qboId },
    });
    expect(await qbo().read('Item', itemId)).toMatchObject({
      UnitPrice: 55.25,
      Description: 'Setup, per crew hour',
    });
    expect((await logOf('product', productId))[0]).toMatchObject({ action: 'updated', qboId: itemId });
    expect(await counts('Item')).toEqual(itemsBefore);
    const updated = await qbo().read('Customer', qboId);
    expect(updated).toMatchObject({
      DisplayName: 'Hook Harbor Rentals',
      CompanyName: 'Harbor Holdings',
      PrimaryPhone: { FreeFormNumber: '555-0199' },
      PrimaryEmailAddr: { Address: 'hana@harbor.example' },
      Notes: 'Gate code 1234',
    });
    expect(Number(updated.SyncToken)).toBeGreaterThan(Number(created.SyncToken));
    expect((await logOf('customer', id))[0]).toMatchObject({ action: 'updated', qboId });
    expect(await counts('Customer')).toEqual({ Customer: before.Customer + 2 });
  });

  it('makes a customer inactive in BPro active again in QuickBooks when a new order names it (QBO refuses it otherwise)', async () => {
    const customerId = await insertCustomer({ displayName: 'Hook Dormant Diner', isActive: false });
    expect(await hookAndWait('customer', customerId, 'created')).toMatchObject({ status: 'synced' });
    const customerQboId = await linkOf('customer', customerId);
    expect(await qbo().read('Customer', customerQboId)).toMatchObject({ Active: false });
    const orderId = await insertOrder({ customerId, orderDate: '2026-10-12' }, [
      { productId: productB, quantity: '2.0000', unitPrice: '15.00', taxable: false },
    ]);
    expect(await hookAndWait('invoice', orderId, 'completed')).toMatchObject({ status: 'synced' });
    expect(await qbo().read('Customer', customerQboId)).toMatchObject({ Active: true });
    expect((await qbo().read('Invoice', await linkOf('invoice', orderId))).TotalAmt).toBe(30);
    expect((await logOf('customer', customerId))[0]).toMatchObject({
      action: 'warning',
      message: expect.stringMatching(
        /^Made active again in QuickBooks: order .*\(it is inactive in BPro\)$/,
      ) as unknown,
    });
  });

  it('creates a customer inactive in BPro active when a document the sync sends names it (no refused write first)', async () => {
    const customerId = await insertCustomer({ displayName: 'Hook Sleepy Deli', isActive: false });
    const orderId = await insertOrder({ customerId, orderDate: '2026-10-13' }, [
      { productId: productB, quantity: '1.0000', unitPrice: '15.00', taxable: false },
    ]);
    expect(await hookAndWait('invoice', orderId, 'completed')).toMatchObject({ status: 'synced' });
    const customerQboId = await linkOf('customer', customerId);
    expect(await qbo().read('Customer', customerQboId)).toMatchObject({ Active: true });
    const log = await logOf('customer', customerId);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      action: 'created',
      message: expect.stringContaining('Created active in QuickBooks though inactive in BPro') as unknown,
    });
    expect((await qbo().read('Invoice', await linkOf('invoice', orderId))).TotalAmt).toBe(15);
  });

  it('does not overrule a customer or item made inactive in QuickBooks: the order needs attention (issue 12)', async () => {
    const customerId = await insertCustomer({ displayName: 'Hook Closed Account Diner' });
    expect(await hookAndWait('customer', customerId, 'created')).toMatchObject({ status: 'synced' });
    const customerQboId = await linkOf('customer', customerId);
    const current = await qbo().read('Customer', customerQboId);
    await qbo().update(
      'Customer',
      { Id: customerQboId, SyncToken: current.SyncToken ?? '0', Active: false },
      `dormant-${customerQboId}-${current.SyncToken}`,
    );
    const orderId = await insertOrder({ customerId, orderDate: '2026-10-12' }, [
      { productId: productB, quantity: '2.0000', unitPrice: '15.00', taxable: false },
    ]);
    const outcome = await hookAndWait('invoice', orderId, 'completed');
    expect(outcome).toMatchObject({ status: 'needs_attention' });
    expect(outcome.message).toMatch(/was made inactive in QuickBooks \(not by the sync\)/);
    expect(await qbo().read('Customer', customerQboId)).toMatchObject({ Active: false });
  });

  it('makes the QBO customer or item of one deleted in BPro inactive (QuickBooks never deletes them)', async () => {
    const customerId = await insertCustomer({ displayName: 'Hook Short Lived LLC' });
    const productId = newId('hk-prd');
    await database.db.insert(products).values({
      tenantId: h.tenantId,
      id: productId,
      name: 'Hook Short Lived Lantern',
      kind: 'retail',
      salePrice: '12.00',
    });
    await Promise.all([
      hookAndWait('customer', customerId, 'created'),
      hookAndWait('product', productId, 'created'),
    ]);
    const [customerQboId, itemQboId] = [
      await linkOf('customer', customerId),
      await linkOf('product', productId),
    ];
    const before = await counts('Customer', 'Item');

    await database.db
      .delete(customers)
      .where(and(eq(customers.tenantId, h.tenantId), eq(customers.id, customerId)));
    await database.db
      .delete(products)
      .where(and(eq(products.tenantId, h.tenantId), eq(products.id, productId)));
    const [customer, product] = await Promise.all([
      hookAndWait('customer', customerId, 'deleted'),
      hookAndWait('product', productId, 'deleted'),
    ]);
    expect(customer).toMatchObject({ status: 'synced', qboId: customerQboId });
    expect(product).toMatchObject({ status: 'synced', qboId: itemQboId });
    expect(await qbo().read('Customer', customerQboId)).toMatchObject({ Active: false });
    expect(await qbo().read('Item', itemQboId)).toMatchObject({ Active: false });
    expect((await logOf('customer', customerId))[0]).toMatchObject({
      action: 'updated',
      message: 'Deleted in BPro: made inactive in QuickBooks',
    });
    expect(await counts('Customer', 'Item')).toEqual(before);
  });

  // ---- a name a vendor uses ------------------------------------------------------------------

  it('creates a customer whose name a vendor uses under the disambiguated name, with a warning', async () => {
    const tag = h.tenantId.slice(-6);
    await qbo().create('Vendor', { DisplayName: 'Hook Tent Supply' }, `hk-v1-${tag}`);
    const before = await counts('Customer', 'Vendor');
    const id = await insertCustomer({ displayName: 'Hook Tent Supply', phone: '555-0300' });

    expect(await hookAndWait('customer', id, 'created')).toMatchObject({ status: 'synced' });
    const qboId = await linkOf('customer', id);
    const expectedName = disambiguatedName('Hook Tent Supply', id, QBO_LIMITS.displayName);
    expect(expectedName).toBe(`Hook Tent Supply (BPro #${id})`);
    expect(await qbo().read('Customer', qboId)).toMatchObject({ DisplayName: expectedName });
    const log = await logOf('customer', id);
    expect(log.map((e) => e.action)).toEqual(['created', 'warning']);
    expect(log[1]?.message).toContain(expectedName);
    expect(await counts('Customer', 'Vendor')).toEqual({
      Customer: before.Customer + 1,
      Vendor: before.Vendor,
    });

    // An edit keeps the disambiguated name (QuickBooks would refuse the plain one again).
    await database.db
      .update(customers)
      .set({ phone: '555-0301', updatedAt: new Date() })
      .where(and(eq(customers.tenantId, h.tenantId), eq(customers.id, id)));
    expect(await hookAndWait('customer', id, 'updated')).toMatchObject({ status: 'synced', qboId });
    expect(await qbo().read('Customer', qboId)).toMatchObject({
      DisplayName: expectedName,
      PrimaryPhone: { FreeFormNumber: '555-0301' },
    });
    expect(await counts('Customer')).toEqual({ Customer: before.Customer + 1 });
  });
});
