// A Canadian company's Tax mapping (README "Canadian companies"): read with the company's codes,
// saved after every check (a refused request changes nothing). Shared by the JSON route and the
// management page. A US company has none: its groups become codes by name (409).
import { ratePercent } from '../activities/mapping/tax';
import { defaultUntaxedCode, salesRateIds, type QboTaxCodeLike } from '../activities/mapping/tax-ca';
import { taxModelOf } from '../activities/qbo/company-kind';
import {
  listTaxCodeMappings,
  listTaxGroups,
  saveTaxCodeOverride,
  UNTAXED_LINES,
  type TaxCodeMappingRow,
} from '../db/queries/tax-mapping';
import type { ApiDeps } from './deps';
import { HttpError } from './middleware/errors';
import type { TaxMappingBody, TaxMappingView } from './tax-mapping-schemas';
import { requireConnected } from './tenant-guards';

type Deps = Pick<ApiDeps, 'db' | 'qbo'>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const activeOrNot = [{ field: 'Active', op: 'IN' as const, value: [true, false] }];

/** The connected company's codes (active or not) and rates, for a Canadian company only. */
async function companyCodes({ db, qbo }: Deps, tenantId: string) {
  const connection = await requireConnected(db, tenantId);
  if (taxModelOf({ country: connection.country }) !== 'CA')
    throw new HttpError(
      409,
      'no_tax_mapping',
      'This QuickBooks company is not Canadian: its invoices carry TAX/NON and each BPro tax group becomes the tax code of the same name.',
    );
  const client = qbo.clientFor(tenantId);
  const [codes, rates] = await Promise.all([
    client.queryAll('TaxCode', activeOrNot),
    client.queryAll('TaxRate', activeOrNot),
  ]);
  const percent = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? String(v) : '');
  const rateById = new Map(rates.map((r) => [r.Id, { name: str(r.Name), percent: percent(r.RateValue) }]));
  return codes.map((c) => ({
    ...(c as QboTaxCodeLike),
    Name: str(c.Name),
    rates: salesRateIds({ SalesTaxRateList: c.SalesTaxRateList }).flatMap((id) => rateById.get(id) ?? []),
  }));
}

export async function readTaxMapping(deps: Deps, tenantId: string): Promise<TaxMappingView> {
  const [codes, groups, rows] = await Promise.all([
    companyCodes(deps, tenantId),
    listTaxGroups(deps.db, tenantId),
    listTaxCodeMappings(deps.db, tenantId),
  ]);
  const ref = (id: string | null | undefined) =>
    id ? { id, name: codes.find((c) => c.Id === id)?.Name ?? `(code ${id}, not in QuickBooks)` } : null;
  const row = (key: string): TaxCodeMappingRow | undefined => rows.find((r) => r.bproTaxId === key);
  const fallback = defaultUntaxedCode(codes);
  const untaxed = row(UNTAXED_LINES)?.overrideTaxCodeId;
  return {
    groups: groups.map((g) => {
      const r = row(g.id);
      const chosen = ref(r?.chosenTaxCodeId);
      return {
        bproTaxId: g.id,
        name: g.name,
        active: g.isActive,
        rates: g.rates.map((x) => ({ name: x.name, percent: ratePercent(x.rate) })),
        taxCode: ref(r?.overrideTaxCodeId ?? r?.chosenTaxCodeId),
        chosen: chosen && r?.chosenBy ? { ...chosen, by: r.chosenBy } : null,
        override: ref(r?.overrideTaxCodeId),
      };
    }),
    untaxed: { taxCode: ref(untaxed ?? fallback?.Id), default: ref(fallback?.Id), override: ref(untaxed) },
    codes: codes.filter((c) => c.Active !== false).map((c) => ({ id: c.Id, name: c.Name, rates: c.rates })),
  };
}

/**
 * Checks every group and code first (400 `unknown_tax` / `unknown_tax_code`: an active code of
 * the company), then saves. Takes effect at each document's next sync (a hook or a Re-run).
 */
export async function saveTaxMapping(deps: Deps, tenantId: string, body: TaxMappingBody): Promise<void> {
  const [codes, groups] = await Promise.all([companyCodes(deps, tenantId), listTaxGroups(deps.db, tenantId)]);
  const known = new Set(groups.map((g) => g.id));
  const unknown = (body.groups ?? []).map((g) => g.bproTaxId).filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new HttpError(
      400,
      'unknown_tax',
      `No BPro tax group ${unknown.map((id) => `"${id}"`).join(', ')}`,
      {
        unknown,
      },
    );
  const active = new Set(codes.filter((c) => c.Active !== false).map((c) => c.Id));
  const wanted = [...(body.groups ?? []).map((g) => g.taxCodeId), body.untaxedTaxCodeId];
  const missing = wanted.filter((id): id is string => typeof id === 'string' && !active.has(id));
  if (missing.length > 0)
    throw new HttpError(
      400,
      'unknown_tax_code',
      `QuickBooks has no active tax code ${missing.map((id) => `"${id}"`).join(', ')}`,
      { unknown: missing },
    );
  await deps.db.transaction(async (tx) => {
    for (const g of body.groups ?? []) await saveTaxCodeOverride(tx, tenantId, g.bproTaxId, g.taxCodeId);
    if (body.untaxedTaxCodeId !== undefined)
      await saveTaxCodeOverride(tx, tenantId, UNTAXED_LINES, body.untaxedTaxCodeId);
  });
}
