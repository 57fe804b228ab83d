// An API wired to a QBO emulator over real HTTP (both in-process, on free ports: the stack
// launcher's, scripts/lib/stack), plus the browser's part of the OAuth dance: follow the consent
// redirect back to our callback.
import type { Client } from '@temporalio/client';
import type { QboServices } from '../../../activities/qbo/services';
import type { ApiConfig } from '../../../api/config';
import { createLogger } from '../../../config/logger';
import type { Database } from '../../../db/client';
import type { QboEmulator } from '../../../qbo-emulator/server';
import type { EmulatorOptionsInput } from '../../../qbo-emulator/options';
import {
  launchStack,
  type QboOptions,
  type Stack,
  type StackOptions,
} from '../../../scripts/lib/stack/launch';

export const API_TOKEN = 'integration-api-token-0123456789';
export const CLIENT = { clientId: 'test-client', clientSecret: 'test-secret' };

/** The kind of company a test realm is (the emulator's `POST /__emulator/realms` options). */
export type RealmOptions = {
  /** CompanyInfo.Country; default US. */
  country?: string;
  automatedSalesTax?: boolean;
  /** Preferences.CurrencyPrefs.MultiCurrencyEnabled; default false. */
  multicurrency?: boolean;
  /** Preferences.CurrencyPrefs.HomeCurrency; default USD. */
  homeCurrency?: string;
};

export type QboStack = {
  apiUrl: string;
  emulatorUrl: string;
  emulator: QboEmulator;
  config: ApiConfig;
  qbo: QboServices;
  /** fetch against the API with the bearer token. */
  api: (path: string, init?: RequestInit) => Promise<Response>;
  control: (method: string, path: string, body?: unknown) => Promise<Response>;
  createRealm: (companyName: string, options?: RealmOptions) => Promise<string>;
  /** Runs the whole consent flow; returns the callback's response. */
  connect: (tenantId: string, options?: { realmId?: string }) => Promise<Response>;
  close: () => Promise<void>;
};

export type QboStackOptions = QboOptions & {
  /** Added to the API's environment (e.g. HOOK_SECRET, TEMPORAL_TASK_QUEUE). */
  env?: NodeJS.ProcessEnv;
};

export async function startQboStack(
  db: Database,
  temporal: Client,
  emulatorOptions: EmulatorOptionsInput = {},
  options: QboStackOptions = {},
): Promise<QboStack> {
  return qboStackOf(
    await launchStack(testStackOptions({ db }, { client: temporal }, emulatorOptions, options)),
  );
}

/** The stack launcher's options for a test: the run's Temporal server and database, the API and an emulator. */
export function testStackOptions(
  database: { db: Database; url?: string; embedded?: boolean },
  temporal: { client: Client; address?: string },
  emulatorOptions: EmulatorOptionsInput,
  options: QboStackOptions,
): StackOptions {
  return {
    env: { API_TOKEN, ...options.env },
    temporal: { kind: 'existing', ...temporal },
    database: { kind: 'shared', ...database },
    emulator: { options: emulatorOptions },
    oauthClient: CLIENT,
    qbo: {
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
      ...(options.transientRetries ? { transientRetries: options.transientRetries } : {}),
    },
    api: { host: '127.0.0.1', log: createLogger('api-test', 'error') },
  };
}

/** The test's view of a launched stack. */
export function qboStackOf(stack: Stack): QboStack {
  const emulator = stack.emulator?.server;
  if (!stack.emulator || !emulator) throw new Error('the test stack runs an emulator of its own');
  const { apiUrl } = stack;
  const { control } = stack.emulator;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${apiUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${API_TOKEN}`, ...(init.headers as Record<string, string>) },
    });
  return {
    apiUrl,
    emulatorUrl: stack.emulator.url,
    emulator,
    config: stack.config,
    qbo: stack.qbo,
    api,
    control,
    createRealm: async (companyName, options = {}) => {
      const res = await control('POST', '/realms', { companyName, ...options });
      if (res.status !== 201) throw new Error(`create realm: ${res.status} ${await res.text()}`);
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
    close: stack.stop,
  };
}
