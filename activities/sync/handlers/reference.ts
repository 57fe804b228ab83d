// Reference data: payment methods (matched by exact name, never created), terms, taxes (tax
// codes through TaxService), product categories and products.
import { getCategory, getPaymentMethod, getProduct, getTax, getTerm } from '../../../db/queries/bpro';
import { findSyncSettings } from '../../../db/queries/settings';
import {
  categoryBody,
  categoryName,
  chooseItemAccounts,
  itemUpdateBody,
  matchItem,
  productItemBody,
  productName,
  productSku,
} from '../../mapping/item';
import { disambiguatedName, QBO_LIMITS } from '../../mapping/names';
import { matchPaymentMethod } from '../../mapping/payment-method';
import {
  matchTaxCode,
  ratesFromTaxServiceResponse,
  taxCodeName,
  taxCodeRequest,
  type QboTaxRateLike,
} from '../../mapping/tax';
import { matchTerm, termBody } from '../../mapping/term';
import { sparseUpdateBody } from '../../mapping/update';
import type { QboEntity } from '../../qbo/client';
import { QboError } from '../../qbo/errors';
import type { EntityHandler, SyncEngine } from '../engine';
import { skipped, synced } from '../outcome';
import { hashOf } from './hash';
import { deactivateLinked, upsertNamed } from './upsert';

type BproTaxWithRates = NonNullable<Awaited<ReturnType<typeof getTax>>>;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function qboPaymentMethods(engine: SyncEngine) {
  return engine.cached('paymentMethods', () =>
    engine.client.queryAll('PaymentMethod', [{ field: 'Active', op: 'IN', value: [true, false] }]),
  );
}

/** The QBO payment method named exactly like a BPro one (see mapping/payment-method.ts). */
export async function matchQboPaymentMethod(engine: SyncEngine, bpro: { name: string }) {
  const methods = await qboPaymentMethods(engine);
  return matchPaymentMethod(
    bpro,
    methods.map((m) => ({ Id: m.Id, Name: str(m.Name), Active: m.Active as boolean | undefined })),
  );
}

export const paymentMethodHandler: EntityHandler = {
  async sync(engine, bproId) {
    const row = await getPaymentMethod(engine.db, engine.tenantId, bproId);
    if (!row) return skipped('No longer in BPro');
    const match = await matchQboPaymentMethod(engine, row);
    if (!match.ok) return skipped(match.message);
    await engine.saveLink('paymentMethod', bproId, { Id: match.method.Id }, hashOf(match.method.Name));
    return synced('linked', match.method.Id, `Matched QuickBooks payment method "${match.method.Name}"`);
  },
};

export const termHandler: EntityHandler = {
  async sync(engine, bproId) {
    const row = await getTerm(engine.db, engine.tenantId, bproId);
    if (!row) return skipped('No longer in BPro');
    const body = termBody(row);
    return upsertNamed(engine, {
      entity: 'term',
      bproId,
      qboEntity: 'Term',
      label: 'term',
      sourceHash: hashOf(body),
      body: () => body,
      match: async () => {
        const terms = await engine.cached('terms', () =>
          engine.client.queryAll('Term', [{ field: 'Active', op: 'IN', value: [true, false] }]),
        );
        return (
          matchTerm(
            terms.map((t) => ({ ...t, Name: str(t.Name) })),
            row,
          ) ?? null
        );
      },
      update: (current, b) => sparseUpdateBody(current as QboEntity & { SyncToken: string }, b, ['Name']),
    });
  },
};

export const taxHandler: EntityHandler = {
  async sync(engine, bproId) {
    const tax = await getTax(engine.db, engine.tenantId, bproId);
    if (!tax) return skipped('No longer in BPro');
    const prefs = await engine.cached('preferences', () => engine.client.preferences());
    const taxPrefs = (prefs.TaxPrefs ?? {}) as { PartnerTaxEnabled?: boolean };
    if (taxPrefs.PartnerTaxEnabled)
      return skipped(
        'This QuickBooks company uses automated sales tax: invoices carry TAX/NON and BPro’s tax total instead of tax codes',
      );
    const link = await engine.link('tax', bproId);
    if (link) return synced('linked', link.qboId, 'Already in QuickBooks');
    const existing = await findTaxCode(engine, tax);
    if (existing) {
      await engine.saveLink('tax', bproId, existing, null);
      return synced('linked', existing.Id, 'Linked to the existing QuickBooks tax code with the same name');
    }
    // One tax code at a time: codes made side by side could each create the same new rate (6240).
    const created = await engine.serial('taxService', async () => {
      try {
        return await createTaxCode(engine, tax, bproId);
      } catch (error) {
        // The rates or codes QBO now holds may differ from the lists read before (a create whose
        // answer was lost may have committed): later codes of this run read them again.
        engine.forget('taxRates');
        engine.forget('taxCodes');
        if (!(error instanceof QboError && error.type === 'duplicate_name')) throw error;
        // A rate or the code itself already exists under a planned name: link the code if it is
        // there now, else plan again against QBO's current rates and create once more.
        const now = await findTaxCode(engine, tax);
        if (now) return { TaxCodeId: now.Id, linked: true };
        return await createTaxCode(engine, tax, bproId);
      }
    });
    if (!created)
      return skipped('The QuickBooks company has no sales tax agency; set up sales tax in QuickBooks first');
    await engine.saveLink('tax', bproId, { Id: created.TaxCodeId }, null);
    if ('linked' in created)
      return synced(
        'linked',
        created.TaxCodeId,
        'Linked to the QuickBooks tax code found after a name conflict',
      );
    return synced(
      'created',
      created.TaxCodeId,
      `Tax code "${taxCodeName(tax)}" with ${tax.rates.length} rate(s)`,
    );
  },
};

