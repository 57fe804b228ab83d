import { Router } from 'express';
import { z } from 'zod';
import { CASH_ACCOUNT_TYPES } from '../../activities/qbo/client';
import type { Database } from '../../db/client';
import { findConnection } from '../../db/queries/qbo-connections';
import {
  findSyncSettings,
  listPaymentMethodSettings,
  savePaymentMethodSettings,
  saveSyncSettings,
} from '../../db/queries/settings';
import type { ApiDeps } from '../deps';
import { HttpError } from '../middleware/errors';
import { requireConnected, requireEnabledTenant } from '../tenant-guards';
import { tenantIdOf } from '../validation';

const settingsBody = z
  .object({
    startDate: z.iso.date('startDate must be a date as YYYY-MM-DD').nullable().optional(),
    refundAccountId: z.string().trim().min(1).max(64).nullable().optional(),
    paymentMethods: z
      .array(z.object({ bproId: z.string().min(1).max(64), enabled: z.boolean() }).strict())
      .max(1000)
      .refine((list) => new Set(list.map((m) => m.bproId)).size === list.length, {
        message: 'each payment method may appear once',
      })
      .optional(),
  })
  .strict();

const qboPaymentMethod = z.looseObject({ Name: z.string(), Active: z.boolean().optional() });

/** `GET|PUT /tenants/:tenantId/qbo/settings` (design.md §6). */
export function qboSettingsRouter({ db, qbo, log }: ApiDeps): Router {
  const router = Router();

  /** Names of the company's active payment methods, or null when not connected (or QBO is unreachable). */
  async function qboPaymentMethodNames(tenantId: string): Promise<Set<string> | null> {
    const connection = await findConnection(db, tenantId);
    if (connection?.status !== 'connected') return null;
    try {
      const rows = await qbo.clientFor(tenantId).queryAll('PaymentMethod');
      return new Set(
        rows
          .map((r) => qboPaymentMethod.parse(r))
          .filter((m) => m.Active !== false)
          .map((m) => m.Name),
      );
    } catch (error) {
      log.warn('could not read QuickBooks payment methods for settings', { tenantId, error: String(error) });
      return null;
    }
  }

  async function view(database: Database, tenantId: string) {
    const [settings, methods, qboNames] = await Promise.all([
      findSyncSettings(database, tenantId),
      listPaymentMethodSettings(database, tenantId),
      qboPaymentMethodNames(tenantId),
    ]);
    return {
      startDate: settings?.startDate ?? null,
      refundAccount: settings?.refundAccountId
        ? { id: settings.refundAccountId, name: settings.refundAccountName ?? null }
        : null,
      paymentMethods: methods.map((m) => ({
        bproId: m.bproId,
        name: m.name,
        active: m.isActive,
        enabled: m.enabled,
        qboMatch: qboNames ? qboNames.has(m.name) : null,
      })),
    };
  }

  router.get('/tenants/:tenantId/qbo/settings', async (req, res) => {
    const tenantId = tenantIdOf(req);
    await requireEnabledTenant(db, tenantId);
    res.json(await view(db, tenantId));
  });

  router.put('/tenants/:tenantId/qbo/settings', async (req, res) => {
    const tenantId = tenantIdOf(req);
    const body = settingsBody.parse(req.body);
    await requireEnabledTenant(db, tenantId);

    // Every check first: a refused request changes nothing (design.md §5.6).
    if (body.paymentMethods) {
      const known = new Set((await listPaymentMethodSettings(db, tenantId)).map((m) => m.bproId));
      const unknown = body.paymentMethods.map((m) => m.bproId).filter((id) => !known.has(id));
      if (unknown.length > 0)
        throw new HttpError(
          400,
          'unknown_payment_method',
          `No BPro payment method ${unknown.map((id) => `"${id}"`).join(', ')} in this account`,
          { unknown },
        );
    }
    let refundAccountName: string | null | undefined;
    if (body.refundAccountId) {
      await requireConnected(db, tenantId);
      const cash = await qbo.clientFor(tenantId).accounts('cash');
      const account = cash.find((a) => a.Id === body.refundAccountId && a.Active !== false);
      if (!account)
        throw new HttpError(
          400,
          'invalid_refund_account',
          `The refund account must be an active cash-based account of the QuickBooks company ` +
            `(${CASH_ACCOUNT_TYPES.join(' or ')}); account "${body.refundAccountId}" is not one.`,
          { refundAccountId: body.refundAccountId, allowedTypes: CASH_ACCOUNT_TYPES },
        );
      refundAccountName = account.FullyQualifiedName ?? account.Name;
    } else if (body.refundAccountId === null) refundAccountName = null;

    await db.transaction(async (tx) => {
      const patch = {
        ...(body.startDate === undefined ? {} : { startDate: body.startDate }),
        ...(refundAccountName === undefined
          ? {}
          : { refundAccountId: body.refundAccountId ?? null, refundAccountName }),
      };
      if (Object.keys(patch).length > 0) await saveSyncSettings(tx, tenantId, patch);
      if (body.paymentMethods) await savePaymentMethodSettings(tx, tenantId, body.paymentMethods);
    });
    log.info('sync settings saved', { tenantId, fields: Object.keys(body) });
    res.json(await view(db, tenantId));
  });

  return router;
}
