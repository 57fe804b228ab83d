// Record sync through the real path (issue 5): signed BPro hooks over HTTP → the API's
// signalWithStart → recordSync on a real worker → the QBO emulator over HTTP. Each test changes
// BPro rows the way the BPro app would, sends the hook, waits for the record's workflow, then
// checks QuickBooks (through the emulator) and what support sees (the log and record endpoints).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordOutcome } from '../../activities/sync/types';
import { disambiguatedName, QBO_LIMITS } from '../../activities/mapping/names';
import { signHook } from '../../api/hook-signature';
import { orderTotals } from '../../db/bpro-generator';
import { findLink } from '../../db/queries/entity-links';
import { customers, orderLines, orders, payments, products, refunds } from '../../db/schema';
import type { HookEvent, SyncEntity } from '../../workflows/contracts';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { startSyncHarness, type SyncHarness } from './support/sync-harness';
import { connectTestTemporal } from './support/temporal';

/** The sync start date of this tenant: the tiny dataset has records on both sides of it. */
const START_DATE = '2026-01-01';

type Json = Record<string, unknown>;
type LogEntry = {
  entity: string;
  bproId: string;
  action: string;
  message: string | null;
  qboId: string | null;
  workflowId: string | null;
};
type QboLine = {
  Amount: number;
  DetailType: string;
  SalesItemLineDetail?: {
    ItemRef: { value: string };
    Qty: number;
    UnitPrice: number;
    TaxCodeRef: { value: string };
  };
};

