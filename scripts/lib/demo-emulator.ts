// The demo's QuickBooks: the local emulator on QBO_EMULATOR_URL's port (started here unless one
// already answers there), with our app registered for the OAuth redirect.
import type { QboSettings } from '../../config/fragments';
import { createQboEmulator } from '../../qbo-emulator/server';

export type DemoEmulator = {
  url: string;
  startedHere: boolean;
  stop: () => Promise<void>;
  control: (method: string, path: string, body?: unknown) => Promise<Response>;
};

export async function ensureDemoEmulator(qbo: QboSettings, timeScale: number): Promise<DemoEmulator> {
  const url = qbo.emulatorUrl.replace(/\/$/, '');
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${url}/__emulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  let stop = async () => {};
  let startedHere = false;
  const answering = await fetch(`${url}/__emulator/health`).then(
    (r) => r.ok,
    () => false,
  );
  if (!answering) {
    const emulator = createQboEmulator({ timeScale });
    const { port, hostname } = new URL(url);
    await emulator.listen(Number(port || 80), hostname);
    stop = () => emulator.close();
    startedHere = true;
  } else {
    await control('PUT', '/limits', { timeScale });
  }
  await control('POST', '/clients', {
    clientId: qbo.clientId,
    clientSecret: qbo.clientSecret,
    redirectUris: [qbo.redirectUri],
  });
  return { url, startedHere, stop, control };
}
