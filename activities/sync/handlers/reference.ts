// Reference data: payment methods (matched by exact name, never created), terms, taxes (tax
// codes through TaxService; a Canadian company's in tax-ca.ts), product categories; products are
// in product.ts.
import { getCategory, getPaymentMethod, getTax, getTerm } from '../../../db/queries/bpro';
import { categoryBody, categoryName } from '../../mapping/item';
import { disambiguatedName, QBO_LIMITS } from '../../mapping/names';
import { sourceHash } from '../../mapping/source-hash';
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
import type { QboEntity } from '../../qbo/schemas';
import { QboError } from '../../qbo/errors';
import type { EntityHandler, SyncContext } from '../types';
import { skipped, synced } from '../outcome';
import { caTaxHandler } from './tax-ca';
import { qboTaxAgencies, qboTaxCodes, qboTaxRates } from './tax-lists';
import { itemsNewSinceStart } from '../items-at-start';
import { upsertNamed } from './upsert';

type BproTaxWithRates = NonNullable<Awaited<ReturnType<typeof getTax>>>;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function qboPaymentMethods(ctx: SyncContext) {
  return ctx.cache.get('paymentMethods', () =>
    ctx.qbo.queryAll('PaymentMethod', [{ field: 'Active', op: 'IN', value: [true, false] }]),
  );
}

/** The QBO payment method named exactly like a BPro one (see mapping/payment-method.ts). */
export async function matchQboPaymentMethod(ctx: SyncContext, bpro: { name: string }) {
  const methods = await qboPaymentMethods(ctx);
  return matchPaymentMethod(
    bpro,
    methods.map((m) => ({ Id: m.Id, Name: str(m.Name), Active: m.Active as boolean | undefined })),
  );
}

export const paymentMethodHandler: EntityHandler = {
  async sync(ctx, bproId) {
    const row = await getPaymentMethod(ctx.db, ctx.tenantId, bproId);
    if (!row) return skipped('No longer in BPro');
    const match = await matchQboPaymentMethod(ctx, row);
    if (!match.ok) return skipped(match.message);
    await ctx.links.save(
      'paymentMethod',
      bproId,
      { Id: match.method.Id },
      sourceHash('paymentMethod', match.method.Name),
    );
    return synced('linked', match.method.Id, `Matched QuickBooks payment method "${match.method.Name}"`);
  },
};

export const termHandler: EntityHandler = {
  async sync(ctx, bproId) {
    const row = await getTerm(ctx.db, ctx.tenantId, bproId);
    if (!row) return skipped('No longer in BPro');
    const body = termBody(row);
    return upsertNamed(ctx, {
      entity: 'term',
      bproId,
      qboEntity: 'Term',
      label: 'term',
      source: body,
      body: () => body,
      match: async () => {
        const terms = await ctx.cache.get('terms', () =>
          ctx.qbo.queryAll('Term', [{ field: 'Active', op: 'IN', value: [true, false] }]),
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
  async sync(ctx, bproId, event) {
    // A Canadian company: each group maps to a code with its rates (tax-ca.ts).
    if (ctx.snapshot.taxModel === 'CA') return caTaxHandler.sync(ctx, bproId, event);
    const tax = await getTax(ctx.db, ctx.tenantId, bproId);
    if (!tax) return skipped('No longer in BPro');
    const prefs = await ctx.cache.get('preferences', () => ctx.qbo.preferences());
    const taxPrefs = (prefs.TaxPrefs ?? {}) as { PartnerTaxEnabled?: boolean };
    if (taxPrefs.PartnerTaxEnabled)
      return skipped(
        'This QuickBooks company uses automated sales tax: invoices carry TAX/NON and BPro’s tax total instead of tax codes',
      );
    const link = await ctx.links.find('tax', bproId);
    if (link) return synced('linked', link.qboId, 'Already in QuickBooks');
    const existing = await findTaxCode(ctx, tax);
    if (existing) {
      await ctx.links.save('tax', bproId, existing, null);
      return synced('linked', existing.Id, 'Linked to the existing QuickBooks tax code with the same name');
    }
    // One tax code at a time: codes made side by side could each create the same new rate (6240).
    const created = await ctx.scheduler.serial('taxService', async () => {
      try {
        return await createTaxCode(ctx, tax, bproId);
      } catch (error) {
        // The rates or codes QBO now holds may differ from the lists read before (a create whose
        // answer was lost may have committed): later codes of this run read them again.
        ctx.cache.forget('taxRates');
        ctx.cache.forget('taxCodes');
        if (!(error instanceof QboError && error.type === 'duplicate_name')) throw error;
        // A rate or the code itself already exists under a planned name: link the code if it is
        // there now, else plan again against QBO's current rates and create once more.
        const now = await findTaxCode(ctx, tax);
        if (now) return { TaxCodeId: now.Id, linked: true };
        return await createTaxCode(ctx, tax, bproId);
      }
    });
    if (!created)
      return skipped('The QuickBooks company has no sales tax agency; set up sales tax in QuickBooks first');
    await ctx.links.save('tax', bproId, { Id: created.TaxCodeId }, null);
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
async function findTaxCode(ctx: SyncContext, tax: BproTaxWithRates) {
  const codes = await qboTaxCodes(ctx);
  return matchTaxCode(
    codes.map((c) => ({ ...c, Name: str(c.Name) })),
    tax,
  );
}

/**
 * Creates the tax code and its new rates through TaxService, reusing the company's rates of the
 * same name and percent. Null when the company has no tax agency. Call inside `serial('taxService')`.
 */
async function createTaxCode(ctx: SyncContext, tax: BproTaxWithRates, bproId: string) {
  const [agencies, rates] = await Promise.all([qboTaxAgencies(ctx), qboTaxRates(ctx)]);
  const agency = agencies[0];
  if (!agency) return null;
  const existingRates: QboTaxRateLike[] = rates.map((r) => ({
    Id: r.Id,
    Name: str(r.Name),
    RateValue: r.RateValue as number | string | undefined,
  }));
  const request = taxCodeRequest(tax, tax.rates, { taxAgencyId: agency.Id, existingRates });
  const created = await ctx.qbo.createTaxCode(request, ctx.requestIds.create('tax', bproId, request));
  // Later tax codes of this run see the rates just created.
  rates.push(...ratesFromTaxServiceResponse(created as Parameters<typeof ratesFromTaxServiceResponse>[0]));
  return created;
}

export const categoryHandler: EntityHandler = {
  async sync(ctx, bproId) {
    const row = await getCategory(ctx.db, ctx.tenantId, bproId);
    if (!row) return skipped('No longer in BPro');
    const parentQboId = row.parentId
      ? await ctx.scheduler.ensure('productCategory', row.parentId, `category ${bproId}`)
      : null;
    const body = categoryBody(row, { parentQboId });
    // The first lookup is skipped for a name no item had at the initial sync's start
    // (items-at-start.ts); one after a 6240 (a create-first hook's first) is never skipped.
    let lookups = ctx.lookup.createsFirst('Item', 'productCategory') ? 1 : 0;
    return upsertNamed(ctx, {
      entity: 'productCategory',
      bproId,
      qboEntity: 'Item',
      label: 'category',
      source: body,
      body: () => body,
      match: async () =>
        lookups++ === 0 && (await itemsNewSinceStart(ctx))?.newName(categoryName(row))
          ? null
          : ctx.lookup.one('Item', [
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
