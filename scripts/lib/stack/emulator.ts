// The stack's QuickBooks: the local QBO emulator, in this process on a free port, or at a fixed
// address (the demo's QBO_EMULATOR_URL: one already answering there is used, with its clock set
// to the stack's time scale). `register` lets our OAuth app redirect to the API's callback.
import { createQboEmulator, type QboEmulator } from '../../../qbo-emulator/server';
import type { EmulatorOptionsInput } from '../../../qbo-emulator/options';

export type EmulatorChoice = {
  /** A fixed address; default: a new emulator on a free port of 127.0.0.1. */
  url?: string;
  /** Its limits, time scale, fault dice ... */
  options?: EmulatorOptionsInput;
};

export type OAuthApp = { clientId: string; clientSecret: string; redirectUri: string };

export type StackEmulator = {
  url: string;
  startedHere: boolean;
  /** The emulator itself, when this stack runs it. */
  server: QboEmulator | null;
  /** Calls its control API (`/__emulator/...`). */
  control: (method: string, path: string, body?: unknown) => Promise<Response>;
  register: (app: OAuthApp) => Promise<void>;
  stop: () => Promise<void>;
};

export async function startStackEmulator(choice: EmulatorChoice): Promise<StackEmulator> {
  const options = choice.options ?? {};
  let server: QboEmulator | null = null;
  let url: string;
  if (choice.url === undefined) {
    server = createQboEmulator(options);
    url = (await server.listen(0)).url;
  } else {
    url = choice.url.replace(/\/$/, '');
    if (!(await answers(url))) {
      server = createQboEmulator(options);
      const { port, hostname } = new URL(url);
      await server.listen(Number(port || 80), hostname);
    }
  }
  const control = emulatorControl(url);
  if (!server && options.timeScale !== undefined)
    await control('PUT', '/limits', { timeScale: options.timeScale });
  const running = server;
  return {
    url,
    startedHere: running !== null,
    server: running,
    control,
    register: async (app) => {
      await control('POST', '/clients', {
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        redirectUris: [app.redirectUri],
      });
    },
    stop: () => running?.close() ?? Promise.resolve(),
  };
}

const answers = (url: string) =>
  fetch(`${url}/__emulator/health`).then(
    (r) => r.ok,
    () => false,
  );

function emulatorControl(url: string): StackEmulator['control'] {
  return (method, path, body) =>
    fetch(`${url}/__emulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}
