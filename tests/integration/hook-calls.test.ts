// What an order hook costs in QuickBooks calls (issue 13): its new customer and products synced
// together (their lookups and creates share batches), and the company's lists (preferences,
// accounts) read once per company rather than per hook. Counted as HTTP requests the emulator
// answered for the realm (a batch is one request), as QBO's rate limits count them. The change
// poller stays idle here (its first poll only marks the start; the next is minutes away).
import { describe, expect, it } from 'vitest';
import { bumpListsVersion } from '../../db/queries/company-lists';
import { products } from '../../db/schema';
import { hookAndWait, linkOf } from './support/record-hooks';
import { insertCustomer, insertOrder, newId, productA } from './support/record-rows';
import { database, h, useRecordSyncTenant } from './support/record-sync-tenant';

async function newProduct(name: string): Promise<string> {
  const id = newId('hc-prd');
  await database.db.insert(products).values({
    tenantId: h.tenantId,
    id,
    name,
    productNumber: `HC-${id}`,
    kind: 'service',
    salePrice: '12.00',
  });
  return id;
}

/** QBO requests the realm answered while `run` ran. */
async function requestsDuring(run: () => Promise<unknown>): Promise<number> {
  const before = (await h.qboStats()).requests;
  await run();
  return (await h.qboStats()).requests - before;
}

async function orderHook(customerId: string, productIds: string[]) {
  const orderId = await insertOrder(
    { customerId, orderDate: '2026-10-05', taxId: 'tax-01', termId: h.dataset.terms[0]?.id ?? null },
    productIds.map((productId) => ({ productId, quantity: '1.0000', unitPrice: '12.00' })),
  );
  const requests = await requestsDuring(async () =>
    expect(await hookAndWait('invoice', orderId, 'completed')).toMatchObject({ status: 'synced' }),
  );
  await linkOf('invoice', orderId);
  return requests;
}

describe('an order hook: its dependencies together, the company lists cached', () => {
  useRecordSyncTenant();

  // The initial sync (in this process's worker) has read the company's lists already.
  it('a new customer and three new products: the customer created at once, the products looked up and created in batches, then the invoice', async () => {
    const customerId = await insertCustomer({ displayName: 'Hook Calls Party Co' });
    const productIds = await Promise.all(['Alpha', 'Beta', 'Gamma'].map((n) => newProduct(`HC Lamp ${n}`)));
    // The customer's create (a hook's customer is created before any lookup: lookups.ts
    // createsFirst) beside 1 batch: Sku IN, Name IN; 1 batch: 3 creates; DocNumber lookup;
    // invoice create. (One after another, with lists read per hook: 15.)
    expect(await orderHook(customerId, productIds)).toBe(5);
    await Promise.all([linkOf('customer', customerId), ...productIds.map((p) => linkOf('product', p))]);

    // All linked: the DocNumber lookup and the create; no preferences or accounts read.
    expect(await orderHook(customerId, productIds)).toBe(2);
  });

  it("a change to the company's lists (its version moved on in the database) is read again once", async () => {
    const customerId = await insertCustomer({ displayName: 'Hook Calls Version Co' });
    expect(await orderHook(customerId, [productA])).toBe(3); // customer create, DocNumber, invoice
    await bumpListsVersion(database.db, h.tenantId);
    expect(await orderHook(customerId, [productA])).toBe(3); // preferences read again
    expect(await orderHook(customerId, [productA])).toBe(2);
  });
});
