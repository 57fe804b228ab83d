// What the demo runs against, from its options and the environment: the API and worker
// configuration, the emulator or an Intuit sandbox company (Intuit keys in the environment),
// the tenant's size and the time scale. Exits with the reason when the environment cannot work.
import { loadApiConfig, type ApiConfig } from '../../../api/config';
import { ConfigError } from '../../../config/load';
import { loadWorkerConfig, type WorkerConfig } from '../../../worker/config';
import { checkRedirectUri } from '../demo-sandbox';
import type { DemoArgs } from './args';

export type DemoPlan = {
  api: ApiConfig;
  worker: WorkerConfig;
  /** Intuit keys in the environment: a real sandbox company, through the browser consent. */
  sandbox: boolean;
  /** Intuit's real limits (a sandbox not stood in for by the emulator): no time scale. */
  realIntuit: boolean;
  /**
   * Where the management page link points: the redirect URI's own origin when it is this API (so
   * the page's session cookie reaches the callback, which then returns to the page), else the API.
   */
  pageOrigin: string | null;
  size: NonNullable<DemoArgs['size']>;
  timeScale: number;
};

function loadConfigs(): { api: ApiConfig; worker: WorkerConfig } {
  try {
    const api = loadApiConfig();
    const worker = loadWorkerConfig();
    // The demo's own output is the summary; the API logs only warnings unless LOG_LEVEL says otherwise.
    return { api: process.env.LOG_LEVEL ? api : { ...api, logLevel: 'warn' }, worker };
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

export function loadDemoPlan(args: DemoArgs): DemoPlan {
  const { api, worker } = loadConfigs();
  if (api.qbo.environment === 'production') {
    console.error(
      'The demo writes generated BPro records to the QuickBooks company it connects: it runs against the local emulator or an Intuit sandbox company, never QBO_ENVIRONMENT=production.',
    );
    process.exit(1);
  }
  const sandbox = api.qbo.environment === 'sandbox';
  let pageOrigin: string | null = null;
  if (sandbox) {
    const redirect = checkRedirectUri(api.qbo.redirectUri, api.port);
    if (!redirect.ok) {
      console.error(redirect.problem);
      process.exit(1);
    }
    if (redirect.note) console.log(redirect.note);
    else pageOrigin = new URL(api.qbo.redirectUri).origin;
  }
  // Intuit's limits run on real time; only the emulator's clock can be sped up (also when it stands
  // in for Intuit under QBO_TEST_INTUIT_BASE_URL, with the emulator's clock set to match).
  const realIntuit = sandbox && !api.qbo.testIntuitBaseUrl;
  return {
    api,
    worker,
    sandbox,
    realIntuit,
    pageOrigin,
    // A sandbox company is real and keeps what the demo writes: a small tenant unless asked otherwise.
    size: args.size ?? (sandbox ? 'tiny' : 'small'),
    timeScale: realIntuit ? 1 : (args['time-scale'] ?? (sandbox ? 1 : 20)),
  };
}
