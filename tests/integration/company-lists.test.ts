// The company's lists kept across runs (activities/sync/company-lists.ts) follow QuickBooks: a
// payment method added or renamed there is seen by the next hook once the change poller (every
// second here) has seen the change and moved the tenant's lists version on, not after the expiry.
// The hooks here are plain BPro edits (no support re-run: those read the lists afresh anyway), and
// no record waits for the methods changed, so no re-run of the poller's hides a stale list.
import { describe, expect, it } from 'vitest';
import { findConnection } from '../../db/queries/qbo-connections';
import { savePaymentMethodSettings } from '../../db/queries/settings';
import { paymentMethods } from '../../db/schema';
import { hookAndWait, linkOf } from './support/record-hooks';
import { insertCustomer, insertOrder, insertPayment, methodId, productA } from './support/record-rows';
import { database, h, qbo, useRecordSyncTenant } from './support/record-sync-tenant';
import { until } from './support/resilience-probes';
import { CompanyLists } from '../../activities/sync/company-lists';
import { RecordTasks } from '../../activities/sync/record-tasks';
import { MemoCache } from '../../activities/sync/run-cache';

const listsVersion = async () => (await findConnection(database.db, h.tenantId))?.listsVersion ?? -1;

/** A BPro payment method no record has used yet (none waits for it: the poller re-runs nothing). */
async function newMethod(name: string): Promise<string> {
  const id = `lists-pm-${name.replace(/\W/g, '')}`;
  await database.db.insert(paymentMethods).values({ tenantId: h.tenantId, id, name });
  await savePaymentMethodSettings(database.db, h.tenantId, [{ bproId: id, enabled: true }]);
  return id;
}

/** A new customer's order and a payment of it by `methodBproId`, through their hooks; the payment's outcome. */
async function paymentBy(name: string, methodBproId: string) {
  const customerId = await insertCustomer({ displayName: name });
  const orderId = await insertOrder({ customerId, orderDate: '2026-03-01' }, [
    { productId: productA, quantity: '1', unitPrice: '40.00' },
  ]);
  expect(await hookAndWait('invoice', orderId, 'completed')).toMatchObject({ status: 'synced' });
  const paymentId = await insertPayment({
    customerId,
    orderId,
    paymentMethodId: methodBproId,
    amount: '40.00',
    receivedOn: '2026-03-02',
  });
  return { paymentId, outcome: await hookAndWait('payment', paymentId, 'created') };
}

/** Waits for the poller to move the lists version on past `before`. */
const pollerSawIt = (before: number) =>
  until('the poller to see the list change', async () => (await listsVersion()) > before);

describe('company lists kept across hooks follow QuickBooks through the change poller', () => {
  useRecordSyncTenant({ env: { QBO_CHANGE_POLL_SECONDS: '1' } });

  it('a payment method added in QuickBooks is used by the next hook; renamed, it is no longer matched', async () => {
    // A payment by Cash reads the company's payment methods: Venmo is not among them yet.
    expect((await paymentBy('Lists Cash Co', methodId('Cash'))).outcome).toMatchObject({ status: 'synced' });
    const venmo = await newMethod('Lists Venmo');

    const before = await listsVersion();
    const added = await qbo().create('PaymentMethod', { Name: 'Lists Venmo' }, 'lists-add-venmo');
    await pollerSawIt(before);
    const paid = await paymentBy('Lists Venmo Co', venmo);
    expect(paid.outcome).toMatchObject({ status: 'synced' });
    const payment = await qbo().read('Payment', await linkOf('payment', paid.paymentId));
    expect(payment.PaymentMethodRef).toMatchObject({ value: added.Id });

    const renamedAt = await listsVersion();
    const current = await qbo().read('PaymentMethod', added.Id);
    await qbo().update(
      'PaymentMethod',
      { Id: added.Id, SyncToken: current.SyncToken ?? '0', Name: 'Lists Venmo (old)' },
      'lists-rename-venmo',
    );
    await pollerSawIt(renamedAt);
    const renamed = await paymentBy('Lists Renamed Co', venmo);
    expect(renamed.outcome).toMatchObject({ status: 'failed' });
    expect(renamed.outcome.message).toMatch(/The payment method "Lists Venmo" does not exist in QuickBooks/);
  }, 120_000);

  it('the sync forgetting a list it changed (a tax code create) drops it for every worker', async () => {
    const lists = new CompanyLists();
    const cache = new MemoCache(new RecordTasks(), { tenantId: h.tenantId, db: database.db, lists });
    let loads = 0;
    const load = () => Promise.resolve(['a tax code', ++loads]);
    await cache.get('taxCodes', load);
    await cache.get('accounts', load);
    const before = await listsVersion();
    cache.forget('taxCodes');
    expect(lists.get(h.tenantId, 'taxCodes', load).source).toBe('loaded');
    // The version it moved on drops the company's other lists too (here once written; elsewhere
    // at every other worker's next company-gate read).
    await until('the version write', () =>
      Promise.resolve(lists.get(h.tenantId, 'accounts', load).source === 'loaded'),
    );
    expect(await listsVersion()).toBeGreaterThan(before);
  });
});
