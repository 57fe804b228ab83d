// The demo against a real Intuit sandbox company (Intuit keys in the environment): the checks and
// choices it makes that the emulator path does not need. Pure functions, plus one best-effort
// browser launcher.
import { spawn } from 'node:child_process';

/** Where the API serves Intuit's redirect (api/routes/qbo-callback.ts under /api/v1). */
export const CALLBACK_PATH = '/api/v1/qbo/callback';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type RedirectCheck =
  | { ok: true; /** Set when the URI is not on this machine: it must still reach the API. */ note?: string }
  | { ok: false; problem: string };

/**
 * Checks that Intuit's redirect (QBO_REDIRECT_URI) lands on the API this demo runs on port `port`:
 * the callback path, and, for a local URI, the same port over plain HTTP. A public URI (a tunnel
 * or proxy) cannot be checked from here; the answer says what it must forward to.
 */
export function checkRedirectUri(redirectUri: string, port: number): RedirectCheck {
  const url = new URL(redirectUri);
  const api = `http://localhost:${port}${CALLBACK_PATH}`;
  if (url.pathname !== CALLBACK_PATH)
    return {
      ok: false,
      problem: `QBO_REDIRECT_URI (${redirectUri}) must end in ${CALLBACK_PATH}, where the API serves Intuit's redirect.`,
    };
  if (LOCAL_HOSTS.has(url.hostname)) {
    if (url.protocol !== 'http:')
      return {
        ok: false,
        problem: `QBO_REDIRECT_URI (${redirectUri}) is local but not http://: the API serves plain HTTP on port ${port}. Use ${api}, or a public HTTPS tunnel to it.`,
      };
    const uriPort = Number(url.port || 80);
    if (uriPort !== port)
      return {
        ok: false,
        problem: `QBO_REDIRECT_URI (${redirectUri}) points at port ${uriPort} but the API listens on PORT=${port}: set PORT=${uriPort}, or register and set ${api}.`,
      };
    return { ok: true };
  }
  return {
    ok: true,
    note: `QBO_REDIRECT_URI is not on this machine: it must forward to the API at ${api}.`,
  };
}

/** What the user registers with Intuit, printed when the callback does not arrive. */
export function intuitRegistrationHelp(redirectUri: string, port: number): string {
  return [
    'In the Intuit developer portal (https://developer.intuit.com → My Apps → your app), check:',
    `  • Keys and credentials → Development: QBO_CLIENT_ID / QBO_CLIENT_SECRET are these keys;`,
    `  • Settings → Redirect URIs → Development: this URI is listed, character for character:`,
    `        ${redirectUri}`,
    `  • the browser that consents can reach it (the API listens on http://localhost:${port}).`,
    'Then run the demo again.',
  ].join('\n');
}

type CashAccount = { id: string; name: string; type: string; subType: string | null };

/**
 * The refund account for a company: its Bank account "Checking" (every sandbox company has one),
 * else any checking Bank account, else any Bank account, else the first cash-based account.
 */
export function chooseRefundAccount<A extends CashAccount>(accounts: readonly A[]): A | undefined {
  const bank = accounts.filter((a) => a.type === 'Bank');
  return (
    bank.find((a) => a.name === 'Checking') ??
    bank.find((a) => a.subType === 'Checking') ??
    bank[0] ??
    accounts[0]
  );
}

/**
 * Opens `url` in the user's browser when this machine seems to have one (macOS `open`, Windows
 * `start`, Linux `xdg-open` under a graphical session). Never throws: resolves to how it was
 * opened, or null.
 */
export function openInBrowser(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<string | null> {
  const command: [string, string[]] | null =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
        : env.DISPLAY || env.WAYLAND_DISPLAY
          ? ['xdg-open', [url]]
          : null;
  if (!command) return Promise.resolve(null);
  return new Promise((resolve) => {
    try {
      const child = spawn(command[0], command[1], { stdio: 'ignore', detached: true });
      child.once('error', () => resolve(null));
      child.once('spawn', () => {
        child.unref();
        resolve(command[0]);
      });
    } catch {
      resolve(null);
    }
  });
}
