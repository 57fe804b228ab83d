// An API wired to a QBO emulator over real HTTP (both in-process, on free ports), plus the
// browser's part of the OAuth dance: follow the consent redirect back to our callback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { createQboServices, type QboServices } from '../../../activities/qbo/services';
import { createApp } from '../../../api/app';
import { loadApiConfig, type ApiConfig } from '../../../api/config';
import { createLogger } from '../../../config/logger';
import type { Database } from '../../../db/client';
import { createQboEmulator, type QboEmulator } from '../../../qbo-emulator/server';
import type { EmulatorOptionsInput } from '../../../qbo-emulator/options';
import type { RateLimiterOptions } from '../../../activities/qbo/rate-limiter';
import type { TransientRetryOptions } from '../../../activities/qbo/client';

export const API_TOKEN = 'integration-api-token-0123456789';
export const CLIENT = { clientId: 'test-client', clientSecret: 'test-secret' };

export type QboStack = {
  apiUrl: string;
  emulatorUrl: string;
  emulator: QboEmulator;
  config: ApiConfig;
  qbo: QboServices;
  /** fetch against the API with the bearer token. */
  api: (path: string, init?: RequestInit) => Promise<Response>;
  control: (method: string, path: string, body?: unknown) => Promise<Response>;
  createRealm: (companyName: string) => Promise<string>;
  /** Runs the whole consent flow; returns the callback's response. */
  connect: (tenantId: string, options?: { realmId?: string }) => Promise<Response>;
  close: () => Promise<void>;
};

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

export async function startQboStack(
  db: Database,
  temporal: Client,
  emulatorOptions: EmulatorOptionsInput = {},
  options: {
    env?: NodeJS.ProcessEnv;
    rateLimits?: RateLimiterOptions;
    transientRetries?: TransientRetryOptions;
  } = {},
): Promise<QboStack> {
  const emulator = createQboEmulator(emulatorOptions);
  const { url: emulatorUrl } = await emulator.listen(0);
  const server = createServer();
  const port = await listen(server);
  const apiUrl = `http://127.0.0.1:${port}`;
  const redirectUri = `${apiUrl}/api/v1/qbo/callback`;
  const config = loadApiConfig({
    API_TOKEN,
    QBO_EMULATOR_URL: emulatorUrl,
    QBO_CLIENT_ID: CLIENT.clientId,
    QBO_CLIENT_SECRET: CLIENT.clientSecret,
    QBO_ENVIRONMENT: 'emulator',
    QBO_REDIRECT_URI: redirectUri,
    ...options.env,
  });
  const qbo = createQboServices(db, config.qbo, config.tokenEncryptionKey, {
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.transientRetries ? { transientRetries: options.transientRetries } : {}),
  });
  server.on('request', createApp({ config, db, temporal, qbo, log: createLogger('api-test', 'error') }));

  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${emulatorUrl}/__emulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  await control('POST', '/clients', { ...CLIENT, redirectUris: [redirectUri] });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${apiUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${API_TOKEN}`, ...(init.headers as Record<string, string>) },
    });

  return {
    apiUrl,
    emulatorUrl,
    emulator,
    config,
    qbo,
    api,
    control,
    createRealm: async (companyName) => {
      const res = await control('POST', '/realms', { companyName });
      return ((await res.json()) as { realmId: string }).realmId;
    },
    connect: async (tenantId, options = {}) => {
      const start = await api(`/api/v1/tenants/${tenantId}/qbo/connect`, { redirect: 'manual' });
      if (start.status !== 302) return start;
      const authorize = new URL(start.headers.get('location') ?? '');
      if (options.realmId) authorize.searchParams.set('realmId', options.realmId);
      const consent = await fetch(authorize, { redirect: 'manual' });
      const callback = consent.headers.get('location');
      if (consent.status !== 302 || !callback) return consent;
      return fetch(callback, { redirect: 'manual' });
    },
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await emulator.close();
    },
  };
}
