/* eslint-disable @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// The real intuit-oauth package, unchanged, pointed at the emulator through setAuthorizeURLs:
// authorize → follow the redirect → createToken → refresh → revoke.
import OAuthClient from 'intuit-oauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQboEmulator, type QboEmulator } from '../../qbo-emulator/server';
import { control, isEmulator, TEST_CLIENT } from './support/target';

describe.skipIf(!isEmulator)('intuit-oauth against the emulator', () => {
  let emulator: QboEmulator;
  let url: string;
  let realmId: string;

  beforeAll(async () => {
    emulator = createQboEmulator();
    ({ url } = await emulator.listen(0));
    await control(url, 'POST', '/clients', {
      clientId: TEST_CLIENT.clientId,
      clientSecret: TEST_CLIENT.clientSecret,
      redirectUris: [TEST_CLIENT.redirectUri],
    });
    realmId = String(
      (await control(url, 'POST', '/realms', { companyName: 'intuit-oauth Co' })).json.realmId,
    );
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('authorize → createToken → refresh → revoke', async () => {
    const client = new OAuthClient({
      clientId: TEST_CLIENT.clientId,
      clientSecret: TEST_CLIENT.clientSecret,
      environment: 'sandbox',
      redirectUri: TEST_CLIENT.redirectUri,
    });
    client.setAuthorizeURLs({
      authorizeEndpoint: `${url}/connect/oauth2`,
      tokenEndpoint: `${url}/oauth2/v1/tokens/bearer`,
      revokeEndpoint: `${url}/v2/oauth2/tokens/revoke`,
      userInfoEndpoint: `${url}/v1/openid_connect/userinfo`,
    });
    const authUri = client.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: 'csrf-123' });
    expect(authUri.startsWith(`${url}/connect/oauth2?`)).toBe(true);

    const consent = await fetch(authUri, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const callback = consent.headers.get('location') ?? '';
    expect(new URL(callback).searchParams.get('realmId')).toBe(realmId);

    const created = await client.createToken(callback);
    const tok = created.getToken();
    expect(tok.realmId).toBe(realmId);
    expect(tok.expires_in).toBe(3600);
    expect(tok.x_refresh_token_expires_in).toBe(8_726_400);
    expect(client.isAccessTokenValid()).toBe(true);

    const api = await fetch(`${url}/v3/company/${realmId}/companyinfo/${realmId}`, {
      headers: { Authorization: `Bearer ${tok.access_token}`, Accept: 'application/json' },
    });
    expect(api.status).toBe(200);

    const refreshed = await client.refresh();
    expect(refreshed.getToken().access_token).not.toBe(tok.access_token);
    expect(client.getToken().realmId).toBe(realmId);

    const refreshToken = client.getToken().refresh_token;
    await client.revoke();
    await expect(client.refreshUsingToken(refreshToken)).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
