// Canadian companies (README "Canadian companies"): the tax record's sync (a BPro tax group → the
// QuickBooks TaxCode its lines carry: the user's override, else a code with exactly its rates,
// else one created through TaxService), and the codes a document's lines carry. The choice is kept
// in qbo_sync.tax_code_mappings, not in entity_links: several groups may share one code.
import { getTax } from '../../../db/queries/bpro';
import {
  findTaxCodeMapping,
  forgetChosenTaxCode,
  mappedTaxCodeId,
  saveChosenTaxCode,
  UNTAXED_LINES,
} from '../../../db/queries/tax-mapping';
import { ratePercent, ratesFromTaxServiceResponse } from '../../mapping/tax';
import {
  caTaxCodeRequest,
  createdTaxCodeMessage,
  defaultUntaxedCode,
  describeRates,
  matchTaxCodeByRates,
} from '../../mapping/tax-ca';
import { MappingError } from '../../mapping/types';
import { QboError } from '../../qbo/errors';
import { skipped, synced } from '../outcome';
import type { EntityHandler, Step, SyncContext } from '../types';
import { caTaxLists, qboTaxCodes, qboTaxRates } from './tax-lists';

type BproTaxWithRates = NonNullable<Awaited<ReturnType<typeof getTax>>>;

const NO_UNTAXED_CODE =
  'The QuickBooks company has no active tax code named "Exempt" for BPro’s untaxed lines and refunds. ' +
  'Choose the code for untaxed lines in the Tax mapping, then press Re-run.';

const ratesOf = (tax: BproTaxWithRates) =>
  describeRates(tax.rates.map((r) => ({ name: r.name, percent: ratePercent(r.rate) })));

export const caTaxHandler: EntityHandler = {
  async sync(ctx, bproId) {
    const tax = await getTax(ctx.db, ctx.tenantId, bproId);
    if (!tax) return skipped('No longer in BPro');
    const mapping = await findTaxCodeMapping(ctx.db, ctx.tenantId, bproId);
    const lists = await caTaxLists(ctx);
    const nameOf = (id: string) => lists.codes.find((c) => c.Id === id)?.Name ?? id;
    if (mapping?.overrideTaxCodeId)
      return synced(
        'linked',
        mapping.overrideTaxCodeId,
        `Uses QuickBooks tax code "${nameOf(mapping.overrideTaxCodeId)}", chosen in the Tax mapping`,
      );
    const chosen = mapping?.chosenTaxCodeId;
    if (chosen) {
      // Still active in QuickBooks and still the group's rates (BPro's rates may have changed).
      const code = lists.codes.find((c) => c.Id === chosen);
      if (code && matchTaxCodeByRates([code], lists.rates, tax, tax.rates))
        return synced('linked', chosen, `Mapped to QuickBooks tax code "${code.Name}"`);
      await forgetChosenTaxCode(ctx.db, ctx.tenantId, bproId);
    }
    if (tax.rates.length === 0)
      return skipped('This tax group has no rates: its orders’ lines carry the code for untaxed lines');
    const match = matchTaxCodeByRates(lists.codes, lists.rates, tax, tax.rates);
    if (match) {
      await saveChosenTaxCode(ctx.db, ctx.tenantId, bproId, match.Id, 'rates');
      return synced(
        'linked',
        match.Id,
        `Matched QuickBooks tax code "${match.Name}": the same rates (${ratesOf(tax)})`,
      );
    }
    // One code at a time: codes made side by side could each create the same new rate (6240).
    const step = await ctx.scheduler.serial('taxService', () => createCode(ctx, tax));
    if (step.qboId) await saveChosenTaxCode(ctx.db, ctx.tenantId, bproId, step.qboId, step.by);
    return step;
  },
};

type CodeStep = Step & { qboId: string; by: 'rates' | 'created' };

/** Creates the group's code; a name taken meanwhile (6240): matched again, else planned and created again. */
async function createCode(ctx: SyncContext, tax: BproTaxWithRates): Promise<CodeStep> {
  try {
    return await createOnce(ctx, tax);
  } catch (error) {
    // What QBO holds may differ from the lists read before (a create whose answer was lost).
    ctx.cache.forget('taxRates');
    ctx.cache.forget('taxCodes');
    if (!(error instanceof QboError && error.type === 'duplicate_name')) throw error;
    return await createOnce(ctx, tax);
  }
}

