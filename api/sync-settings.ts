// The tenant's sync settings (design.md §5.6): read with the QuickBooks match of each payment
// method, and save after every check. Shared by the JSON routes and the management page.
import { CASH_ACCOUNT_TYPES } from '../activities/qbo/accounts';
import { findConnection } from '../db/queries/qbo-connections';
import {
  findSyncSettings,
  listPaymentMethodSettings,
  savePaymentMethodSettings,
  saveSyncSettings,
} from '../db/queries/settings';
import type { ApiDeps } from './deps';
import { HttpError } from './middleware/errors';
import { newlyTicked, queuePaymentsOfTickedMethods } from './payment-method-requeue';
import { qboPaymentMethodSchema, type SettingsBody, type SettingsView } from './schemas';
import { requireConnected } from './tenant-guards';

type Deps = Pick<ApiDeps, 'db' | 'qbo' | 'log'>;

/** Names of the company's active payment methods, or null when not connected (or QBO is unreachable). */
async function qboPaymentMethodNames({ db, qbo, log }: Deps, tenantId: string): Promise<Set<string> | null> {
  const connection = await findConnection(db, tenantId);
  if (connection?.status !== 'connected') return null;
  try {
    const rows = await qbo.clientFor(tenantId).queryAll('PaymentMethod');
    return new Set(
      rows
        .map((r) => qboPaymentMethodSchema.parse(r))
        .filter((m) => m.Active !== false)
        .map((m) => m.Name),
    );
  } catch (error) {
    log.warn('could not read QuickBooks payment methods for settings', { tenantId, error: String(error) });
    return null;
  }
}

export async function readSettings(deps: Deps, tenantId: string): Promise<SettingsView> {
  const [settings, methods, qboNames] = await Promise.all([
    findSyncSettings(deps.db, tenantId),
    listPaymentMethodSettings(deps.db, tenantId),
    qboPaymentMethodNames(deps, tenantId),
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

/**
 * Checks everything first (a refused request changes nothing), then saves in one transaction. The
 * payments of methods that went from unchecked to checked are then queued; returns how many.
 */
export async function saveSettings(
  deps: ApiDeps,
  tenantId: string,
  body: SettingsBody,
): Promise<{ queuedPayments: number }> {
  const { db, qbo, log } = deps;
  let ticked: string[] = [];
  if (body.paymentMethods) {
    const before = await listPaymentMethodSettings(db, tenantId);
    ticked = newlyTicked(before, body.paymentMethods);
    const known = new Set(before.map((m) => m.bproId));
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
  return { queuedPayments: await queuePaymentsOfTickedMethods(deps, tenantId, ticked) };
}

/** The company's active cash-based accounts (Bank, Other Current Asset), as the API lists them. */
export async function listAccounts({ qbo }: Pick<ApiDeps, 'qbo'>, tenantId: string, kind: 'cash' | 'all') {
  const accounts = await qbo.clientFor(tenantId).accounts(kind);
  return accounts
    .filter((a) => a.Active !== false)
    .map((a) => ({
      id: a.Id,
      name: a.Name,
      fullyQualifiedName: a.FullyQualifiedName ?? a.Name,
      type: a.AccountType,
      subType: a.AccountSubType ?? null,
    }));
}
