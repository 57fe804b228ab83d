// Intuit OAuth 2.0 through the `intuit-oauth` package, pointed at Intuit or at the emulator.
// Every call uses a fresh OAuthClient so no token state is shared between concurrent calls;
// the endpoints are the package's process-wide statics, set once here from config.
import OAuthClient from 'intuit-oauth';
import { z } from 'zod';
import type { QboSettings } from '../../config/fragments';
import { qboEndpoints } from './endpoints';

export const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';

export type OAuthTokens = {
  accessToken: string;
  refreshToken: string;
  /** Seconds. */
  expiresIn: number;
  /** Seconds (x_refresh_token_expires_in). */
  refreshExpiresIn: number;
  intuitTid: string | undefined;
};

/** A refused grant or client: `invalid_grant` means the user must reconnect. */
export class OAuthGrantError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly intuitTid: string | undefined,
  ) {
    super(description ? `${error}: ${description}` : error);
    this.name = 'OAuthGrantError';
  }
  get reconnectRequired(): boolean {
    return this.error === 'invalid_grant';
  }
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
  x_refresh_token_expires_in: z.coerce.number().int().positive(),
});

type AuthResponseLike = { json?: unknown; getIntuitTid?: () => string };

function toTokens(response: AuthResponseLike): OAuthTokens {
  const body = tokenResponse.parse(response.json);
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    expiresIn: body.expires_in,
    refreshExpiresIn: body.x_refresh_token_expires_in,
    intuitTid: response.getIntuitTid?.() || undefined,
  };
}

/** intuit-oauth wraps token-endpoint failures in an Error carrying `error`/`error_description`. */
function toGrantError(error: unknown): Error {
  const e = error as {
    error?: unknown;
    error_description?: unknown;
    intuit_tid?: unknown;
    message?: unknown;
  } | null;
  const code = typeof e?.error === 'string' && e.error ? e.error : undefined;
  const tid = typeof e?.intuit_tid === 'string' && e.intuit_tid ? e.intuit_tid : undefined;
  if (code === 'invalid_grant' || code === 'invalid_client' || code === 'invalid_request') {
    return new OAuthGrantError(
      code,
      typeof e?.error_description === 'string' ? e.error_description : '',
      tid,
    );
  }
  // A 401 from the token endpoint surfaces as "Unauthorized": our client credentials are wrong.
  if (code === 'Unauthorized')
    return new OAuthGrantError('invalid_client', 'The app’s client id or secret was refused', tid);
  return error instanceof Error ? error : new Error(String(error));
}

export class IntuitOAuth {
  constructor(private readonly qbo: QboSettings) {
    const endpoints = qboEndpoints(qbo);
    this.client().setAuthorizeURLs({
      authorizeEndpoint: endpoints.authorize,
      tokenEndpoint: endpoints.token,
      revokeEndpoint: endpoints.revoke,
      userInfoEndpoint: endpoints.userInfo,
    });
  }

  private client(): OAuthClient {
    return new OAuthClient({
      clientId: this.qbo.clientId,
      clientSecret: this.qbo.clientSecret,
      environment: this.qbo.environment === 'production' ? 'production' : 'sandbox',
      redirectUri: this.qbo.redirectUri,
    });
  }

  authorizeUrl(state: string): string {
    return this.client().authorizeUri({ scope: [ACCOUNTING_SCOPE], state });
  }

  /** Exchanges the callback's code (single use) for tokens. */
  async exchangeCode(callbackUrl: string): Promise<OAuthTokens> {
    try {
      return toTokens(await this.client().createToken(callbackUrl));
    } catch (error) {
      throw toGrantError(error);
    }
  }

  async refresh(refreshToken: string): Promise<OAuthTokens> {
    try {
      return toTokens(await this.client().refreshUsingToken(refreshToken));
    } catch (error) {
      throw toGrantError(error);
    }
  }

  /** Revokes the grant (Intuit disconnects the app from the company). */
  async revoke(token: string): Promise<void> {
    try {
      await this.client().revoke({ refresh_token: token });
    } catch (error) {
      throw toGrantError(error);
    }
  }
}
