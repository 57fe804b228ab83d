// Inventory start dates (QuickBooks refuses a sale dated before an item's InvStartDate: 6270, and
// keeps an item's start date when the API updates it), through the real path: the initial sync
// through the API, signed BPro hooks, a real worker and the QBO emulator over HTTP. Two tenants
// with back-dated orders, one with a sync start date and one syncing everything (history imported
// into BPro): a product created in BPro after some of its orders, an order entered back-dated
// after the initial sync, an item already in QuickBooks starting after BPro's orders of it. The
// invoices and their payments sync; what only the user can fix says exactly what to change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLink } from '../../db/queries/entity-links';
import { customers, orderLines, orders, payments, products } from '../../db/schema';
import type { HookEvent, RecordOutcome, SyncEntity } from '../../workflows/contracts';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { postSignedHook } from './support/signed-hooks';
import { startSyncHarness, type SyncHarness } from './support/sync-harness';
import { connectTestTemporal } from './support/temporal';

let database: TestDatabase;
let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
let h: SyncHarness;
const qbo = () => h.stack.qbo.clientFor(h.tenantId);

const CUSTOMER = 'isd-cus-1';
/** Created in BPro on 2026-05-01, after some of its orders (history imported into BPro). */
const LATE = { id: 'isd-prd-late', name: 'Start Date Marquee Tent', sku: 'ISD-LATE', created: '2026-05-01' };
/** Already in QuickBooks (same Sku) with start date 2026-06-01; created in BPro on 2026-01-05. */
const EXISTING = { id: 'isd-prd-old', name: 'Start Date Lantern', sku: 'ISD-OLD', created: '2026-01-05' };

type Json = Record<string, unknown>;
type LogEntry = {
  entity: string;
  bproId: string;
  action: string;
  message: string | null;
  qboId: string | null;
};

async function insertProduct(p: typeof LATE, kind: 'rental' | 'retail') {
  await database.db.insert(products).values({
    tenantId: h.tenantId,
    id: p.id,
    name: p.name,
    productNumber: p.sku,
    kind,
    trackInventory: true,
    qtyOnHand: '10.0000',
    salePrice: '25.00',
    rentalPrice: kind === 'rental' ? '40.00' : null,
    createdAt: new Date(`${p.created}T15:00:00Z`),
  });
}

/** A completed order of one line (no tax) and its full payment in cash on the same day. */
async function insertPaidOrder(id: string, orderDate: string, productId: string, unitPrice: string) {
  await database.db.insert(orders).values({
    tenantId: h.tenantId,
    id,
    customerId: CUSTOMER,
    number: `ISD-${id.replace(/\D/g, '')}`,
    status: 'completed',
    orderDate,
    completedAt: new Date(`${orderDate}T18:00:00Z`),
  });
  await database.db.insert(orderLines).values({
    tenantId: h.tenantId,
    id: `${id}-l1`,
    orderId: id,
    lineNo: 1,
    productId,
    quantity: '2.0000',
    unitPrice,
    taxable: false,
  });
  const cash = h.dataset.paymentMethods.find((m) => m.name === 'Cash');
  await database.db.insert(payments).values({
    tenantId: h.tenantId,
    id: `${id}-pay`,
    customerId: CUSTOMER,
    orderId: id,
    paymentMethodId: cash?.id ?? 'pm-01',
    amount: (Number(unitPrice) * 2).toFixed(2),
    receivedOn: orderDate,
  });
}

/** The item someone made in QuickBooks before the sync, starting later than its BPro sales. */
async function createExistingItem() {
  const accounts = await qbo().accounts('all');
  const id = (name: string) => accounts.find((a) => a.Name === name)?.Id ?? '';
  return qbo().create(
    'Item',
    {
      Name: EXISTING.name,
      Sku: EXISTING.sku,
      Type: 'Inventory',
      TrackQtyOnHand: true,
      QtyOnHand: 3,
      InvStartDate: '2026-06-01',
      UnitPrice: 25,
      IncomeAccountRef: { value: id('Sales of Product Income') },
      ExpenseAccountRef: { value: id('Cost of Goods Sold') },
      AssetAccountRef: { value: id('Inventory Asset') },
    },
    'isd-existing-item',
  );
}

async function postHook(entity: SyncEntity, id: string, event: HookEvent): Promise<RecordOutcome> {
  const workflowId = await postSignedHook(h, entity, id, event);
  return (await temporal.client.workflow.getHandle(workflowId).result()) as RecordOutcome;
}

async function api(path: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
  const res = await h.stack.api(`/api/v1/tenants/${h.tenantId}/qbo${path}`, init);
  return { status: res.status, body: (await res.json()) as Json };
}

async function logOf(entity: SyncEntity, id: string): Promise<LogEntry[]> {
  const { body } = await api(`/log?entity=${entity}&limit=200`);
  return (body.entries as LogEntry[]).filter((e) => e.bproId === id);
}

async function linkOf(entity: SyncEntity, id: string): Promise<string> {
  const link = await findLink(database.db, h.tenantId, entity, id);
  expect(link, `${entity} ${id} is linked (log: ${JSON.stringify(await logOf(entity, id))})`).not.toBeNull();
  return link?.qboId ?? '';
}

const startDateOf = async (productId: string) =>
  String((await qbo().read('Item', await linkOf('product', productId))).InvStartDate).slice(0, 10);

/** The record's outcome as support sees it (GET …/qbo/records/:entity/:id). */
const recordOf = async (entity: SyncEntity, id: string) => (await api(`/records/${entity}/${id}`)).body;

async function expectPaid(orderId: string, txnDate: string) {
  const invoice = await qbo().read('Invoice', await linkOf('invoice', orderId));
  expect(invoice).toMatchObject({ TxnDate: txnDate, Balance: 0 });
  await linkOf('payment', `${orderId}-pay`);
}