/** The company's tax code for a BPro tax group (by name), if there is one. */
async function findTaxCode(engine: SyncEngine, tax: BproTaxWithRates) {
  const codes = await engine.cached('taxCodes', () =>
    engine.client.queryAll('TaxCode', [{ field: 'Active', op: 'IN', value: [true, false] }]),
  );
  return matchTaxCode(
    codes.map((c) => ({ ...c, Name: str(c.Name) })),
    tax,
  );
}

/**
 * Creates the tax code and its new rates through TaxService, reusing the company's rates of the
 * same name and percent. Null when the company has no tax agency. Call inside `serial('taxService')`.
 */
async function createTaxCode(engine: SyncEngine, tax: BproTaxWithRates, bproId: string) {
  const [agencies, rates] = await Promise.all([
    engine.cached('taxAgencies', () => engine.client.queryAll('TaxAgency')),
    engine.cached('taxRates', () =>
      engine.client.queryAll('TaxRate', [{ field: 'Active', op: 'IN', value: [true, false] }]),
    ),
  ]);
  const agency = agencies[0];
  if (!agency) return null;
  const existingRates: QboTaxRateLike[] = rates.map((r) => ({
    Id: r.Id,
    Name: str(r.Name),
    RateValue: r.RateValue as number | string | undefined,
  }));
  const request = taxCodeRequest(tax, tax.rates, { taxAgencyId: agency.Id, existingRates });
  const created = await engine.client.createTaxCode(request, engine.createRequestId('tax', bproId, request));
  // Later tax codes of this run see the rates just created.
  rates.push(...ratesFromTaxServiceResponse(created as Parameters<typeof ratesFromTaxServiceResponse>[0]));
  return created;
}

export const categoryHandler: EntityHandler = {
  async sync(engine, bproId) {
    const row = await getCategory(engine.db, engine.tenantId, bproId);
    if (!row) return skipped('No longer in BPro');
    const parentQboId = row.parentId
      ? await engine.ensure('productCategory', row.parentId, `category ${bproId}`)
      : null;
    const body = categoryBody(row, { parentQboId });
    return upsertNamed(engine, {
      entity: 'productCategory',
      bproId,
      qboEntity: 'Item',
      label: 'category',
      sourceHash: hashOf(body),
      body: () => body,
      match: () =>
        engine.findOne('Item', [
          { field: 'Name', op: '=', value: categoryName(row) },
          { field: 'Type', op: '=', value: 'Category' },
        ]),
      update: (current, b) => sparseUpdateBody(current as QboEntity & { SyncToken: string }, b, ['Name']),
      disambiguate: () =>
        categoryBody(row, {
          parentQboId,
          name: disambiguatedName(categoryName(row), bproId, QBO_LIMITS.itemName),
        }),
    });
  },
};

export const productHandler: EntityHandler = {
  async sync(engine, bproId) {
    const row = await getProduct(engine.db, engine.tenantId, bproId);
    if (!row) {
      const link = await engine.link('product', bproId);
      return link
        ? deactivateLinked(engine, 'product', 'Item', link.qboId, bproId)
        : skipped('No longer in BPro');
    }
    const categoryQboId = row.categoryId
      ? await engine.ensure('productCategory', row.categoryId, `product ${bproId}`)
      : null;
    const [accounts, settings] = await Promise.all([
      engine.accounts(),
      engine.cached('settings', () => findSyncSettings(engine.db, engine.tenantId)),
    ]);
    const itemAccounts = chooseItemAccounts(accounts, {
      incomeAccountId: settings?.defaultIncomeAccountId ?? null,
      expenseAccountId: settings?.defaultExpenseAccountId ?? null,
      assetAccountId: settings?.defaultAssetAccountId ?? null,
    });
    const body = productItemBody(row, { accounts: itemAccounts, categoryQboId });
    const sku = productSku(row);
    return upsertNamed(engine, {
      entity: 'product',
      bproId,
      qboEntity: 'Item',
      label: 'item',
      sourceHash: hashOf(body),
      body: () => body,
      // The same Sku, else the same name on an item without another Sku; never a category.
      match: async () => {
        const all = [true, false];
        const [bySku, byName] = await Promise.all([
          sku
            ? engine.client.queryAll('Item', [
                { field: 'Sku', op: '=', value: sku },
                { field: 'Active', op: 'IN', value: all },
              ])
            : [],
          engine.client.queryAll('Item', [
            { field: 'Name', op: '=', value: productName(row) },
            { field: 'Active', op: 'IN', value: all },
          ]),
        ]);
        const candidates = [...bySku, ...byName].map((i) => ({
          ...i,
          Name: str(i.Name),
          Sku: typeof i.Sku === 'string' ? i.Sku : undefined,
          Type: typeof i.Type === 'string' ? i.Type : undefined,
        }));
        return matchItem(candidates, { kind: 'product', name: productName(row), sku }) ?? null;
      },
      update: (current, b) => itemUpdateBody(current as QboEntity & { SyncToken: string }, b),
      disambiguate: () =>
        productItemBody(row, {
          accounts: itemAccounts,
          categoryQboId,
          name: disambiguatedName(productName(row), bproId, QBO_LIMITS.itemName),
        }),
    });
  },
};
