// The Options form: start date, refund account and which payment methods sync.
import { z } from 'zod';
import { HttpError } from '../../middleware/errors';
import { saveSettings } from '../../sync-settings';
import { requireEnabledTenant } from '../../tenant-guards';
import { edgeText, syncDateSchema } from '../../validation';
import { pagePath } from '../access';
import { pageAction } from './action';
import { PAGE_ROUTE, type PageRoutes } from './route-context';

const field = edgeText(64);
const settingsForm = z.object({
  startDate: edgeText(20).optional(),
  refundAccountId: field.optional(),
  methods: z.union([field, z.array(field)]).optional(),
  enabled: z.union([field, z.array(field)]).optional(),
});

/** A form field sent once, many times or not at all, as a list. */
const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The settings the form posted (every listed method with whether its box was checked). */
function settingsFrom(body: unknown) {
  const form = settingsForm.parse(body);
  const enabled = new Set(asList(form.enabled));
  const startDate = form.startDate?.trim() ?? '';
  if (startDate && !syncDateSchema.safeParse(startDate).success)
    throw new HttpError(
      400,
      'invalid_request',
      'The sync start date must be a date (YYYY-MM-DD), 1900-01-01 or later.',
    );
  const methods = [...new Set(asList(form.methods))];
  return {
    startDate: startDate || null,
    refundAccountId: form.refundAccountId?.trim() || null,
    ...(methods.length
      ? { paymentMethods: methods.map((bproId) => ({ bproId, enabled: enabled.has(bproId) })) }
      : {}),
  };
}

export const settingsFormRoutes: PageRoutes = (router, page) => {
  const { deps } = page;
  router.post(
    `${PAGE_ROUTE}/settings`,
    page.form,
    pageAction(page, async (req, _res, tenantId) => {
      await requireEnabledTenant(deps.db, tenantId);
      const { queuedPayments } = await saveSettings(deps, tenantId, settingsFrom(req.body));
      return `${pagePath(tenantId)}?done=saved${queuedPayments ? `&n=${queuedPayments}` : ''}#options`;
    }),
  );
};
