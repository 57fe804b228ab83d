// Record sync never duplicates a QBO record (issue 5), through the real path: signed BPro hooks
// over HTTP → the API → recordSync on a real worker → the QBO emulator. Concurrent and duplicate
// hooks coalesce; existing QBO customers and items are linked, but only when they truly match.
// Shared set-up and helpers: ./support/record-*.ts.
import { describe, expect, it } from 'vitest';
import { disambiguatedName, QBO_LIMITS } from '../../activities/mapping/names';
import { products } from '../../db/schema';
import { counts, hookAndWait, linkOf, logOf, postHook, resultOf } from './support/record-hooks';
import { insertCustomer, insertOrder, newId, productA, productB } from './support/record-rows';
import { database, h, qbo, temporal, useRecordSyncTenant } from './support/record-sync-tenant';

describe('record sync: hooks for new, edited, cancelled and voided records reach QuickBooks', () => {
  useRecordSyncTenant();

  // ---- duplicate and concurrent hooks --------------------------------------------------------

  it('makes one QBO record from concurrent and duplicate hooks, coalesced in one execution', async () => {
    const before = await counts('Customer', 'Invoice');
    const customerId = await insertCustomer({ displayName: 'Hook Concurrent Catering' });
    const orderId = await insertOrder({ customerId, orderDate: '2026-10-03' }, [
      { productId: productA, quantity: '1.0000', unitPrice: '120.00' },
    ]);
    // A second order of the same new customer, hooked at the same time: one customer, not two.
    const otherOrderId = await insertOrder({ customerId, orderDate: '2026-10-04' }, [
      { productId: productB, quantity: '2.0000', unitPrice: '15.00' },
    ]);

    const ids = await Promise.all([
      ...Array.from({ length: 5 }, () => postHook('invoice', orderId, 'completed')),
      postHook('invoice', otherOrderId, 'completed'),
    ]);
    const workflowId = ids[0] ?? '';
    expect(new Set(ids.slice(0, 5))).toEqual(new Set([workflowId]));
    const handle = temporal.client.workflow.getHandle(workflowId);
    const { runId } = await handle.describe();
    const [outcome] = await Promise.all([resultOf(workflowId), resultOf(ids[5] ?? '')]);
    expect(outcome).toMatchObject({ status: 'synced' });
    const history = await temporal.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const signals = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes);
    expect(signals).toHaveLength(5);
    // Every signal landed in that one run, which is the latest (and only) one.
    expect((await handle.describe()).runId).toBe(runId);

    // Two more duplicates after it finished: new executions that find the link and change nothing.
    for (let i = 0; i < 2; i += 1)
      expect(await hookAndWait('invoice', orderId, 'completed')).toMatchObject({
        status: 'synced',
        qboId: await linkOf('invoice', orderId),
      });
    expect(await counts('Customer', 'Invoice')).toEqual({
      Customer: before.Customer + 1,
      Invoice: before.Invoice + 2,
    });
    const invoices = await qbo().queryAll('Invoice', [
      { field: 'DocNumber', op: '=', value: `H-${orderId.replace(/\D/g, '')}` },
    ]);
    expect(invoices).toHaveLength(1);
    const created = (await logOf('invoice', orderId)).filter((e) => e.action === 'created');
    expect(created).toHaveLength(1);
  });

  // ---- existing QBO records are linked ------------------------------------------------------

  it('links an existing QBO customer or item with the same name (or Sku) instead of duplicating it', async () => {
    const client = qbo();
    const income = (await client.accounts('all')).find((a) => a.AccountType === 'Income');
    const tag = h.tenantId.slice(-6);
    const [existingCustomer, inactiveCustomer, bySku, byName] = await Promise.all([
      client.create('Customer', { DisplayName: 'Hook Existing Events' }, `hk-c1-${tag}`),
      client.create('Customer', { DisplayName: 'Hook Dormant Events', Active: false }, `hk-c2-${tag}`),
      client.create(
        'Item',
        {
          Name: 'Hook Canopy (QBO name)',
          Sku: 'HK-SKU-1',
          Type: 'Service',
          IncomeAccountRef: { value: income?.Id },
        },
        `hk-i1-${tag}`,
      ),
      client.create(
        'Item',
        { Name: 'Hook Chiavari Chair', Type: 'Service', IncomeAccountRef: { value: income?.Id } },
        `hk-i2-${tag}`,
      ),
    ]);
    const before = await counts('Customer', 'Item');

    const customerId = await insertCustomer({ displayName: 'Hook Existing Events' });
    const dormantId = await insertCustomer({ displayName: '  Hook Dormant Events ' });
    const skuProduct = newId('hk-prd');
    const nameProduct = newId('hk-prd');
    await database.db.insert(products).values([
      {
        tenantId: h.tenantId,
        id: skuProduct,
        name: 'Hook Canopy 20x20',
        productNumber: 'HK-SKU-1',
        kind: 'service',
        salePrice: '80.00',
      },
      {
        tenantId: h.tenantId,
        id: nameProduct,
        name: 'Hook Chiavari Chair',
        kind: 'service',
        salePrice: '4.50',
      },
    ]);

    const outcomes = await Promise.all([
      hookAndWait('customer', customerId, 'created'),
      hookAndWait('customer', dormantId, 'created'),
      hookAndWait('product', skuProduct, 'created'),
      hookAndWait('product', nameProduct, 'created'),
    ]);
    expect(outcomes.map((o) => o.qboId)).toEqual([
      existingCustomer.Id,
      inactiveCustomer.Id,
      bySku.Id,
      byName.Id,
    ]);
    for (const [entity, id, qboId] of [
      ['customer', customerId, existingCustomer.Id],
      ['customer', dormantId, inactiveCustomer.Id],
      ['product', skuProduct, bySku.Id],
      ['product', nameProduct, byName.Id],
    ] as const) {
      expect(await linkOf(entity, id)).toBe(qboId);
      const log = await logOf(entity, id);
      expect(log, `${entity} ${id}`).toHaveLength(1);
      expect(log[0], `${entity} ${id}`).toMatchObject({ action: 'linked', qboId });
    }
    expect(await counts('Customer', 'Item')).toEqual(before);
  });

  it('does not link a job to a top-level customer, nor a product to an item with another Sku', async () => {
    const client = qbo();
    const income = (await client.accounts('all')).find((a) => a.AccountType === 'Income');
    const tag = h.tenantId.slice(-6);
    const [topLevel, otherSku] = await Promise.all([
      client.create('Customer', { DisplayName: 'Hook Spring Gala' }, `hk-c3-${tag}`),
      client.create(
        'Item',
        {
          Name: 'Hook Folding Table',
          Sku: 'QB-OTHER-9',
          Type: 'Service',
          IncomeAccountRef: { value: income?.Id },
        },
        `hk-i3-${tag}`,
      ),
    ]);
    const before = await counts('Customer', 'Item');
    const parentId = await insertCustomer({ displayName: 'Hook Spring Committee' });
    const jobId = await insertCustomer({ displayName: 'Hook Spring Gala', parentId });
    const productId = newId('hk-prd');
    await database.db.insert(products).values({
      tenantId: h.tenantId,
      id: productId,
      name: 'Hook Folding Table',
      productNumber: 'HK-SKU-2',
      kind: 'service',
      salePrice: '9.00',
    });

    const [job, product] = await Promise.all([
      hookAndWait('customer', jobId, 'created'),
      hookAndWait('product', productId, 'created'),
    ]);
    expect(job).toMatchObject({ status: 'synced' });
    expect(product).toMatchObject({ status: 'synced' });
    expect(job.qboId).not.toBe(topLevel.Id);
    expect(product.qboId).not.toBe(otherSku.Id);
    expect(await client.read('Customer', await linkOf('customer', jobId))).toMatchObject({
      DisplayName: disambiguatedName('Hook Spring Gala', jobId, QBO_LIMITS.displayName),
      Job: true,
      ParentRef: { value: await linkOf('customer', parentId) },
    });
    expect(await client.read('Item', await linkOf('product', productId))).toMatchObject({
      Name: disambiguatedName('Hook Folding Table', productId, QBO_LIMITS.itemName),
      Sku: 'HK-SKU-2',
    });
    expect((await logOf('customer', jobId)).map((e) => e.action)).toEqual(['created', 'warning']);
    expect((await logOf('product', productId)).map((e) => e.action)).toEqual(['created', 'warning']);
    expect(await counts('Customer', 'Item')).toEqual({
      Customer: before.Customer + 2,
      Item: before.Item + 1,
    });
  });
});
