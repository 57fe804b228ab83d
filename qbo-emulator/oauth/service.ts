// OAuth 2.0 state machine over the store: auto-consent authorize, code exchange (single use),
// refresh with rotation and a grace period for the superseded value, revoke, and the bearer check
// used by the data API. No HTTP here.
import { oauthError } from '../errors';
import type { EmulatorOptions } from '../options';
import type { AccessToken, EmulatorStore, Grant, OAuthClientApp, RefreshToken } from '../store';
import { randomToken } from '../util';

export type OAuthResult<T> =
  { ok: true; value: T } | { ok: false; status: number; body: { error: string; error_description?: string } };

const HARD_CAP_MS = 5 * 365 * 24 * 3600 * 1000;

function fail(
  status: number,
  error: string,
  description?: string,
): { ok: false; status: number; body: ReturnType<typeof oauthError> } {
  return { ok: false, status, body: oauthError(error, description) };
}

export function parseBasicAuth(
  header: string | undefined,
): { clientId: string; clientSecret: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return { clientId: decoded.slice(0, i), clientSecret: decoded.slice(i + 1) };
}

export function authenticateClient(
  store: EmulatorStore,
  header: string | undefined,
): OAuthClientApp | undefined {
  const creds = parseBasicAuth(header);
  if (!creds) return undefined;
  const app = store.clients.get(creds.clientId);
  return app && app.clientSecret === creds.clientSecret ? app : undefined;
}

export interface AuthorizeParams {
  clientId: string | undefined;
  redirectUri: string | undefined;
  responseType: string | undefined;
  scope: string | undefined;
  state: string | undefined;
  realmId: string | undefined;
}

/** Auto-consent: returns the URL to redirect to, or an error page (no redirect to an unverified URI). */
export function authorize(
  store: EmulatorStore,
  options: EmulatorOptions,
  p: AuthorizeParams,
  ensureRealm: () => string,
): OAuthResult<string> {
  const app = p.clientId === undefined ? undefined : store.clients.get(p.clientId);
  if (!app) return fail(400, 'invalid_client', 'Unknown client_id');
  if (p.redirectUri === undefined || !app.redirectUris.includes(p.redirectUri))
    return fail(400, 'invalid_request', 'The redirect_uri is not registered for this app');
  const back = new URL(p.redirectUri);
  const withError = (error: string): OAuthResult<string> => {
    back.searchParams.set('error', error);
    if (p.state !== undefined) back.searchParams.set('state', p.state);
    return { ok: true, value: back.toString() };
  };
  if (p.responseType !== 'code') return withError('unsupported_response_type');
  if (p.scope === undefined || p.scope.trim() === '') return withError('invalid_scope');
  let realmId = p.realmId ?? store.pendingRealmId;
  if (realmId !== undefined && !store.realms.has(realmId)) return withError('access_denied');
  realmId ??= ensureRealm();
  const code = `AB11${randomToken(36)}`;
  store.codes.set(code, {
    code,
    clientId: app.clientId,
    redirectUri: p.redirectUri,
    realmId,
    scope: p.scope,
    expiresAt: options.now() + options.authCodeTtlSeconds * 1000,
    grantId: undefined,
  });
  back.searchParams.set('code', code);
  if (p.state !== undefined) back.searchParams.set('state', p.state);
  back.searchParams.set('realmId', realmId);
  return { ok: true, value: back.toString() };
}

export interface TokenResponse {
  token_type: 'bearer';
  access_token: string;
  expires_in: number;
  refresh_token: string;
  x_refresh_token_expires_in: number;
  x_refresh_token_hard_expires_in?: number;
}

function issueAccess(store: EmulatorStore, options: EmulatorOptions, grantId: string): AccessToken {
  const token = `eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..${randomToken(48)}.${randomToken(180)}.${randomToken(16)}`;
  const at: AccessToken = { token, grantId, expiresAt: options.now() + options.accessTokenTtlSeconds * 1000 };
  store.accessTokens.set(token, at);
  return at;
}

function issueRefresh(store: EmulatorStore, options: EmulatorOptions, grantId: string): RefreshToken {
  const now = options.now();
  const rt: RefreshToken = {
    token: `AB11${Math.floor(now / 1000) + options.refreshTokenTtlSeconds}${randomToken(27)}`,
    grantId,
    issuedAt: now,
    expiresAt: now + options.refreshTokenTtlSeconds * 1000,
    supersededAt: undefined,
    successor: undefined,
  };
  store.refreshTokens.set(rt.token, rt);
  return rt;
}

function respond(
  options: EmulatorOptions,
  grant: Grant,
  at: AccessToken,
  rt: RefreshToken,
  hard: boolean,
): TokenResponse {
  const now = options.now();
  const body: TokenResponse = {
    token_type: 'bearer',
    access_token: at.token,
    expires_in: options.accessTokenTtlSeconds,
    refresh_token: rt.token,
    x_refresh_token_expires_in: Math.max(0, Math.ceil((rt.expiresAt - now) / 1000)),
  };
  if (hard)
    body.x_refresh_token_hard_expires_in = Math.max(
      0,
      Math.floor((grant.createdAt + HARD_CAP_MS - now) / 1000),
    );
  return body;
}

