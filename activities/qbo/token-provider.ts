// Access tokens for QBO calls. Refreshes ahead of expiry (and when QBO rejected the token), one
// refresher per tenant across every process: the refresh happens inside a transaction holding
// the connection's row lock, and the rotated pair is committed before the new access token is
// used. `invalid_grant` marks the connection reauth_required and is never retried blindly.
import type { Database } from '../../db/client';
import {
  findConnection,
  lockConnection,
  setConnectionStatus,
  storeRefreshedTokens,
  type QboConnectionRow,
} from '../../db/queries/qbo-connections';
import { QboError } from './errors';
import { OAuthGrantError, type IntuitOAuth } from './oauth';
import type { TokenCrypto } from './token-crypto';

export type AccessGrant = { accessToken: string; realmId: string };

const CACHE_MS = 15_000;

type Outcome =
  | { kind: 'ok'; grant: AccessGrant }
  | { kind: 'revoked'; reason: string }
  | { kind: 'reauth'; reason: string }
  | { kind: 'not_connected' };

export type TokenProviderOptions = {
  /** Refresh this long before the access token expires. Default 300 s. */
  refreshMarginSeconds?: number;
  now?: () => number;
};

export class TokenProvider {
  private readonly margin: number;
  private readonly cache = new Map<string, { grant: AccessGrant; until: number }>();
  private readonly now: () => number;

  constructor(
    private readonly db: Database,
    private readonly crypto: TokenCrypto,
    private readonly oauth: IntuitOAuth,
    options: TokenProviderOptions = {},
  ) {
    this.margin = (options.refreshMarginSeconds ?? 300) * 1000;
    this.now = options.now ?? Date.now;
  }

  /**
   * A usable access token for the tenant. Pass the token QBO just answered 401 to as
   * `rejected` to force a refresh, unless another caller has refreshed meanwhile.
   */
  async accessToken(tenantId: string, options: { rejected?: string } = {}): Promise<AccessGrant> {
    // Fastest path: this process read a fresh token moments ago (never past its refresh margin).
    const cached = this.cache.get(tenantId);
    if (cached && cached.until > this.now() && cached.grant.accessToken !== options.rejected)
      return cached.grant;
    // Fast path, no lock: the stored token is fresh and not the one QBO just rejected.
    const current = await findConnection(this.db, tenantId);
    if (current?.status === 'connected' && current.accessTokenEnc && this.isFresh(current)) {
      const access = this.crypto.decrypt(current.accessTokenEnc, tenantId);
      if (access !== options.rejected)
        return this.remember(tenantId, current, { accessToken: access, realmId: current.realmId });
    }
    this.cache.delete(tenantId);
    const outcome = await this.db.transaction(async (tx): Promise<Outcome> => {
      const row = await lockConnection(tx, tenantId);
      if (!row || row.status === 'disconnected' || !row.accessTokenEnc || !row.refreshTokenEnc) {
        return { kind: 'not_connected' as const };
      }
      if (row.status === 'reauth_required')
        return { kind: 'reauth' as const, reason: row.lastError ?? 'QuickBooks needs to be reconnected' };
      const access = this.crypto.decrypt(row.accessTokenEnc, tenantId);
      if (access !== options.rejected && this.isFresh(row)) {
        return { kind: 'ok' as const, grant: { accessToken: access, realmId: row.realmId } };
      }
      try {
        const tokens = await this.oauth.refresh(this.crypto.decrypt(row.refreshTokenEnc, tenantId));
        await storeRefreshedTokens(tx, tenantId, {
          accessTokenEnc: this.crypto.encrypt(tokens.accessToken, tenantId),
          accessTokenExpiresIn: tokens.expiresIn,
          refreshTokenEnc: this.crypto.encrypt(tokens.refreshToken, tenantId),
          refreshTokenExpiresIn: tokens.refreshExpiresIn,
        });
        return { kind: 'ok' as const, grant: { accessToken: tokens.accessToken, realmId: row.realmId } };
      } catch (error) {
        if (error instanceof OAuthGrantError && error.reconnectRequired) {
          return {
            kind: 'revoked' as const,
            reason: `QuickBooks refused the refresh token (${error.message}); reconnect the company`,
          };
        }
        throw error;
      }
    });
    return this.settle(tenantId, outcome);
  }

  /** Keeps a grant for a short while: status changes (disconnect, reauth) show within CACHE_MS. */
  private remember(tenantId: string, row: QboConnectionRow, grant: AccessGrant): AccessGrant {
    const expiresAt = (row.accessTokenIssuedAt?.getTime() ?? 0) + (row.accessTokenExpiresIn ?? 0) * 1000;
    this.cache.set(tenantId, { grant, until: Math.min(this.now() + CACHE_MS, expiresAt - this.margin) });
    return grant;
  }

  private isFresh(row: QboConnectionRow): boolean {
    const expiresAt = (row.accessTokenIssuedAt?.getTime() ?? 0) + (row.accessTokenExpiresIn ?? 0) * 1000;
    return expiresAt - this.margin > this.now();
  }

  private async settle(tenantId: string, outcome: Outcome): Promise<AccessGrant> {
    switch (outcome.kind) {
      case 'ok':
        return outcome.grant;
      case 'revoked':
        await setConnectionStatus(this.db, tenantId, 'reauth_required', outcome.reason);
        throw new QboError({ type: 'auth_revoked', message: outcome.reason });
      case 'reauth':
        throw new QboError({ type: 'auth_revoked', message: outcome.reason });
      case 'not_connected':
        throw new QboError({ type: 'auth_revoked', message: 'The tenant has no QuickBooks connection' });
    }
  }
}
