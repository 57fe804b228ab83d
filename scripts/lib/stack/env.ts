// The services' environment in a stack: the caller's base plus where the stack's parts answer.
// The API's configuration is loaded from it, and child-process workers run with it.
import type { StackDatabase } from './database';
import type { StackEmulator } from './emulator';
import type { StackTemporal } from './temporal';

export type StackEnvParts = {
  temporal: StackTemporal;
  database: StackDatabase;
  emulator: StackEmulator | null;
  api: { url: string; port: number };
  taskQueue?: string;
  oauthClient?: { clientId: string; clientSecret: string };
};

export function stackEnv(base: NodeJS.ProcessEnv, parts: StackEnvParts): NodeJS.ProcessEnv {
  const { temporal, database, emulator, api, taskQueue, oauthClient } = parts;
  return {
    ...base,
    NODE_ENV: 'development',
    ...(database.serverUrl ? { DATABASE_URL: database.serverUrl } : {}),
    ...(temporal.address
      ? { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace }
      : {}),
    ...(taskQueue ? { TEMPORAL_TASK_QUEUE: taskQueue } : {}),
    ...(emulator ? { QBO_ENVIRONMENT: 'emulator', QBO_EMULATOR_URL: emulator.url } : {}),
    ...(oauthClient
      ? { QBO_CLIENT_ID: oauthClient.clientId, QBO_CLIENT_SECRET: oauthClient.clientSecret }
      : {}),
    QBO_REDIRECT_URI: `${api.url}/api/v1/qbo/callback`,
    PORT: String(api.port),
  };
}
