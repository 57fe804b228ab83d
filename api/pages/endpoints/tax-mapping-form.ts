// The Tax mapping form (sections/tax-mapping.ts): one code per BPro tax group (empty: automatic)
// and the code of untaxed lines; checked and saved as the API's PUT …/qbo/tax-mapping does.
import { z } from 'zod';
import { saveTaxMapping } from '../../tax-mapping';
import type { TaxMappingBody } from '../../tax-mapping-schemas';
import { requireEnabledTenant } from '../../tenant-guards';
import { bproIdSchema, edgeText } from '../../validation';
import { pagePath } from '../access';
import { pageAction } from './action';
import { PAGE_ROUTE, type PageRoutes } from './route-context';

const field = edgeText(64);
const list = z.union([field, z.array(field)]).optional();
const taxMappingForm = z.object({ groups: list, codes: list, untaxed: field.optional() });

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The groups and codes the form posted (in the same order), and the untaxed lines' code. */
export function taxMappingFrom(body: unknown): TaxMappingBody {
  const form = taxMappingForm.parse(body);
  const codes = asList(form.codes);
  const groups = asList(form.groups).map((bproTaxId, i) => ({
    bproTaxId: bproIdSchema.parse(bproTaxId),
    taxCodeId: codes[i]?.trim() || null,
  }));
  return { groups, untaxedTaxCodeId: form.untaxed?.trim() || null };
}

export const taxMappingFormRoutes: PageRoutes = (router, page) => {
  const { deps } = page;
  router.post(
    `${PAGE_ROUTE}/tax-mapping`,
    page.form,
    pageAction(page, async (req, _res, tenantId) => {
      await requireEnabledTenant(deps.db, tenantId);
      await saveTaxMapping(deps, tenantId, taxMappingFrom(req.body));
      return `${pagePath(tenantId)}?done=tax-mapping#tax-mapping`;
    }),
  );
};
