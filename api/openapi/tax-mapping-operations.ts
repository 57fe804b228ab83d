// The Tax mapping of a Canadian company (README "Canadian companies").
import { taxMappingBodySchema, taxMappingViewSchema } from '../tax-mapping-schemas';
import { common, error, tenantOps, type Operation } from './operation-kit';

const notCanadian = error(
  '`no_tax_mapping`: the company is not Canadian (its invoices carry TAX/NON; tax groups become codes by name)',
);

export const taxMappingOperations: Operation[] = [
  {
    method: 'get',
    path: '/tenants/{tenantId}/qbo/tax-mapping',
    tag: 'Settings',
    summary: "A Canadian company's tax mapping: the QuickBooks tax code of each BPro tax group",
    description:
      'Per BPro tax group: the code its invoice lines carry (`taxCode`: the override if set, else the ' +
      "sync's choice: a code with exactly the group's rates, by name and percent, or one it created " +
      "through TaxService), and the code of BPro's untaxed lines and refunds (the company's Exempt " +
      'code unless overridden). `codes` lists the active codes to choose from.',
    ...tenantOps,
    responses: {
      '200': { description: 'The mapping', schema: taxMappingViewSchema },
      '403': error('`feature_disabled`'),
      '409': notCanadian,
      '412': error('`not_connected`'),
      ...common,
    },
  },
  {
    method: 'put',
    path: '/tenants/{tenantId}/qbo/tax-mapping',
    tag: 'Settings',
    summary: 'Override the tax code of BPro tax groups or of untaxed lines',
    description:
      'Each group listed gets the code named (`null`: the sync chooses again); `untaxedTaxCodeId` ' +
      "sets the code of untaxed lines and refunds (`null`: the company's Exempt code). Everything is " +
      'checked first (a refused request changes nothing). A change takes effect at each document’s ' +
      'next sync (a BPro change or a Re-run); documents already written keep their codes until then.',
    ...tenantOps,
    body: taxMappingBodySchema,
    responses: {
      '200': { description: 'The mapping, as saved', schema: taxMappingViewSchema },
      '400': error(
        'Invalid request, `unknown_tax` (no such BPro tax group) or `unknown_tax_code` (no active QuickBooks code of that id)',
      ),
      '401': common['401'],
      '403': error('`feature_disabled`'),
      '409': notCanadian,
      '412': error('`not_connected`'),
    },
  },
];
