import type { QboSettings } from '../../config/fragments';

export type QboEndpoints = {
  authorize: string;
  token: string;
  revoke: string;
  userInfo: string;
  /** Accounting API base, without a trailing slash: `${apiBase}/v3/company/${realmId}/...`. */
  apiBase: string;
};

const INTUIT = {
  authorize: 'https://appcenter.intuit.com/connect/oauth2',
  token: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  revoke: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
};

/** Intuit's paths, all on one host (the emulator's layout). */
function onOneHost(url: string): QboEndpoints {
  const base = url.replace(/\/$/, '');
  return {
    authorize: `${base}/connect/oauth2`,
    token: `${base}/oauth2/v1/tokens/bearer`,
    revoke: `${base}/v2/oauth2/tokens/revoke`,
    userInfo: `${base}/v1/openid_connect/userinfo`,
    apiBase: base,
  };
}

/**
 * Where OAuth and API calls go: Intuit's hosts, or the local emulator — one code path. In sandbox
 * mode, `testIntuitBaseUrl` (QBO_TEST_INTUIT_BASE_URL, tests only; config refuses it elsewhere)
 * replaces every Intuit host.
 */
export function qboEndpoints(
  qbo: Pick<QboSettings, 'environment' | 'emulatorUrl' | 'testIntuitBaseUrl'>,
): QboEndpoints {
  if (qbo.environment === 'emulator') return onOneHost(qbo.emulatorUrl);
  const sandbox = qbo.environment === 'sandbox';
  if (sandbox && qbo.testIntuitBaseUrl) return onOneHost(qbo.testIntuitBaseUrl);
  return {
    ...INTUIT,
    userInfo: sandbox
      ? 'https://sandbox-accounts.platform.intuit.com/v1/openid_connect/userinfo'
      : 'https://accounts.platform.intuit.com/v1/openid_connect/userinfo',
    apiBase: sandbox ? 'https://sandbox-quickbooks.api.intuit.com' : 'https://quickbooks.api.intuit.com',
  };
}
