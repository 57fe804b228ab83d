/* eslint-disable @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// Chooses what the contract suite talks to. With QBO_CONTRACT_SANDBOX_* credentials in the
// environment it targets a real Intuit sandbox company; otherwise an in-process emulator on a
// random port. Tests that need the emulator's control endpoints use `emulatorOnly`.
import { afterAll, beforeAll } from 'vitest';
import { createQboEmulator, type QboEmulator } from '../../../qbo-emulator/server';
import type { EmulatorOptionsInput } from '../../../qbo-emulator/options';
import { QboClient } from './client';

export interface SandboxEnv {
  realmId: string;
  accessToken: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  refreshToken: string | undefined;
  apiBase: string;
}

export function sandboxEnv(): SandboxEnv | undefined {
  const e = process.env;
  if (e['QBO_CONTRACT_TARGET'] === 'emulator') return undefined;
  const realmId = e['QBO_CONTRACT_SANDBOX_REALM_ID'];
  const accessToken = e['QBO_CONTRACT_SANDBOX_ACCESS_TOKEN'];
  const refreshToken = e['QBO_CONTRACT_SANDBOX_REFRESH_TOKEN'];
  const clientId = e['QBO_CONTRACT_SANDBOX_CLIENT_ID'];
  const clientSecret = e['QBO_CONTRACT_SANDBOX_CLIENT_SECRET'];
  if (!realmId || (!accessToken && !(refreshToken && clientId && clientSecret))) return undefined;
  return {
    realmId,
    accessToken,
    refreshToken,
    clientId,
    clientSecret,
    apiBase: e['QBO_CONTRACT_SANDBOX_API_BASE'] ?? 'https://sandbox-quickbooks.api.intuit.com',
  };
}

export const TARGET_KIND: 'emulator' | 'sandbox' = sandboxEnv() ? 'sandbox' : 'emulator';
export const isEmulator = TARGET_KIND === 'emulator';

export const TEST_CLIENT = {
  clientId: 'contract-client',
  clientSecret: 'contract-secret',
  redirectUri: 'http://localhost:3999/callback',
};

export interface Target {
  kind: 'emulator' | 'sandbox';
  client: QboClient;
  /** Emulator only: base URL for OAuth and /__emulator. */
  baseUrl: string;
  emulator: QboEmulator | undefined;
  refreshToken: string | undefined;
  control(method: string, path: string, body?: unknown): Promise<ControlResponse>;
}

export interface ControlResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- control responses are asserted loosely
  json: any;
}

export async function control(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ControlResponse> {
  const res = await fetch(`${baseUrl}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  return { status: res.status, json };
}

/** Registers the test app, creates a company and runs the OAuth code flow over HTTP. */
export async function connect(baseUrl: string, body: Record<string, unknown> = {}) {
  await control(baseUrl, 'POST', '/clients', {
    clientId: TEST_CLIENT.clientId,
    clientSecret: TEST_CLIENT.clientSecret,
    redirectUris: [TEST_CLIENT.redirectUri],
  });
  const realm = await control(baseUrl, 'POST', '/realms', { companyName: 'Contract Co', ...body });
  const realmId = String(realm.json.realmId);
  const auth = new URL(`${baseUrl}/connect/oauth2`);
  auth.search = new URLSearchParams({
    client_id: TEST_CLIENT.clientId,
    redirect_uri: TEST_CLIENT.redirectUri,
    response_type: 'code',
    scope: 'com.intuit.quickbooks.accounting',
    state: 's1',
    realmId,
  }).toString();
  const redirect = await fetch(auth, { redirect: 'manual' });
  const location = new URL(redirect.headers.get('location') ?? '');
  const code = location.searchParams.get('code') ?? '';
  const tokenRes = await fetch(`${baseUrl}/oauth2/v1/tokens/bearer`, {
    method: 'POST',
    headers: {
      Authorization: basic(),
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: TEST_CLIENT.redirectUri,
    }).toString(),
  });
  const tokens = (await tokenRes.json()) as { access_token: string; refresh_token: string };
  return { realmId, accessToken: tokens.access_token, refreshToken: tokens.refresh_token };
}

export function basic(id = TEST_CLIENT.clientId, secret = TEST_CLIENT.clientSecret): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

async function sandboxAccessToken(env: SandboxEnv): Promise<string> {
  if (env.accessToken) return env.accessToken;
  const res = await fetch('https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer', {
    method: 'POST',
    headers: {
      Authorization: basic(env.clientId, env.clientSecret),
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: env.refreshToken ?? '',
    }).toString(),
  });
  const json = (await res.json()) as { access_token?: string };
  if (!json.access_token) throw new Error(`sandbox refresh failed with HTTP ${res.status}`);
  return json.access_token;
}

/**
 * Sets up the target for a test file. With the emulator, limits are disabled unless
 * `keepLimits` (tests of throttling switch them on themselves).
 */
export function useTarget(
  opts: {
    emulatorOptions?: EmulatorOptionsInput;
    keepLimits?: boolean;
    realm?: Record<string, unknown>;
  } = {},
): Target {
  const t = { kind: TARGET_KIND } as Target;
  beforeAll(async () => {
    const env = sandboxEnv();
    if (env) {
      t.client = new QboClient(env.apiBase, env.realmId, await sandboxAccessToken(env), 150);
      t.baseUrl = '';
      t.emulator = undefined;
      t.control = () => Promise.reject(new Error('control endpoints exist only on the emulator'));
      return;
    }
    const emulator = createQboEmulator(opts.emulatorOptions ?? {});
    const { url } = await emulator.listen(0);
    const conn = await connect(url, opts.realm);
    if (!opts.keepLimits) await control(url, 'PUT', '/limits', { enabled: false });
    t.emulator = emulator;
    t.baseUrl = url;
    t.refreshToken = conn.refreshToken;
    t.client = new QboClient(url, conn.realmId, conn.accessToken);
    t.control = (method, path, body) => control(url, method, path, body);
  });
  afterAll(async () => {
    await t.emulator?.close();
  });
  return t;
}
