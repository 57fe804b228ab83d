// Control endpoints that change a company the way its users or Intuit would: an accountant's
// customer merge, closed books, the subscription status, a company reset and the app's monthly
// quota. Bodies are validated with zod; bad input is a 400, an unknown realm a 404.
import type { Response, Router } from 'express';
import { z } from 'zod';
import { setClosingDate } from './company/closing-date';
import { mergeCustomers, MergeRefused } from './company/merge';
import { resetCompany } from './company/reset';
import { setSubscriptionStatus, SUBSCRIPTION_STATUSES } from './company/subscription';
import type { OpContext } from './entities/context';
import type { EmulatorOptions } from './options';
import type { EmulatorStore, Realm } from './store';

const id = z.string().trim().min(1).max(40);
const mergeBody = z.object({ entity: z.literal('Customer'), fromId: id, intoId: id });
const closingBody = z.object({
  date: z.iso.date().nullable(),
  password: z.boolean().default(false),
});
const subscriptionBody = z.object({ status: z.enum(SUBSCRIPTION_STATUSES) });
const quotaBody = z.object({ exhausted: z.boolean() });

function invalid(res: Response, error: z.ZodError): void {
  res.status(400).json({
    error: { code: 'invalid_request', message: 'Invalid request body', details: z.flattenError(error) },
  });
}

export function companyControlRoutes(r: Router, store: EmulatorStore, options: EmulatorOptions): void {
  const realmOf = (realmId: string, res: Response): Realm | undefined => {
    const realm = store.realms.get(realmId);
    if (!realm) res.status(404).json({ error: { code: 'unknown_realm', message: `No realm ${realmId}` } });
    return realm;
  };

  r.post('/realms/:realmId/merge', (req, res) => {
    const realm = realmOf(req.params.realmId, res);
    if (!realm) return;
    const parsed = mergeBody.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const { entity, fromId, intoId } = parsed.data;
    const ctx: OpContext = { realm, options, now: options.now(), include: new Set(), hidden: undefined };
    try {
      res.json({ entity, fromId, intoId, moved: mergeCustomers(ctx, fromId, intoId) });
    } catch (e) {
      if (!(e instanceof MergeRefused)) throw e;
      const code = e.status === 404 ? 'unknown_object' : 'merge_refused';
      res.status(e.status).json({ error: { code, message: e.message } });
    }
  });

  r.put('/realms/:realmId/closing-date', (req, res) => {
    const realm = realmOf(req.params.realmId, res);
    if (!realm) return;
    const parsed = closingBody.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const { date, password } = parsed.data;
    setClosingDate(realm, date, password, options.now(), options.utcOffsetMinutes);
    res.json({ realmId: realm.realmId, date: realm.closingDate ?? null, password: realm.closingPassword });
  });

  r.put('/realms/:realmId/subscription', (req, res) => {
    const realm = realmOf(req.params.realmId, res);
    if (!realm) return;
    const parsed = subscriptionBody.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    setSubscriptionStatus(realm, parsed.data.status, options.now(), options.utcOffsetMinutes);
    res.json({ realmId: realm.realmId, status: realm.subscriptionStatus });
  });

  r.post('/realms/:realmId/reset', (req, res) => {
    const realm = realmOf(req.params.realmId, res);
    if (!realm) return;
    resetCompany(realm, options);
    res.json({ realmId: realm.realmId, reset: true });
  });

  r.put('/realms/:realmId/quota', (req, res) => {
    const realm = realmOf(req.params.realmId, res);
    if (!realm) return;
    const parsed = quotaBody.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    realm.quotaExhausted = parsed.data.exhausted;
    res.json({ realmId: realm.realmId, exhausted: realm.quotaExhausted });
  });
}