async function createOnce(ctx: SyncContext, tax: BproTaxWithRates): Promise<CodeStep> {
  const lists = await caTaxLists(ctx);
  // Another group of this run may just have created a code with these rates.
  const match = matchTaxCodeByRates(lists.codes, lists.rates, tax, tax.rates);
  if (match)
    return {
      ...synced('linked', match.Id, `Matched QuickBooks tax code "${match.Name}": the same rates`),
      qboId: match.Id,
      by: 'rates',
    };
  const { request, newRates } = caTaxCodeRequest(tax, tax.rates, lists);
  const created = await ctx.qbo.createTaxCode(request, ctx.requestIds.create('tax', tax.id, request));
  // Later groups of this run (and of this worker, until the lists expire) see the code and rates.
  const fresh = ratesFromTaxServiceResponse(created as Parameters<typeof ratesFromTaxServiceResponse>[0]);
  const [rates, codes] = await Promise.all([qboTaxRates(ctx), qboTaxCodes(ctx)]);
  rates.push(...fresh);
  codes.push({
    Id: created.TaxCodeId,
    Name: request.TaxCode,
    Active: true,
    SalesTaxRateList: { TaxRateDetail: taxRateIds(created).map((value) => ({ TaxRateRef: { value } })) },
  });
  const message = createdTaxCodeMessage(request.TaxCode, tax.rates, newRates);
  return { ...synced('created', created.TaxCodeId, message), qboId: created.TaxCodeId, by: 'created' };
}

/** The sales rate ids TaxService reports for a created code. */
function taxRateIds(created: { TaxRateDetails?: unknown[] }): string[] {
  return (created.TaxRateDetails ?? []).flatMap((d) => {
    const detail = d as { TaxRateId?: unknown; TaxApplicableOn?: unknown } | null;
    return typeof detail?.TaxRateId === 'string' && detail.TaxApplicableOn !== 'Purchase'
      ? [detail.TaxRateId]
      : [];
  });
}

/** The code of BPro's untaxed lines and refunds: the Tax mapping's choice, else the company's Exempt code. */
export function untaxedTaxCodeId(ctx: SyncContext): Promise<string> {
  return ctx.cache.get('untaxedTaxCode', async () => {
    const mapping = await findTaxCodeMapping(ctx.db, ctx.tenantId, UNTAXED_LINES);
    if (mapping?.overrideTaxCodeId) return mapping.overrideTaxCodeId;
    const code = defaultUntaxedCode((await caTaxLists(ctx)).codes);
    if (!code) throw new MappingError('invalid_data', NO_UNTAXED_CODE);
    return code.Id;
  });
}

/**
 * A Canadian order's line codes: the group's mapped code (null when its tax record must sync first:
 * `needsTax`, and then the code is its QBO id) and the untaxed lines' code.
 */
export async function caOrderTaxCodes(
  ctx: SyncContext,
  order: { taxId: string | null; lines: ReadonlyArray<{ taxable: boolean }> },
  rateCount: number,
): Promise<{ taxed: string | null; untaxed: string; needsTax: boolean }> {
  const untaxed = await untaxedTaxCodeId(ctx);
  const taxId = order.taxId;
  if (taxId === null || rateCount === 0 || !order.lines.some((l) => l.taxable))
    return { taxed: null, untaxed, needsTax: false };
  // Read each time (not kept per run): a group this run maps meanwhile is then found here.
  const mapped = mappedTaxCodeId(await findTaxCodeMapping(ctx.db, ctx.tenantId, taxId));
  return { taxed: mapped, untaxed, needsTax: mapped === null };
}

/** A code's name for the log (the company's list as this run read it). */
export async function taxCodeNameOf(ctx: SyncContext, id: string | null): Promise<string | undefined> {
  if (id === null) return undefined;
  return (await caTaxLists(ctx)).codes.find((c) => c.Id === id)?.Name;
}