describe('record sync: hooks for new, edited, cancelled and voided records reach QuickBooks', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let h: SyncHarness;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    h = await startSyncHarness(database, temporal, {
      size: 'tiny',
      startDate: START_DATE,
      disabledMethods: ['Account'],
    });
    // Hooks are accepted once the initial sync has started: run it, through the API, to the end.
    const started = await h.stack.api(`/api/v1/tenants/${h.tenantId}/qbo/initial-sync`, { method: 'POST' });
    expect(started.status).toBe(202);
    const { workflowId } = (await started.json()) as { workflowId: string };
    await temporal.client.workflow.getHandle(workflowId).result();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await temporal?.close();
    await database?.close();
  });

  // ---- helpers ------------------------------------------------------------------------------

  const qbo = () => h.stack.qbo.clientFor(h.tenantId);

  /** POSTs a signed hook; the API answers 202 with the record's workflow id. */
  async function postHook(entity: SyncEntity, id: string, event: HookEvent): Promise<string> {
    const raw = JSON.stringify({
      tenantId: h.tenantId,
      entity,
      id,
      event,
      occurredAt: new Date().toISOString(),
    });
    const res = await fetch(`${h.stack.apiUrl}/api/v1/hooks/bpro`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-bpro-signature': signHook(h.stack.config.hookSecret, raw),
      },
      body: raw,
    });
    const body = (await res.json()) as Json;
    expect(res.status, JSON.stringify(body)).toBe(202);
    expect(body.workflowId, JSON.stringify(body)).toEqual(expect.any(String));
    return body.workflowId as string;
  }

  const resultOf = (workflowId: string) =>
    temporal.client.workflow.getHandle(workflowId).result() as Promise<RecordOutcome>;

  /** Sends the hook and waits for the record's workflow to finish. */
  const hookAndWait = async (entity: SyncEntity, id: string, event: HookEvent) =>
    resultOf(await postHook(entity, id, event));

  async function api(path: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
    const res = await h.stack.api(`/api/v1/tenants/${h.tenantId}/qbo${path}`, init);
    return { status: res.status, body: (await res.json()) as Json };
  }

  /** The record's log entries, newest first, as support reads them (GET …/qbo/log). */
  async function logOf(entity: SyncEntity, id: string): Promise<LogEntry[]> {
    const { status, body } = await api(`/log?entity=${entity}&limit=200`);
    expect(status).toBe(200);
    return (body.entries as LogEntry[]).filter((e) => e.bproId === id);
  }

  const recordOf = async (entity: SyncEntity, id: string) => (await api(`/records/${entity}/${id}`)).body;

  const linkOf = async (entity: SyncEntity, id: string) => {
    const link = await findLink(database.db, h.tenantId, entity, id);
    expect(link, `${entity} ${id} is linked`).not.toBeNull();
    return link?.qboId ?? '';
  };

  /** How many records of each QBO entity the company holds (active or not). */
  async function counts<E extends string>(...entities: E[]): Promise<Record<E, number>> {
    const values = await Promise.all(entities.map((e) => h.qboCount(e)));
    return Object.fromEntries(entities.map((e, i) => [e, values[i]])) as Record<E, number>;
  }

  let serial = 0;
  /** A fresh BPro id (the tenant is shared by every test of the file). */
  const newId = (prefix: string) => `${prefix}-${++serial}`;

  async function insertCustomer(values: Partial<typeof customers.$inferInsert> & { displayName: string }) {
    const id = values.id ?? newId('hk-cus');
    await database.db.insert(customers).values({ tenantId: h.tenantId, ...values, id });
    return id;
  }

  type Line = { productId: string; quantity: string; unitPrice: string; taxable?: boolean };
  async function insertOrder(
    values: Partial<typeof orders.$inferInsert> & { customerId: string; orderDate: string },
    lines: Line[],
  ) {
    const id = values.id ?? newId('hk-ord');
    await database.db.insert(orders).values({
      tenantId: h.tenantId,
      number: `H-${id.replace(/\D/g, '')}`,
      status: 'completed',
      completedAt: new Date(),
      ...values,
      id,
    });
    await database.db.insert(orderLines).values(
      lines.map((l, i) => ({
        tenantId: h.tenantId,
        id: `${id}-l${i + 1}`,
        orderId: id,
        lineNo: i + 1,
        productId: l.productId,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        taxable: l.taxable ?? true,
      })),
    );
    return id;
  }

  async function insertPayment(
    values: Partial<typeof payments.$inferInsert> & {
      customerId: string;
      paymentMethodId: string;
      amount: string;
      receivedOn: string;
    },
  ) {
    const id = values.id ?? newId('hk-pay');
    await database.db.insert(payments).values({ tenantId: h.tenantId, ...values, id });
    return id;
  }

  const methodId = (name: string) => {
    const method = h.dataset.paymentMethods.find((m) => m.name === name);
    if (!method) throw new Error(`no payment method ${name}`);
    return method.id;
  };

  /** Two active products of the dataset that the initial sync put in QuickBooks. */
  const productA = 'prd-00008';
  const productB = 'prd-00007';

  // ---- 1. new and edited customers ------------------------------------------------------------

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

  it('makes an inactive QBO customer and item active again when a new order names them (QBO refuses it otherwise)', async () => {
    const customerId = await insertCustomer({ displayName: 'Hook Dormant Diner' });
    expect(await hookAndWait('customer', customerId, 'created')).toMatchObject({ status: 'synced' });
    const customerQboId = await linkOf('customer', customerId);
    const itemQboId = await linkOf('product', productB);
    for (const [entity, id] of [
      ['Customer', customerQboId],
      ['Item', itemQboId],
    ] as const) {
      const current = await qbo().read(entity, id);
      await qbo().update(
        entity,
        {
          Id: id,
          SyncToken: current.SyncToken ?? '0',
          Active: false,
          ...(entity === 'Item' ? { Type: current.Type } : {}),
        },
        `dormant-${id}-${current.SyncToken}`,
      );
    }
    const orderId = await insertOrder({ customerId, orderDate: '2026-10-12' }, [
      { productId: productB, quantity: '2.0000', unitPrice: '15.00', taxable: false },
    ]);
    expect(await hookAndWait('invoice', orderId, 'completed')).toMatchObject({ status: 'synced' });
    expect(await qbo().read('Customer', customerQboId)).toMatchObject({ Active: true });
    expect(await qbo().read('Item', itemQboId)).toMatchObject({ Active: true });
    expect((await qbo().read('Invoice', await linkOf('invoice', orderId))).TotalAmt).toBe(30);
    expect((await logOf('customer', customerId))[0]).toMatchObject({
      action: 'warning',
      message: expect.stringMatching(/^Made active again in QuickBooks: order /) as unknown,
    });
    expect((await logOf('product', productB))[0]).toMatchObject({ action: 'warning', qboId: itemQboId });
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

  // ---- 2. new and edited orders ---------------------------------------------------------------

  it('creates an invoice with BPro’s lines and total for a completed order, its new customer as a dependency', async () => {
    const before = await counts('Customer', 'Invoice');
    const customerId = await insertCustomer({ displayName: 'Hook Meadow Weddings' });
    const term = h.dataset.terms[0]?.id ?? null;
    const lines: Line[] = [
      { productId: productA, quantity: '3.0000', unitPrice: '19.99' },
      { productId: productB, quantity: '2.5000', unitPrice: '10.10', taxable: false },
    ];
    const orderId = await insertOrder(
      { customerId, orderDate: '2026-10-02', dueDate: '2026-11-01', taxId: 'tax-01', termId: term },
      lines,
    );
    const number = `H-${orderId.replace(/\D/g, '')}`;

    expect(await hookAndWait('invoice', orderId, 'completed')).toMatchObject({ status: 'synced' });
    const invoiceId = await linkOf('invoice', orderId);
    const customerQboId = await linkOf('customer', customerId);
    const invoice = await qbo().read('Invoice', invoiceId);
    const totals = orderTotals(
      lines.map((l) => ({ ...l, taxable: l.taxable ?? true })),
      ['6.2500'],
    );
    expect(invoice).toMatchObject({
      DocNumber: number,
      TxnDate: '2026-10-02',
      CustomerRef: { value: customerQboId },
    });
    expect(Math.round(Number(invoice.TotalAmt) * 100)).toBe(totals.totalCents);
    const itemLines = (invoice.Line as QboLine[]).filter((l) => l.DetailType === 'SalesItemLineDetail');
    expect(itemLines).toHaveLength(2);
    expect(itemLines[0]).toMatchObject({
      Amount: 59.97,
      SalesItemLineDetail: {
        ItemRef: { value: await linkOf('product', productA) },
        Qty: 3,
        UnitPrice: 19.99,
        TaxCodeRef: { value: 'TAX' },
      },
    });
    expect(itemLines[1]).toMatchObject({
      Amount: 25.25,
      SalesItemLineDetail: {
        ItemRef: { value: await linkOf('product', productB) },
        Qty: 2.5,
        UnitPrice: 10.1,
        TaxCodeRef: { value: 'NON' },
      },
    });
    const customerLog = await logOf('customer', customerId);
    expect(customerLog).toHaveLength(1);
    expect(customerLog[0]).toMatchObject({ action: 'created', qboId: customerQboId });
    expect(customerLog[0]?.message).toContain(`needed by order ${number}`);
    expect((await logOf('invoice', orderId))[0]).toMatchObject({ action: 'created', qboId: invoiceId });
    expect(await counts('Customer', 'Invoice')).toEqual({
      Customer: before.Customer + 1,
      Invoice: before.Invoice + 1,
    });

    // An edited order updates the same invoice.
    await database.db
      .update(orderLines)
      .set({ quantity: '5.0000' })
      .where(and(eq(orderLines.tenantId, h.tenantId), eq(orderLines.id, `${orderId}-l1`)));
    expect(await hookAndWait('invoice', orderId, 'updated')).toMatchObject({
      status: 'synced',
      qboId: invoiceId,
    });
    const edited = await qbo().read('Invoice', invoiceId);
    const newTotals = orderTotals(
      [
        { quantity: '5.0000', unitPrice: '19.99', taxable: true },
        { quantity: '2.5000', unitPrice: '10.10', taxable: false },
      ],
      ['6.2500'],
    );
    expect(Math.round(Number(edited.TotalAmt) * 100)).toBe(newTotals.totalCents);
    expect((await logOf('invoice', orderId))[0]).toMatchObject({ action: 'updated', qboId: invoiceId });
    expect(await counts('Customer', 'Invoice')).toEqual({
      Customer: before.Customer + 1,
      Invoice: before.Invoice + 1,
    });
  });

  it('makes an open order an invoice when a payment is taken on it; payment edits reach QBO', async () => {
    const customerId = await insertCustomer({ displayName: 'Hook Deposit Dinners' });
    const orderId = await insertOrder(
      { customerId, orderDate: '2026-10-08', status: 'open', completedAt: null },
      [{ productId: productA, quantity: '4.0000', unitPrice: '25.00', taxable: false }],
    );
    const open = await hookAndWait('invoice', orderId, 'updated');
    expect(open).toMatchObject({
      status: 'skipped',
      message: 'Not completed and no payment taken yet: it becomes an invoice when it is',
    });
    expect(await findLink(database.db, h.tenantId, 'invoice', orderId)).toBeNull();

    const paymentId = await insertPayment({
      customerId,
      orderId,
      paymentMethodId: methodId('Cash'),
      amount: '40.00',
      receivedOn: '2026-10-09',
      reference: 'DEP-1',
    });
    expect(await hookAndWait('payment', paymentId, 'created')).toMatchObject({ status: 'synced' });
    const invoiceId = await linkOf('invoice', orderId);
    const paymentQboId = await linkOf('payment', paymentId);
    expect((await logOf('invoice', orderId))[0]?.message).toContain(`needed by payment ${paymentId}`);
    expect(await qbo().read('Payment', paymentQboId)).toMatchObject({
      TotalAmt: 40,
      Line: [{ Amount: 40, LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }],
    });
    expect(Number((await qbo().read('Invoice', invoiceId)).Balance)).toBe(60);

    // The deposit is corrected in BPro: the same QBO payment now says 45.00.
    const before = await counts('Payment');
    await database.db
      .update(payments)
      .set({ amount: '45.00', updatedAt: new Date() })
      .where(and(eq(payments.tenantId, h.tenantId), eq(payments.id, paymentId)));
    expect(await hookAndWait('payment', paymentId, 'updated')).toMatchObject({
      status: 'synced',
      qboId: paymentQboId,
    });
    expect(await qbo().read('Payment', paymentQboId)).toMatchObject({
      TotalAmt: 45,
      Line: [{ Amount: 45, LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }],
    });
    expect(Number((await qbo().read('Invoice', invoiceId)).Balance)).toBe(55);
    expect((await logOf('payment', paymentId))[0]).toMatchObject({ action: 'updated', qboId: paymentQboId });
    expect(await counts('Payment')).toEqual(before);
  });

  // ---- 3. duplicate and concurrent hooks --------------------------------------------------------

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

  // ---- 4. existing QBO records are linked ------------------------------------------------------

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

  // ---- 5. a name a vendor uses ------------------------------------------------------------------

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

  // ---- 6. cancellations and voids ---------------------------------------------------------------

  it('voids the invoice of a cancelled order and the QBO payment of a voided payment (and of deleted ones)', async () => {
    // From the initial sync: an invoice with no payment applied, and a Cash payment applied to another.
    const orderId = 'ord-000024';
    const paymentId = 'pay-000021';
    const invoiceId = await linkOf('invoice', orderId);
    const paymentQboId = await linkOf('payment', paymentId);
    const paidInvoiceId = await linkOf('invoice', 'ord-000021');
    const paidBefore = await qbo().read('Invoice', paidInvoiceId);
    const payment = await qbo().read('Payment', paymentQboId);
    const applied = (payment.Line as { Amount: number }[]).reduce((sum, l) => sum + l.Amount, 0);
    expect(applied).toBeGreaterThan(0);
    const before = await counts('Invoice', 'Payment');

    await database.db
      .update(orders)
      .set({ status: 'cancelled', updatedAt: new Date() })
      .where(and(eq(orders.tenantId, h.tenantId), eq(orders.id, orderId)));
    await database.db
      .update(payments)
      .set({ status: 'voided', updatedAt: new Date() })
      .where(and(eq(payments.tenantId, h.tenantId), eq(payments.id, paymentId)));
    const [cancelled, voided] = await Promise.all([
      hookAndWait('invoice', orderId, 'cancelled'),
      hookAndWait('payment', paymentId, 'voided'),
    ]);
    expect(cancelled).toMatchObject({ status: 'synced', qboId: invoiceId });
    expect(voided).toMatchObject({ status: 'synced', qboId: paymentQboId });

    const invoice = await qbo().read('Invoice', invoiceId);
    expect(Number(invoice.TotalAmt)).toBe(0);
    expect(Number(invoice.Balance)).toBe(0);
    const qboPayment = await qbo().read('Payment', paymentQboId);
    expect(Number(qboPayment.TotalAmt)).toBe(0);
    expect(String(qboPayment.PrivateNote)).toMatch(/^Voided/);
    // The money the payment had applied is open on its invoice again.
    const paidAfter = await qbo().read('Invoice', paidInvoiceId);
    expect(Math.round(Number(paidAfter.Balance) * 100)).toBe(
      Math.round((Number(paidBefore.Balance) + applied) * 100),
    );
    expect((await logOf('invoice', orderId))[0]).toMatchObject({ action: 'voided', qboId: invoiceId });
    expect((await logOf('payment', paymentId))[0]).toMatchObject({ action: 'voided', qboId: paymentQboId });
    expect(await counts('Invoice', 'Payment')).toEqual(before);

    // An order deleted in BPro (with its payment) has its invoice and payment voided too.
    const customerId = await insertCustomer({ displayName: 'Hook Vanishing Venue' });
    const deletedOrder = await insertOrder({ customerId, orderDate: '2026-10-10' }, [
      { productId: productB, quantity: '1.0000', unitPrice: '70.00', taxable: false },
    ]);
    const deletedPayment = await insertPayment({
      customerId,
      orderId: deletedOrder,
      paymentMethodId: methodId('Check'),
      amount: '20.00',
      receivedOn: '2026-10-11',
    });
    expect(await hookAndWait('payment', deletedPayment, 'created')).toMatchObject({ status: 'synced' });
    const [deletedInvoiceId, deletedPaymentQboId] = [
      await linkOf('invoice', deletedOrder),
      await linkOf('payment', deletedPayment),
    ];
    await database.db
      .delete(payments)
      .where(and(eq(payments.tenantId, h.tenantId), eq(payments.id, deletedPayment)));
    await database.db
      .delete(orderLines)
      .where(and(eq(orderLines.tenantId, h.tenantId), eq(orderLines.orderId, deletedOrder)));
    await database.db.delete(orders).where(and(eq(orders.tenantId, h.tenantId), eq(orders.id, deletedOrder)));
    const [orderGone, paymentGone] = await Promise.all([
      hookAndWait('invoice', deletedOrder, 'deleted'),
      hookAndWait('payment', deletedPayment, 'deleted'),
    ]);
    expect(orderGone).toMatchObject({ status: 'synced', qboId: deletedInvoiceId });
    expect(paymentGone).toMatchObject({ status: 'synced', qboId: deletedPaymentQboId });
    expect(Number((await qbo().read('Invoice', deletedInvoiceId)).TotalAmt)).toBe(0);
    expect(Number((await qbo().read('Payment', deletedPaymentQboId)).TotalAmt)).toBe(0);

    // A repeated cancel hook finds it void already and changes nothing.
    expect(await hookAndWait('invoice', orderId, 'cancelled')).toMatchObject({
      status: 'synced',
      qboId: invoiceId,
    });
    expect((await qbo().read('Invoice', invoiceId)).SyncToken).toBe(invoice.SyncToken);
  });

  // ---- 7. settings semantics --------------------------------------------------------------------

  describe('settings semantics', () => {
    it('syncs a customer created before the start date only as a dependency, and says so', async () => {
      // The initial sync: Pinecrest Church (created 2025-03-15) came in for its 2026 invoice.
      const initial = await logOf('customer', 'cus-00004');
      expect(initial.at(-1)?.action).toBe('created');
      expect(initial.at(-1)?.message).toMatch(/before the sync start date 2026-01-01.*needed by order/);

      const id = await insertCustomer({
        displayName: 'Hook Old Timer Rentals',
        createdAt: new Date('2025-05-01T12:00:00Z'),
      });
      const before = await counts('Customer');
      const alone = await hookAndWait('customer', id, 'created');
      expect(alone).toMatchObject({ status: 'skipped' });
      expect(alone.message).toContain('before the sync start date 2026-01-01');
      expect(await findLink(database.db, h.tenantId, 'customer', id)).toBeNull();
      expect(await recordOf('customer', id)).toMatchObject({ status: 'skipped', qboId: null });

      const orderId = await insertOrder({ customerId: id, orderDate: '2026-10-05' }, [
        { productId: productA, quantity: '1.0000', unitPrice: '45.00' },
      ]);
      expect(await hookAndWait('invoice', orderId, 'completed')).toMatchObject({ status: 'synced' });
      const qboId = await linkOf('customer', id);
      const log = await logOf('customer', id);
      expect(log[0]).toMatchObject({ action: 'created', qboId });
      expect(log[0]?.message).toMatch(/before the sync start date 2026-01-01/);
      expect(log[0]?.message).toContain(`needed by order H-${orderId.replace(/\D/g, '')}`);
      expect(await counts('Customer')).toEqual({ Customer: before.Customer + 1 });

      // Once in QuickBooks, its edits follow it there like any other customer's.
      await database.db
        .update(customers)
        .set({ email: 'old.timer@rentals.example', updatedAt: new Date() })
        .where(and(eq(customers.tenantId, h.tenantId), eq(customers.id, id)));
      expect(await hookAndWait('customer', id, 'updated')).toMatchObject({ status: 'synced', qboId });
      expect(await qbo().read('Customer', qboId)).toMatchObject({
        PrimaryEmailAddr: { Address: 'old.timer@rentals.example' },
      });
      expect((await logOf('customer', id))[0]).toMatchObject({ action: 'updated', qboId });
    });

    it('never syncs invoices, payments or refunds dated before the start date', async () => {
      const customerId = await insertCustomer({
        displayName: 'Hook Backdated Bash',
        createdAt: new Date('2025-02-01T12:00:00Z'),
      });
      const orderId = await insertOrder({ customerId, orderDate: '2025-12-20' }, [
        { productId: productA, quantity: '1.0000', unitPrice: '30.00' },
      ]);
      const paymentId = await insertPayment({
        customerId,
        orderId,
        paymentMethodId: methodId('Cash'),
        amount: '30.00',
        receivedOn: '2025-12-21',
      });
      const refundId = newId('hk-ref');
      await database.db.insert(refunds).values({
        tenantId: h.tenantId,
        id: refundId,
        customerId,
        orderId,
        paymentId,
        paymentMethodId: methodId('Cash'),
        amount: '10.00',
        refundedOn: '2025-12-22',
      });
      const before = await counts('Customer', 'Invoice', 'Payment', 'RefundReceipt');
      const [invoice, payment, refund] = await Promise.all([
        hookAndWait('invoice', orderId, 'completed'),
        hookAndWait('payment', paymentId, 'created'),
        hookAndWait('refund', refundId, 'created'),
      ]);
      expect(invoice).toMatchObject({ status: 'skipped' });
      expect(invoice.message).toBe('Dated 2025-12-20, before the sync start date 2026-01-01');
      expect(payment).toMatchObject({ status: 'skipped' });
      expect(payment.message).toBe('Received 2025-12-21, before the sync start date 2026-01-01');
      expect(refund).toMatchObject({ status: 'skipped' });
      expect(refund.message).toBe('Refunded 2025-12-22, before the sync start date 2026-01-01');
      for (const [entity, id] of [
        ['invoice', orderId],
        ['payment', paymentId],
        ['refund', refundId],
        ['customer', customerId],
      ] as const)
        expect(await findLink(database.db, h.tenantId, entity, id), `${entity} ${id}`).toBeNull();
      expect(await logOf('customer', customerId)).toEqual([]);
      expect(await counts('Customer', 'Invoice', 'Payment', 'RefundReceipt')).toEqual(before);
      // The initial sync left the dataset's older documents alone too.
      for (const [entity, id] of [
        ['invoice', 'ord-000010'],
        ['payment', 'pay-000008'],
        ['refund', 'ref-000002'],
      ] as const) {
        expect(await findLink(database.db, h.tenantId, entity, id), `${entity} ${id}`).toBeNull();
        expect(await logOf(entity, id)).toEqual([]);
      }
    });

    it('skips payments by an unchecked method; fails a method missing in QBO until it exists, then retries', async () => {
      const customerId = await insertCustomer({ displayName: 'Hook Method Matters' });
      const unchecked = await insertPayment({
        customerId,
        paymentMethodId: methodId('Account'),
        amount: '40.00',
        receivedOn: '2026-10-06',
      });
      const missing = await insertPayment({
        customerId,
        paymentMethodId: methodId('Debit'),
        amount: '55.00',
        receivedOn: '2026-10-06',
        reference: 'DB-7781',
      });
      const before = await counts('Payment');
      const [skippedOutcome, failedOutcome] = await Promise.all([
        hookAndWait('payment', unchecked, 'created'),
        hookAndWait('payment', missing, 'created'),
      ]);
      expect(skippedOutcome).toMatchObject({
        status: 'skipped',
        message: 'Payments by "Account" are not synced (unchecked in the QuickBooks settings)',
      });
      expect((await logOf('payment', unchecked))[0]).toMatchObject({ action: 'skipped' });
      expect(failedOutcome).toMatchObject({ status: 'failed' });
      expect(failedOutcome.message).toContain('create a payment method named exactly "Debit"');
      const failedRecord = await recordOf('payment', missing);
      expect(failedRecord).toMatchObject({ status: 'failed', qboId: null });
      expect(failedRecord.lastError).toContain('named exactly "Debit"');
      expect(await counts('Payment')).toEqual(before);
      // Nothing was created for a payment that could not go through.
      expect(await findLink(database.db, h.tenantId, 'customer', customerId)).toBeNull();

      // The user creates "Debit" in QuickBooks and presses Retry.
      const debit = await qbo().create(
        'PaymentMethod',
        { Name: 'Debit', Type: 'NON_CREDIT_CARD' },
        `hk-debit-${h.tenantId.slice(-6)}`,
      );
      const retry = await api(`/records/payment/${missing}/retry`, { method: 'POST' });
      expect(retry.status).toBe(202);
      expect(await resultOf(retry.body.workflowId as string)).toMatchObject({ status: 'synced' });
      const qboId = await linkOf('payment', missing);
      expect(await qbo().read('Payment', qboId)).toMatchObject({
        TotalAmt: 55,
        PaymentMethodRef: { value: debit.Id },
        PaymentRefNum: 'DB-7781',
        CustomerRef: { value: await linkOf('customer', customerId) },
      });
      expect(await recordOf('payment', missing)).toMatchObject({ status: 'synced', qboId, lastError: null });
      expect(await counts('Payment')).toEqual({ Payment: before.Payment + 1 });
    });

    it('skips refunds while no refund account is set, and syncs them once one is', async () => {
      const settings = await api('/settings');
      const refundAccount = (settings.body.refundAccount as { id: string } | null)?.id;
      expect(refundAccount).toBeTruthy();
      const cleared = await api('/settings', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refundAccountId: null }),
      });
      expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);

      const customerId = await insertCustomer({ displayName: 'Hook Refund Receiver' });
      const refundId = newId('hk-ref');
      await database.db.insert(refunds).values({
        tenantId: h.tenantId,
        id: refundId,
        customerId,
        paymentMethodId: methodId('Cash'),
        amount: '25.50',
        refundedOn: '2026-10-07',
        reason: 'Rain day',
      });
      const before = await counts('RefundReceipt');
      expect(await hookAndWait('refund', refundId, 'created')).toMatchObject({
        status: 'skipped',
        message: 'No refund account is set in the QuickBooks settings, so refunds are not synced',
      });
      expect(await recordOf('refund', refundId)).toMatchObject({ status: 'skipped' });
      expect(await counts('RefundReceipt')).toEqual(before);

      const restored = await api('/settings', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refundAccountId: refundAccount }),
      });
      expect(restored.status, JSON.stringify(restored.body)).toBe(200);
      const retry = await api(`/records/refund/${refundId}/retry`, { method: 'POST' });
      expect(retry.status).toBe(202);
      expect(await resultOf(retry.body.workflowId as string)).toMatchObject({ status: 'synced' });
      const receipt = await qbo().read('RefundReceipt', await linkOf('refund', refundId));
      expect(receipt).toMatchObject({ TotalAmt: 25.5, DepositToAccountRef: { value: refundAccount } });
      expect(await counts('RefundReceipt')).toEqual({ RefundReceipt: before.RefundReceipt + 1 });

      // An edit reaches the same receipt.
      await database.db
        .update(refunds)
        .set({ amount: '30.00', updatedAt: new Date() })
        .where(and(eq(refunds.tenantId, h.tenantId), eq(refunds.id, refundId)));
      expect(await hookAndWait('refund', refundId, 'updated')).toMatchObject({
        status: 'synced',
        qboId: receipt.Id,
      });
      expect(await qbo().read('RefundReceipt', receipt.Id)).toMatchObject({ TotalAmt: 30 });
      expect(await counts('RefundReceipt')).toEqual({ RefundReceipt: before.RefundReceipt + 1 });

      // Deleted in BPro: the receipt is deleted in QuickBooks (it cannot be voided), once.
      await database.db
        .delete(refunds)
        .where(and(eq(refunds.tenantId, h.tenantId), eq(refunds.id, refundId)));
      expect(await hookAndWait('refund', refundId, 'deleted')).toMatchObject({
        status: 'synced',
        qboId: receipt.Id,
        message: 'Deleted in BPro: its refund receipt was deleted in QuickBooks',
      });
      expect(await counts('RefundReceipt')).toEqual(before);
      await expect(qbo().read('RefundReceipt', receipt.Id)).rejects.toMatchObject({
        type: 'not_found_or_inactive',
      });
      expect(await hookAndWait('refund', refundId, 'deleted')).toMatchObject({
        status: 'synced',
        message: 'Deleted in BPro; already deleted in QuickBooks',
      });
    });
  });
});
