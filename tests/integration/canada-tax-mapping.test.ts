// The Tax mapping of a Canadian company over HTTP (GET|PUT /api/v1/tenants/:id/qbo/tax-mapping):
// each BPro group with the code the sync chose, overrides set and cleared, refusals that change
// nothing, the untaxed lines' code, and a US company refused. The router is mounted here on its
// own (api/routes/tax-mapping.ts) behind the API's error handler, with the stack's database and
// QuickBooks services; the tax records are synced by their workflows first.
import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../api/middleware/errors';
import { taxMappingFrom } from '../../api/pages/endpoints/tax-mapping-form';
import { loadTaxMapping, taxMappingSection } from '../../api/pages/sections/tax-mapping';
import { taxMappingRouter } from '../../api/routes/tax-mapping';
import { saveTaxMapping } from '../../api/tax-mapping';
import type { TaxMappingView } from '../../api/tax-mapping-schemas';
import { createLogger } from '../../config/logger';
import { findConnection } from '../../db/queries/qbo-connections';
import { findTaxCodeMapping, UNTAXED_LINES } from '../../db/queries/tax-mapping';
import type { RecordOutcome } from '../../workflows/contracts';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../support/database';
import { startCanadianTenant, type CanadianTenant } from './support/canada-tenant';
import { connectTestTemporal } from './support/temporal';

const quietLog = createLogger('test', 'error');

type Answer = { status: number; body: TaxMappingView & { error?: { code: string; message: string } } };

