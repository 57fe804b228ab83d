// Tax mapping (a Canadian company, README "Canadian companies"): the QuickBooks tax code each BPro
// tax group's lines carry, and the code of untaxed lines and refunds; the user may override each.
// Saved by a plain form POST (endpoints/tax-mapping-form.ts). Not shown for a US company.
import { taxModelOf } from '../../../activities/qbo/company-kind';
import type { ApiDeps } from '../../deps';
import { readTaxMapping } from '../../tax-mapping';
import type { TaxMappingView } from '../../tax-mapping-schemas';
import { postForm, type PageContext } from '../context';
import { html, type Html } from '../html';

type Group = TaxMappingView['groups'][number];
type Code = TaxMappingView['codes'][number];

const rates = (list: Code['rates']) => list.map((r) => `${r.name} ${r.percent}%`).join(' + ') || 'no rates';

/** The mapping of a connected Canadian company; null otherwise or when QuickBooks cannot be read. */
export async function loadTaxMapping(
  deps: Pick<ApiDeps, 'db' | 'qbo' | 'log'>,
  ctx: PageContext,
): Promise<TaxMappingView | null> {
  const connection = ctx.connection;
  if (connection?.status !== 'connected' || taxModelOf({ country: connection.country }) !== 'CA') return null;
  return readTaxMapping(deps, ctx.tenant.id).catch((error: unknown) => {
    deps.log.warn('could not read the tax mapping for the page', {
      tenantId: ctx.tenant.id,
      error: String(error),
    });
    return null;
  });
}

/** The choices of one select: automatic (what the sync chose or will choose), then every code. */
function options(codes: Code[], selected: string | null, automatic: string): Html[] {
  return [
    html`<option value="" ${selected === null ? 'selected' : ''}>${automatic}</option>`,
    ...codes.map(
      (c) =>
        html`<option value="${c.id}" ${c.id === selected ? 'selected' : ''}>
          ${c.name} (${rates(c.rates)})
        </option>`,
    ),
  ];
}

const groupRow = (g: Group, codes: Code[]) => {
  const automatic = g.chosen
    ? `Automatic: ${g.chosen.name} (${g.chosen.by === 'rates' ? 'the same rates' : 'created by the sync'})`
    : 'Automatic: chosen when the group first syncs';
  return html`<tr>
    <th scope="row">
      ${g.name}${g.active ? '' : html` <span class="hint">(inactive in BPro)</span>`}
      <div class="hint">${rates(g.rates)}</div>
    </th>
    <td>
      <input type="hidden" name="groups" value="${g.bproTaxId}" />
      <select name="codes" id="tax-${g.bproTaxId}" aria-label="QuickBooks tax code for ${g.name}">
        ${options(codes, g.override?.id ?? null, automatic)}
      </select>
    </td>
  </tr>`;
};

export function taxMappingSection(ctx: PageContext, view: TaxMappingView | null): Html {
  if (!view) return html``;
  const untaxed = `Automatic: ${view.untaxed.default?.name ?? 'none (the company has no Exempt code)'}`;
  return html`<section aria-labelledby="tax-mapping-h" id="tax-mapping">
    <h2 id="tax-mapping-h">Tax mapping</h2>
    <p class="hint">
      Each invoice line carries the QuickBooks tax code of its order's BPro tax group: a code with exactly the
      group's rates, or one the sync created. Choose another code to override it. Changes apply to each order
      the next time it syncs (a change in BPro, or Re-run in the log).
    </p>
    ${postForm(
      ctx,
      '/tax-mapping',
      html`<table class="tax-mapping">
          <thead>
            <tr>
              <th scope="col">BPro tax group</th>
              <th scope="col">QuickBooks tax code</th>
            </tr>
          </thead>
          <tbody>
            ${view.groups.map((g) => groupRow(g, view.codes))}
            <tr>
              <th scope="row">
                Untaxed lines and refunds
                <div class="hint">no tax group, or not taxable</div>
              </th>
              <td>
                <select name="untaxed" id="tax-untaxed" aria-label="QuickBooks tax code for untaxed lines">
                  ${options(view.codes, view.untaxed.override?.id ?? null, untaxed)}
                </select>
              </td>
            </tr>
          </tbody>
        </table>
        <button type="submit">Save tax mapping</button>`,
    )}
  </section>`;
}