export function revokeGrant(store: EmulatorStore, grantId: string): void {
  const g = store.grants.get(grantId);
  if (g) g.revoked = true;
}

export function exchangeCode(
  store: EmulatorStore,
  options: EmulatorOptions,
  app: OAuthClientApp,
  code: string | undefined,
  redirectUri: string | undefined,
  hard: boolean,
): OAuthResult<TokenResponse> {
  if (code === undefined || code === '') return fail(400, 'invalid_request', 'code is required');
  const c = store.codes.get(code);
  if (!c || c.clientId !== app.clientId) return fail(400, 'invalid_grant');
  if (c.grantId !== undefined) {
    if (options.codeReusePoisonsGrant) revokeGrant(store, c.grantId);
    return fail(400, 'invalid_grant');
  }
  if (c.expiresAt <= options.now()) return fail(400, 'invalid_grant');
  if (redirectUri !== c.redirectUri) return fail(400, 'invalid_grant');
  const grant: Grant = {
    grantId: randomToken(12),
    clientId: app.clientId,
    realmId: c.realmId,
    scope: c.scope,
    createdAt: options.now(),
    revoked: false,
  };
  store.grants.set(grant.grantId, grant);
  c.grantId = grant.grantId;
  return {
    ok: true,
    value: respond(
      options,
      grant,
      issueAccess(store, options, grant.grantId),
      issueRefresh(store, options, grant.grantId),
      hard,
    ),
  };
}

export function refreshGrant(
  store: EmulatorStore,
  options: EmulatorOptions,
  app: OAuthClientApp,
  token: string | undefined,
  hard: boolean,
): OAuthResult<TokenResponse> {
  if (token === undefined || token === '') return fail(400, 'invalid_request', 'refresh_token is required');
  const rt = store.refreshTokens.get(token);
  const now = options.now();
  if (!rt) return fail(400, 'invalid_grant', 'Incorrect or invalid refresh token');
  const grant = store.grants.get(rt.grantId);
  if (!grant || grant.clientId !== app.clientId)
    return fail(400, 'invalid_grant', 'Incorrect or invalid refresh token');
  if (grant.revoked) return fail(400, 'invalid_grant', 'Token invalid');
  if (rt.expiresAt <= now || grant.createdAt + HARD_CAP_MS <= now)
    return fail(400, 'invalid_grant', 'Token expired');
  let current = rt;
  if (rt.supersededAt !== undefined) {
    if (now - rt.supersededAt >= options.refreshTokenGraceMs)
      return fail(400, 'invalid_grant', 'Incorrect or invalid refresh token');
    // Within the grace period the old value still works and yields the latest one.
    let latest = rt;
    while (latest.successor !== undefined) {
      const next = store.refreshTokens.get(latest.successor);
      if (!next) break;
      latest = next;
    }
    current = latest;
  } else if (now - rt.issuedAt >= options.refreshTokenRotateAfterMs) {
    current = issueRefresh(store, options, grant.grantId);
    rt.supersededAt = now;
    rt.successor = current.token;
  }
  // Each successful refresh extends the rolling lifetime of the current value.
  current.expiresAt = now + options.refreshTokenTtlSeconds * 1000;
  return {
    ok: true,
    value: respond(options, grant, issueAccess(store, options, grant.grantId), current, hard),
  };
}

/** Revokes the grant a token belongs to; unknown tokens are accepted silently (RFC 7009). */
export function revokeToken(
  store: EmulatorStore,
  options: EmulatorOptions,
  app: OAuthClientApp,
  token: string,
): void {
  const grantId = store.accessTokens.get(token)?.grantId ?? store.refreshTokens.get(token)?.grantId;
  if (grantId === undefined) return;
  const grant = store.grants.get(grantId);
  if (!grant || grant.clientId !== app.clientId) return;
  if (options.revokeWholeGrant || store.refreshTokens.has(token)) revokeGrant(store, grantId);
  else store.accessTokens.delete(token);
}

export type BearerCheck =
  { ok: true; realmId: string } | { ok: false; reason: 'missing' | 'malformed' | 'invalid' | 'expired' };

export function checkBearer(store: EmulatorStore, now: number, header: string | undefined): BearerCheck {
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing' };
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!m?.[1]) return { ok: false, reason: 'malformed' };
  const at = store.accessTokens.get(m[1]);
  if (!at) return { ok: false, reason: 'invalid' };
  const grant = store.grants.get(at.grantId);
  if (!grant || grant.revoked) return { ok: false, reason: 'invalid' };
  if (at.expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, realmId: grant.realmId };
}

export function expireRealmTokens(store: EmulatorStore, realmId: string, now: number): number {
  let n = 0;
  for (const at of store.accessTokens.values()) {
    if (store.grants.get(at.grantId)?.realmId === realmId && at.expiresAt > now) {
      at.expiresAt = now;
      n++;
    }
  }
  return n;
}

export function revokeRealm(store: EmulatorStore, realmId: string): number {
  let n = 0;
  for (const g of store.grants.values()) {
    if (g.realmId === realmId && !g.revoked) {
      g.revoked = true;
      n++;
    }
  }
  return n;
}