/** A tiny generated tenant, our customer and products added, its initial sync run through the API. */
async function startTenant(startDate: string | null, seed: () => Promise<void>) {
  h = await startSyncHarness(database, temporal, { size: 'tiny', startDate });
  await database.db.insert(customers).values({
    tenantId: h.tenantId,
    id: CUSTOMER,
    displayName: 'Start Date Banquets',
    createdAt: new Date('2025-06-01T10:00:00Z'),
  });
  await seed();
  const started = await h.stack.api(`/api/v1/tenants/${h.tenantId}/qbo/initial-sync`, { method: 'POST' });
  expect(started.status).toBe(202);
  const { workflowId } = (await started.json()) as { workflowId: string };
  await temporal.client.workflow.getHandle(workflowId).result();
}

beforeAll(async () => {
  [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
});
afterAll(async () => {
  await temporal?.close();
  await database?.close();
});

describe('with a sync start date: every order the sync writes is on or after the items’ start dates', () => {
  let existingItemId = '';
  beforeAll(async () => {
    await startTenant('2026-01-01', async () => {
      await insertProduct(LATE, 'rental');
      await insertProduct(EXISTING, 'retail');
      await insertPaidOrder('isd-ord-1', '2026-02-10', LATE.id, '40.00');
      await insertPaidOrder('isd-ord-2', '2026-04-01', LATE.id, '40.00');
      await insertPaidOrder('isd-ord-3', '2026-03-05', EXISTING.id, '25.00');
      existingItemId = (await createExistingItem()).Id;
    });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('a product created after some of its orders starts on the sync start date; its invoices and payments sync', async () => {
    expect(await startDateOf(LATE.id)).toBe('2026-01-01');
    await expectPaid('isd-ord-1', '2026-02-10');
    await expectPaid('isd-ord-2', '2026-04-01');
  });

  it('an order entered back-dated after the initial sync, before the product was created, syncs with its payment', async () => {
    await insertPaidOrder('isd-ord-4', '2026-01-15', LATE.id, '40.00');
    const invoice = await postHook('invoice', 'isd-ord-4', 'completed');
    expect(invoice, invoice.message).toMatchObject({ status: 'synced' });
    expect(await postHook('payment', 'isd-ord-4-pay', 'created')).toMatchObject({ status: 'synced' });
    await expectPaid('isd-ord-4', '2026-01-15');
    expect(await startDateOf(LATE.id)).toBe('2026-01-01');
  });

  it('an item already in QuickBooks starting after BPro’s orders: linked, with a warning and the date to set', async () => {
    expect(await linkOf('product', EXISTING.id)).toBe(existingItemId);
    const warning = (await logOf('product', EXISTING.id)).find((e) => e.action === 'warning');
    expect(warning?.message).toBe(
      `QuickBooks item "${EXISTING.name}" starts its inventory on 2026-06-01, but BPro has orders of it from 2026-03-05: ` +
        `QuickBooks refuses their invoices, and the sync cannot move an item's start date. ` +
        `In QuickBooks, open item "${EXISTING.name}" and set its inventory start date to 2026-01-01 or earlier, then press Re-run on the invoices it refused.`,
    );
  });

  it('its invoice fails with the item and the date to change, not QuickBooks’ text; so does the payment', async () => {
    const invoice = await recordOf('invoice', 'isd-ord-3');
    expect(invoice.status).toBe('failed');
    expect(invoice.lastError).toBe(
      `QuickBooks refused invoice ISD-3: it is dated 2026-03-05, before the inventory start date of "${EXISTING.name}" (2026-06-01). ` +
        `In QuickBooks, open item "${EXISTING.name}" and set its inventory start date to 2026-03-05 or earlier, then press Re-run. [QuickBooks error 6270]`,
    );
    const payment = await recordOf('payment', 'isd-ord-3-pay');
    expect(payment.status).toBe('failed');
    expect(payment.lastError).toContain(`set its inventory start date to 2026-03-05 or earlier`);
    expect(String(payment.lastError)).not.toContain('Transaction date is prior to start date');
  });
});

describe('without a sync start date (history imported into BPro): the earliest order decides', () => {
  beforeAll(async () => {
    await startTenant(null, async () => {
      await insertProduct(LATE, 'rental');
      await insertPaidOrder('isd-ord-1', '2025-11-20', LATE.id, '40.00');
      await insertPaidOrder('isd-ord-2', '2026-02-10', LATE.id, '40.00');
    });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('a product created after its first orders starts on the earliest order’s date; invoices and payments sync', async () => {
    expect(await startDateOf(LATE.id)).toBe('2025-11-20');
    await expectPaid('isd-ord-1', '2025-11-20');
    await expectPaid('isd-ord-2', '2026-02-10');
  });

  it('an order entered later, dated before the item’s start date, says what to change in QuickBooks', async () => {
    await insertPaidOrder('isd-ord-3', '2025-10-01', LATE.id, '40.00');
    const invoice = await postHook('invoice', 'isd-ord-3', 'completed');
    expect(invoice).toMatchObject({ status: 'failed' });
    expect(invoice.message).toBe(
      `QuickBooks refused invoice ISD-3: it is dated 2025-10-01, before the inventory start date of "${LATE.name}" (2025-11-20). ` +
        `In QuickBooks, open item "${LATE.name}" and set its inventory start date to 2025-10-01 or earlier, then press Re-run. [QuickBooks error 6270]`,
    );
    const payment = await postHook('payment', 'isd-ord-3-pay', 'created');
    expect(payment).toMatchObject({ status: 'failed' });
    expect(payment.message).toContain('set its inventory start date to 2025-10-01 or earlier');
  });
});