describe('the Tax mapping of a Canadian company, over HTTP', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let t: CanadianTenant;
  let base = '';
  let close = () => Promise.resolve();

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    t = await startCanadianTenant(database, temporal);
    for (const tax of t.dataset.taxes) await t.h.recordSync('tax', tax.id);
    const app = express();
    app.use(express.json());
    app.use('/api/v1', taxMappingRouter({ db: database.db, qbo: t.h.stack.qbo }));
    app.use(errorHandler(() => undefined));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  }, 180_000);
  afterAll(async () => {
    await close();
    t?.spy.mockRestore();
    await t?.h.close();
    await temporal?.close();
    await database?.close();
  });

  const call = async (tenantId: string, body?: unknown): Promise<Answer> => {
    const res = await fetch(`${base}/tenants/${tenantId}/qbo/tax-mapping`, {
      method: body === undefined ? 'GET' : 'PUT',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  };
  const groupId = (name: string) => t.dataset.taxes.find((x) => x.name === name)?.id ?? name;

  it('lists every group with the code the sync chose, the untaxed code and the choices', async () => {
    const { status, body } = await call(t.h.tenantId);
    expect(status).toBe(200);
    const group = (name: string) => body.groups.find((g) => g.name === name);
    expect(body.groups).toHaveLength(t.dataset.taxes.length);
    expect(group('GST/PST BC')).toMatchObject({
      rates: [
        { name: 'GST', percent: '5' },
        { name: 'PST BC', percent: '7' },
      ],
      taxCode: { name: 'GST/PST BC' },
      chosen: { name: 'GST/PST BC', by: 'rates' },
      override: null,
    });
    expect(group('GST + PST (rentals)')).toMatchObject({
      chosen: { name: 'GST + PST (rentals)', by: 'created' },
    });
    expect(group('HST BC (2010–2013)')).toMatchObject({ active: false, chosen: { by: 'created' } });
    expect(body.untaxed).toMatchObject({
      taxCode: { name: 'Exempt' },
      default: { name: 'Exempt' },
      override: null,
    });
    expect(body.codes.find((c) => c.name === 'GST/QST QC - 9.975')?.rates).toEqual([
      { name: 'GST', percent: '5' },
      { name: 'QST 9.975', percent: '9.975' },
    ]);
  });

  it('sets and clears overrides; the tax record then uses the chosen code', async () => {
    const before = await call(t.h.tenantId);
    const code = (name: string) => before.body.codes.find((c) => c.name === name)?.id ?? name;
    const gst = groupId('GST');
    const saved = await call(t.h.tenantId, {
      groups: [{ bproTaxId: gst, taxCodeId: code('HST ON') }],
      untaxedTaxCodeId: code('Zero-rated'),
    });
    expect(saved.status).toBe(200);
    expect(saved.body.groups.find((g) => g.bproTaxId === gst)).toMatchObject({
      taxCode: { name: 'HST ON' },
      chosen: { name: 'GST', by: 'rates' },
      override: { name: 'HST ON' },
    });
    expect(saved.body.untaxed).toMatchObject({
      taxCode: { name: 'Zero-rated' },
      override: { name: 'Zero-rated' },
    });
    const outcome = (await t.h.recordSync('tax', gst)) as RecordOutcome;
    expect(outcome).toMatchObject({ status: 'synced', qboId: code('HST ON') });
    expect(outcome.message).toContain('chosen in the Tax mapping');

    const cleared = await call(t.h.tenantId, {
      groups: [{ bproTaxId: gst, taxCodeId: null }],
      untaxedTaxCodeId: null,
    });
    expect(cleared.body.groups.find((g) => g.bproTaxId === gst)).toMatchObject({
      taxCode: { name: 'GST' },
      override: null,
    });
    expect(cleared.body.untaxed.taxCode?.name).toBe('Exempt');
    expect(
      (await findTaxCodeMapping(database.db, t.h.tenantId, UNTAXED_LINES))?.overrideTaxCodeId,
    ).toBeNull();
  });

  it('refuses unknown groups and codes (and malformed bodies) without saving anything', async () => {
    const gst = groupId('GST');
    const unknownCode = await call(t.h.tenantId, {
      groups: [{ bproTaxId: gst, taxCodeId: '4' }],
      untaxedTaxCodeId: '999',
    });
    expect(unknownCode).toMatchObject({ status: 400, body: { error: { code: 'unknown_tax_code' } } });
    expect((await findTaxCodeMapping(database.db, t.h.tenantId, gst))?.overrideTaxCodeId).toBeNull();
    const unknownGroup = await call(t.h.tenantId, { groups: [{ bproTaxId: 'tax-99', taxCodeId: '4' }] });
    expect(unknownGroup).toMatchObject({ status: 400, body: { error: { code: 'unknown_tax' } } });
    expect((await call(t.h.tenantId, { groups: [{ bproTaxId: gst }] })).status).toBe(400);
    expect((await call(t.h.tenantId, { taxCodes: [] })).status).toBe(400);
  });

  it('the page section lists each group with its choices; its form saves like the API', async () => {
    const view = (await call(t.h.tenantId)).body;
    const connection = await findConnection(database.db, t.h.tenantId);
    const tenant = {
      id: t.h.tenantId,
      name: 'Sync test',
      qboEnabled: true,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    const ctx = { tenant, connection, base: `/tenants/${t.h.tenantId}/quickbooks`, csrf: 'token' };
    const loaded = await loadTaxMapping({ db: database.db, qbo: t.h.stack.qbo, log: quietLog }, ctx);
    expect(loaded?.groups).toEqual(view.groups);
    const page = String(taxMappingSection(ctx, loaded));
    expect(page).toContain('action="/tenants/');
    expect(page).toContain('/quickbooks/tax-mapping"');
    expect(page.match(/<select name="codes"/g)).toHaveLength(t.dataset.taxes.length);
    expect(page).toContain('Automatic: GST/PST BC (the same rates)');
    expect(page).toContain('Automatic: Exempt');
    expect(page).toContain('HST ON (HST ON 13%)');
    const gst = groupId('GST');
    const hst = view.codes.find((c) => c.name === 'HST ON')?.id ?? '';
    const form = taxMappingFrom({ groups: [gst, groupId('HST ON')], codes: [hst, ''], untaxed: '' });
    expect(form).toEqual({
      groups: [
        { bproTaxId: gst, taxCodeId: hst },
        { bproTaxId: groupId('HST ON'), taxCodeId: null },
      ],
      untaxedTaxCodeId: null,
    });
    await saveTaxMapping({ db: database.db, qbo: t.h.stack.qbo }, t.h.tenantId, form);
    expect((await findTaxCodeMapping(database.db, t.h.tenantId, gst))?.overrideTaxCodeId).toBe(hst);
    expect(
      String(
        taxMappingSection(
          ctx,
          await loadTaxMapping({ db: database.db, qbo: t.h.stack.qbo, log: quietLog }, ctx),
        ),
      ),
    ).toContain(`<option value="${hst}" selected>`);
    await saveTaxMapping({ db: database.db, qbo: t.h.stack.qbo }, t.h.tenantId, {
      groups: [{ bproTaxId: gst, taxCodeId: null }],
    });
  });

  it('a US company has no tax mapping (409); an unconnected tenant 412', async () => {
    const stack = t.h.stack;
    const us = uniqueTenantId('tax-map-us');
    await stack.api(`/api/v1/tenants/${us}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'US tenant', qboEnabled: true }),
    });
    expect((await call(us)).body.error?.code).toBe('not_connected');
    const realmId = await stack.createRealm('US Tents');
    expect((await stack.connect(us, { realmId })).status).toBe(200);
    expect(await call(us)).toMatchObject({ status: 409, body: { error: { code: 'no_tax_mapping' } } });
    expect((await call(us, { untaxedTaxCodeId: null })).status).toBe(409);
  });
});
