// Connecting a tenant to its QuickBooks company: the OAuth state, the code exchange and the
// rules around it. Routes in routes/qbo-connection.ts stay thin.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { consumeOAuthState, createOAuthState } from '../db/queries/oauth-states';
import { findConnection, saveConnectedCompany } from '../db/queries/qbo-connections';
import { findTenant } from '../db/queries/tenants';
import { entityLinks } from '../db/schema';
import type { QboServices } from '../activities/qbo/services';
import { readConnectingCompany } from './connect-company';
import { HttpError } from './middleware/errors';

export const OAUTH_STATE_TTL_SECONDS = 600;

/** The tenant, which must exist and have the QuickBooks feature switched on. */
export async function requireEnabledTenant(db: Database, tenantId: string) {
  const tenant = await findTenant(db, tenantId);
  if (!tenant) throw new HttpError(404, 'tenant_not_found', `No tenant "${tenantId}"`);
  if (!tenant.qboEnabled) {
    throw new HttpError(
      403,
      'feature_disabled',
      'QuickBooks Online sync is not enabled for this account. Contact BPro support to switch it on.',
    );
  }
  return tenant;
}

/** A single-use, expiring state bound to the tenant, and the consent URL carrying it. */
export async function startConnect(db: Database, qbo: QboServices, tenantId: string): Promise<string> {
  await requireEnabledTenant(db, tenantId);
  const state = randomBytes(32).toString('base64url');
  await createOAuthState(db, { state, tenantId, ttlSeconds: OAUTH_STATE_TTL_SECONDS });
  return qbo.oauth.authorizeUrl(state);
}

export type CallbackQuery = {
  code?: string;
  state?: string;
  realmId?: string;
  error?: string;
  error_description?: string;
};

/**
 * Completes the OAuth redirect: checks the state, refuses a different company than the one the
 * tenant is linked to, exchanges the code, reads CompanyInfo and Preferences (a non-US company is
 * refused: see connect-company.ts), stores the encrypted tokens and the company's kind.
 */
export async function completeConnect(
  db: Database,
  qbo: QboServices,
  query: CallbackQuery,
  callbackUrl: string,
): Promise<{ tenantId: string; realmId: string; companyName: string }> {
  if (!query.state)
    throw new HttpError(
      400,
      'invalid_state',
      'The QuickBooks redirect carried no state. Start the connection again.',
    );
  const consumed = await consumeOAuthState(db, query.state);
  if (!consumed.ok) {
    const why = { unknown: 'is not one we issued', used: 'was already used', expired: 'has expired' }[
      consumed.reason
    ];
    throw new HttpError(
      400,
      'invalid_state',
      `The connection request ${why}. Start the connection again from BPro.`,
    );
  }
  const tenantId = consumed.tenantId;
  if (query.error) {
    throw new HttpError(
      400,
      'consent_denied',
      `QuickBooks did not grant access (${query.error}${query.error_description ? `: ${query.error_description}` : ''}).`,
    );
  }
  if (!query.code || !query.realmId)
    throw new HttpError(
      400,
      'invalid_callback',
      'The QuickBooks redirect is missing its code or company id.',
    );
  await requireEnabledTenant(db, tenantId);

  const existing = await findConnection(db, tenantId);
  if (existing && existing.status !== 'disconnected' && existing.realmId !== query.realmId) {
    throw new HttpError(
      409,
      'different_company',
      `This account is linked to the QuickBooks company "${existing.companyName ?? existing.realmId}". ` +
        'To use another company, disconnect first (records already synced stay in the old company).',
    );
  }

  const tokens = await qbo.oauth.exchangeCode(callbackUrl);
  // Its name and kind (country, currencies, subscription); a non-US company is refused here.
  const company = await readConnectingCompany(qbo, tenantId, query.realmId, tokens);

  await db.transaction(async (tx) => {
    // A different company than the previously disconnected one: links into the old company mean nothing there.
    if (existing && existing.realmId !== query.realmId)
      await tx.delete(entityLinks).where(eq(entityLinks.tenantId, tenantId));
    await saveConnectedCompany(tx, {
      tenantId,
      realmId: query.realmId ?? '',
      companyName: company.companyName,
      environment: qbo.settings.environment,
      accessTokenEnc: qbo.crypto.encrypt(tokens.accessToken, tenantId),
      accessTokenExpiresIn: tokens.expiresIn,
      refreshTokenEnc: qbo.crypto.encrypt(tokens.refreshToken, tenantId),
      refreshTokenExpiresIn: tokens.refreshExpiresIn,
      country: company.country,
      homeCurrency: company.homeCurrency,
      multicurrency: company.multicurrency,
      subscriptionStatus: company.subscriptionStatus,
    });
  });
  return { tenantId, realmId: query.realmId, companyName: company.companyName };
}
